"""The seam through which the payment core applies discounts without knowing promo codes.

promos/ registers one provider at start-up. Payments call these functions with an
Offer or a DiscountClaim; with no provider registered, or no code typed, the full
price applies. A provider raises a DomainError to refuse a code (the learner sees
its message); `hold` must count against limits under a row lock so two attempts
can never both take the last use.
"""
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.pricing import make_quote

_provider = {}


@dataclass(frozen=True)
class DiscountClaim:
    """A code used (or about to be used) by a payer for a payment attempt (`reference`)."""

    code: str
    payer_key: str
    course_key: str
    usage_key: str
    reference: str


def register_provider(provider):
    """Install the discount provider (promos.provider.PromoCodes)."""
    _provider["current"] = provider


def _current():
    return _provider.get("current")


def quote(offer, payer_key, code):
    """The Quote this payer pays for `offer` with `code` (full price without a code)."""
    if not (code or "").strip():
        return make_quote(offer.fee)
    if not offer.discountable:
        raise PaymentError("Promo codes cannot be used for this purchase.", field="promo_code")
    if _current() is None:
        raise PaymentError("Promo codes are not available on this site.", field="promo_code")
    return _current().quote(offer, payer_key, code)


def hold(offer, payer_key, code, reference):
    """Reserve one use of `code` for the attempt `reference` before the card is charged."""
    if code and _current() is not None:
        _current().hold(offer, payer_key, code, reference)


def confirm(claim):
    """Count the use now that the payment gave what it bought; returns tracking data or None."""
    return _current().confirm(claim) if claim.code and _current() is not None else None


def release(claim):
    """Give back the use held by an attempt that will never be paid."""
    if claim.code and _current() is not None:
        _current().release(claim)


def give_back(claim):
    """Return the use a refunded payment had confirmed (a use counts only while it gives access)."""
    if claim.code and _current() is not None:
        _current().give_back(claim)
