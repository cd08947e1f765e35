"""Payment rules on plain values: what Stripe tells us, and when a payment counts as verified.

No Django, no stripe: the Stripe adapter turns Stripe objects into IntentInfo and
RefundInfo, and checkout/fulfilment check them with `check_intent` before any access
is granted.
"""
import hashlib
from dataclasses import dataclass, field

from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _

# Stripe statuses in which an unpaid intent can still take a card.
REUSABLE_STATUSES = ("requires_payment_method", "requires_confirmation")


@dataclass(frozen=True)
class IntentInfo:
    """What we need to know about a PaymentIntent."""

    id: str
    status: str
    amount: int
    currency: str
    metadata: dict = field(default_factory=dict)
    client_secret: str = ""
    amount_refunded: int = 0
    failure_message: str = ""

    @property
    def succeeded(self):
        """True when the money was taken."""
        return self.status == "succeeded"

    @property
    def needs_authentication(self):
        """True when the cardholder must complete 3-D Secure in the browser."""
        return self.status == "requires_action"


@dataclass(frozen=True)
class RefundInfo:
    """A refund Stripe created."""

    id: str
    amount: int
    status: str


def idempotency_key(*parts):
    """A stable Stripe idempotency key for the same logical request."""
    return "fee-training-" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def intent_metadata(payer_key, product_type, product_id, course_key, usage_key, quote):
    """The metadata every PaymentIntent carries: who pays for what, where, and how the price was made."""
    return {
        "payer_key": str(payer_key), "product_type": product_type, "product_id": str(product_id),
        "course_key": str(course_key), "usage_key": str(usage_key), "fee_minor": str(quote.fee.minor),
        "discount_minor": str(quote.discount.minor), "promo_code": quote.promo_code or "",
    }


def check_intent(intent, intent_id, payer_key, product_id, amount_minor, currency, refunded=False):
    """Raise PaymentError unless Stripe's intent is ours, for this payer and product, paid in full and not refunded."""
    meta = intent.metadata
    if (intent.id != intent_id or meta.get("payer_key") != str(payer_key)
            or meta.get("product_id") != str(product_id)):
        raise PaymentError(_("This payment belongs to someone else or to other content."))
    if intent.amount != amount_minor or intent.currency != currency.upper():
        raise PaymentError(_("The amount paid does not match the price. Please contact the course team."))
    if refunded or intent.amount_refunded >= intent.amount:
        raise PaymentError(_("This payment was refunded, so it no longer gives access."))
    if not intent.succeeded:
        # Stripe's own wording (intent.failure_message) is for the logs, not for learners.
        raise PaymentError(_("The payment was not completed: your bank did not confirm it. No money was taken; "
                           "please try again or use another card."))
