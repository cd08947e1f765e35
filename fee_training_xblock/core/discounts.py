"""The seam through which the payment core applies discounts without knowing promo codes.

promos/ registers one provider at start-up. Payments call these functions with an
Offer or a DiscountClaim; with no provider registered, or no code typed, the full
price applies. A provider raises a DomainError to refuse a code (the learner sees
its message); `hold` must count against limits under a row lock so two attempts
can never both take the last use.
"""
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import DomainError, PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.pricing import make_quote

_provider = {}


class DiscountRefused(DomainError):
    """A discount a payment was priced with cannot be counted (e.g. a once-per-learner code already used).

    The payment must then not deliver at the discounted price: fulfilment refunds it.
    """


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
        raise PaymentError(_("Promo codes cannot be used for this purchase."), field="promo_code")
    if _current() is None:
        raise PaymentError(_("Promo codes are not available on this site."), field="promo_code")
    return _current().quote(offer, payer_key, code)


def hold(offer, payer_key, code, reference):
    """Reserve one use of `code` for the attempt `reference` before the card is charged."""
    if code and _current() is not None:
        _current().hold(offer, payer_key, code, reference)


def confirm(claim):
    """Count the use as the payment delivers; returns tracking data or None (no code).

    Raises DiscountRefused when the use cannot be counted: the caller must not deliver.
    """
    if not claim.code:
        return None
    if _current() is None:
        raise DiscountRefused(_("Promo codes are not available on this site."))
    return _current().confirm(claim)


def expected_quote(fee, course_key, usage_key, code):
    """The Quote the server charges for `fee` with `code` in a block, ignoring use limits; None if it cannot tell.

    For checking an amount after the fact (an intent the ledger never recorded):
    no rate limit, no counts, only the code's discount where its scope applies.
    """
    if not (code or "").strip():
        return make_quote(fee)
    if _current() is None:
        return None
    return _current().expected_quote(fee, course_key, usage_key, code)


def release(claim):
    """Give back the use held by an attempt that will never be paid."""
    if claim.code and _current() is not None:
        _current().release(claim)


def give_back(claim):
    """Return the use a refunded payment had confirmed (a use counts only while it gives access)."""
    if claim.code and _current() is not None:
        _current().give_back(claim)
