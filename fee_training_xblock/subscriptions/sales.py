"""Selling subscriptions by card: the offer in a course, and what a paid or refunded purchase does.

`SubscriptionProduct` is registered in core.products as "subscription"; its
product id is the SubscriptionProfile's id, so a payment says exactly which
profile was bought, whatever happens to the profile's price or name later.
"""
import logging

from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.core import products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.products import Offer
from fee_training_xblock.subscriptions.models import Subscription, SubscriptionProfile
from fee_training_xblock.subscriptions.subscribing import create_subscription

log = logging.getLogger(__name__)

PRODUCT_TYPE = "subscription"


def offered_profile(course_key):
    """The subscription a learner can buy in this course's blocks: the cheapest active profile on sale, or None."""
    return (
        SubscriptionProfile.objects.filter(courses__course_key=str(course_key), active=True,
                                           sale_price_minor__isnull=False)
        .order_by("sale_price_minor", "name").first()
    )


def offer_for(profile, ref):
    """The Offer of `profile` at its sale price, sold in the block `ref` (promo codes do not apply)."""
    return Offer(
        product_type=PRODUCT_TYPE, product_id=str(profile.pk),
        title=gettext("Subscription: {name}").format(name=profile.name),
        fee=Money(int(profile.sale_price_minor), profile.currency),
        course_key=ref.course_key, usage_key=ref.usage_key, discountable=False,
    )


class SubscriptionProduct(products.Product):
    """A bought subscription: a paid payment creates it, a full refund ends it."""

    type = PRODUCT_TYPE
    refund_summary = (_("Payment refunded and the subscription ended: no new course can be started with it. "
                      "Courses already started stay open until their access period ends{until}."))
    refund_notice = (_("Your subscription has ended: you cannot start new courses with it. Courses you already started "
                     "stay open until their access period ends{until}."))

    def already_owned(self, payment, now=None):
        """The payer has a running subscription to the same profile (a second purchase would be a duplicate)."""
        now = now or timezone.now()
        return Subscription.objects.filter(profile_id=int(payment.product_id or 0), user_key=str(payment.payer_key),
                                           starts_at__lte=now, ends_at__gt=now).exists()

    def may_buy_again(self, payment):
        """A subscription runs out: once it has ended, the learner may buy it again."""
        return True

    def current_price(self, product_id, course_key, usage_key):
        """The profile's sale price, or None when it is not on sale (then an unrecorded intent is left to staff)."""
        profile = SubscriptionProfile.objects.filter(pk=int(product_id) if str(product_id).isdigit() else 0).first()
        if profile is None or profile.sale_price_minor is None:
            return None
        return Money(int(profile.sale_price_minor), profile.currency)

    def refund_details(self, payment):
        """Until when assignments started with the refunded subscription stay open (' (the last on DATE)')."""
        from fee_training_xblock.subscriptions.models import CourseAssignment  # pylint: disable=import-outside-toplevel
        last = (CourseAssignment.objects.filter(subscription__payment_reference=payment.payment_intent_id,
                                                expires_at__gt=timezone.now())
                .order_by("-expires_at").values_list("expires_at", flat=True).first())
        # A clause of the summary and the notice, in the language they are written in (the caller's).
        return {"until": gettext(" (the last on {date})").format(date=f"{last:%Y-%m-%d}") if last else ""}

    def fulfil(self, payment, now=None):
        """Create the Subscription the payment bought (under the payment's row lock).

        The learner gets the profile they were offered and paid for, even if staff
        changed its sale price or stopped selling it while they were paying. Only a
        profile deleted mid-payment leaves nothing to create: that refuses the
        fulfilment with a message for the learner and an error for staff.
        """
        profile = SubscriptionProfile.objects.filter(pk=int(payment.product_id or 0)).first()
        if profile is None:
            log.error("Paid subscription %s: profile %s no longer exists; no subscription created",
                      payment.payment_intent_id, payment.product_id)
            raise PaymentError(_("The subscription you paid for is no longer offered. Please contact the course team; "
                               "your payment reference is {reference}."), reference=payment.payment_intent_id)
        sub, _created = create_subscription(
            profile, payment.payer_key, now or payment.paid_at or timezone.now(),
            source=Subscription.SOURCE_PURCHASE, payment_reference=payment.payment_intent_id,
        )
        log.info("Subscription %s (%s) bought by user %s with %s", sub.pk, profile.name, payment.payer_key,
                 payment.payment_intent_id)
        return sub

    def on_refund(self, payment, reason, now=None):
        """A refunded purchase ends the subscription it bought now (no new assignments).

        Assignments already created keep their access and stay billed: they were
        billable events when created.
        """
        now = now or timezone.now()
        changed = Subscription.objects.filter(payment_reference=payment.payment_intent_id).end_now(now)
        if changed:
            log.info("Subscription bought with %s ended by its refund (%s)", payment.payment_intent_id, reason)
        return changed


def register():
    """Make subscriptions sellable through the payment core."""
    products.register(SubscriptionProduct())
