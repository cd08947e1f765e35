"""Selling subscriptions by card: the offer in a course, and what a paid or refunded purchase does.

checkout.py calls `fulfil_subscription_purchase` and `end_refunded_subscription` for
payments whose purpose is PURPOSE_SUBSCRIPTION; the block's card form uses
`offered_profile` and `offer_settings` to price the offer on the server.
"""
import logging

from django.utils import timezone

from fee_training_xblock.subscriptions.assignments import create_subscription
from fee_training_xblock.core.domain.block_settings import MODE_FEE, BlockSettings
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.models import Subscription, SubscriptionProfile

log = logging.getLogger(__name__)

PURPOSE_SUBSCRIPTION = "subscription"
SALE_TITLE_PREFIX = "Subscription: "


def offered_profile(course_key):
    """The subscription a learner can buy in this course's blocks: the cheapest active profile on sale, or None."""
    return (
        SubscriptionProfile.objects.filter(courses__course_key=str(course_key), active=True, sale_price_minor__isnull=False)
        .order_by("sale_price_minor", "name").first()
    )


def offer_settings(profile):
    """The profile's sale price as block-like settings, so the card checkout prices it on the server."""
    return BlockSettings(
        display_name=SALE_TITLE_PREFIX + profile.name,  # stored as the payment's title: what was sold
        fee=Money(int(profile.sale_price_minor), profile.currency),
        mode=MODE_FEE, benefit="",
    )


def profile_sold_in(payment):
    """The profile a subscription payment bought: the one its title names, as offered when the learner paid."""
    title = payment.title or ""
    if title.startswith(SALE_TITLE_PREFIX):
        profile = SubscriptionProfile.objects.filter(name=title[len(SALE_TITLE_PREFIX):]).first()
        if profile is not None:
            return profile
    profile = offered_profile(payment.course_key)
    # Without the name, only a profile on sale at exactly the price paid can be what was bought.
    if profile is not None and (profile.sale_price_minor, profile.currency) == (payment.amount_minor, payment.currency):
        return profile
    return None


def fulfil_subscription_purchase(payment, now=None):
    """Create the Subscription a verified card payment bought (called by checkout.fulfil, under its row lock).

    The learner gets what they were offered and paid for, even if staff changed
    the sale price or stopped selling the profile while they were paying. Only
    a profile deleted or renamed mid-payment leaves nothing to create; that is
    logged as an error for staff (refund, or create the subscription by hand).
    """
    profile = profile_sold_in(payment)
    if profile is None:
        log.error("Paid subscription %s: the profile sold (%s) no longer exists; no subscription created",
                  payment.payment_intent_id, payment.title)
        raise PaymentError("The subscription you paid for is no longer offered. Please contact the course team; "
                           "your payment reference is {reference}.", reference=payment.payment_intent_id)
    sub, _created = create_subscription(
        profile, payment.user_key, now or payment.paid_at or timezone.now(),
        source=Subscription.SOURCE_PURCHASE, payment_reference=payment.payment_intent_id,
    )
    log.info("Subscription %s (%s) bought by user %s with %s", sub.pk, profile.name, payment.user_key,
             payment.payment_intent_id)
    return sub


def end_refunded_subscription(payment, now=None):
    """A refunded purchase ends the subscription it bought now (no new assignments); returns rows changed.

    Assignments already created keep their access and stay billed: they were
    billable events when created.
    """
    if payment.purpose != PURPOSE_SUBSCRIPTION:
        return 0
    now = now or timezone.now()
    changed = Subscription.objects.filter(payment_reference=payment.payment_intent_id, ends_at__gt=now).update(ends_at=now)
    if changed:
        log.info("Subscription bought with %s ended by its refund", payment.payment_intent_id)
    return changed
