"""Selling subscriptions by card: the offer in a course, and what a paid or refunded purchase does.

checkout.py calls `fulfil_subscription_purchase` and `end_refunded_subscription` for
payments whose purpose is PURPOSE_SUBSCRIPTION; the block's card form uses
`offered_profile` and `offer_settings` to price the offer on the server.
"""
import logging

from django.utils import timezone

from .billing import create_subscription
from .domain.config import MODE_FEE, BlockSettings
from .domain.errors import PaymentError
from .domain.money import Money
from .models import Subscription, SubscriptionProfile

log = logging.getLogger(__name__)

PURPOSE_SUBSCRIPTION = "subscription"


def offered_profile(course_key):
    """The subscription a learner can buy in this course's blocks: the cheapest active profile on sale, or None."""
    return (
        SubscriptionProfile.objects.filter(courses__course_key=str(course_key), active=True, sale_price_minor__isnull=False)
        .order_by("sale_price_minor", "name").first()
    )


def offer_settings(profile):
    """The profile's sale price as block-like settings, so the card checkout prices it on the server."""
    return BlockSettings(
        display_name=f"Subscription: {profile.name}"[:200],
        fee=Money(int(profile.sale_price_minor), profile.currency),
        mode=MODE_FEE, benefit="",
    )


def fulfil_subscription_purchase(payment, now=None):
    """Create the Subscription a verified card payment bought (called by checkout.fulfil, under its row lock).

    The profile is the one offered in the payment's course; its sale price must
    still be what was paid, otherwise nothing is created and staff must act
    (refund or create the subscription by hand), which is logged as an error.
    """
    profile = offered_profile(payment.course_key)
    if profile is None or (profile.sale_price_minor, profile.currency) != (payment.amount_minor, payment.currency):
        log.error("Paid subscription %s does not match the profile on sale in %s: no subscription created",
                  payment.payment_intent_id, payment.course_key)
        raise PaymentError("The subscription's price changed during your payment. Please contact the course team; "
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
