"""Rules checked before any money moves, for cards and PayPal alike: no card-testing oracle, no second charge.

- Failed payments (declined cards, unusable card tokens, failed 3-D Secure; PayPal
  approvals that are declined, whose funding source PayPal refuses, or that the payer
  cancels) count per payer and per client address; past the limit nothing reaches
  Stripe or PayPal until the lockout ends (issue 14, item 2).
- A payer who paid for a product and no longer has it (staff withdrew the access) is
  not charged again, whichever way they paid first (item 5), unless the product may
  be bought again (a subscription that ended).
"""
from datetime import UTC, datetime

from fee_training_xblock.conf import setting
from fee_training_xblock.core import ratelimit
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.payments.models import Payment

ALREADY_PAID = _("You already have access to this content; you have not been charged again.")
PAID_BEFORE = (_("You already paid for this content (reference {reference}) and the course team has withdrawn your "
               "access. You have not been charged again: please contact the course team."))
CARD_LOCKOUT = (_("Too many card payments failed. For your security, please wait and try again after {when}. "
                "No money was taken."))
PAYPAL_LOCKOUT = (_("Too many payments failed or were cancelled. For your security, please wait and try again after "
                  "{when}. No money was taken."))


class AlreadyOwned(PaymentError):
    """The payer already has what they are trying to buy: nothing is charged, the page should show it."""


class TooManyFailedPayments(PaymentError):
    """Too many failed payments from this payer or address: wait until `when`."""


FAILED_BY_PAYER = ratelimit.Limiter(
    "payment_failed", limit=lambda: setting("PAYMENT_MAX_FAILURES"),
    window=lambda: setting("PAYMENT_FAILURE_WINDOW"), lockout=lambda: setting("PAYMENT_LOCKOUT"))
FAILED_BY_ADDRESS = ratelimit.Limiter(
    "payment_failed_address", limit=lambda: setting("PAYMENT_MAX_FAILURES_PER_ADDRESS"),
    window=lambda: setting("PAYMENT_FAILURE_WINDOW"), lockout=lambda: setting("PAYMENT_LOCKOUT"))


def _throttle_keys(payer_key):
    return [(FAILED_BY_PAYER, str(payer_key)), (FAILED_BY_ADDRESS, ratelimit.client_address())]


def check_not_locked_out(payer_key, message=CARD_LOCKOUT, field="card"):
    """Raise TooManyFailedPayments while the payer or their client address is locked out."""
    until = ratelimit.locked_until_any(_throttle_keys(payer_key))
    if until:
        raise TooManyFailedPayments(message, field=field,
                                    when=datetime.fromtimestamp(until, tz=UTC).strftime("%Y-%m-%d %H:%M UTC"))


def record_failed_payment(payer_key):
    """Count one failed payment against the payer and their client address (none outside a request)."""
    for limiter, key in _throttle_keys(payer_key):
        if key:
            limiter.record_failure(key)


def refuse_paid_before(offer, payer, product):
    """Raise unless the payer may pay for the offer: AlreadyOwned while they own it, PAID_BEFORE after a withdrawal.

    Looks at the payer's paid payments for the same product in any way of paying, so a
    learner whose card payment was withdrawn is not charged again through PayPal.
    """
    paid = (Payment.objects.filter(status=Payment.STATUS_PAID, payer_key=str(payer.key),
                                   product_type=offer.product_type, product_id=str(offer.product_id),
                                   usage_key=str(offer.usage_key)).order_by("-paid_at", "-id").first())
    if paid is None:
        return
    if product.already_owned(paid):
        raise AlreadyOwned(ALREADY_PAID)
    if not product.may_buy_again(paid):
        raise PaymentError(PAID_BEFORE, reference=paid.reference)


def free_paid_slot(payment, product):
    """The paid payment holding a checkout slot: raise as refuse_paid_before does, or free the slot to buy again."""
    if product.already_owned(payment):
        raise AlreadyOwned(ALREADY_PAID)
    if not product.may_buy_again(payment):
        raise PaymentError(PAID_BEFORE, reference=payment.reference)
    payment.release_slot()
