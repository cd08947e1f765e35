"""The receipt of the payment behind an access grant, read in the grant's own query.

A learner who paid sees their receipt on every view. Reading the grant and then the
payment took two round trips; here the payment's receipt fields become columns of
the grant query (scalar subqueries on the unique PaymentIntent id), so the view of a
granted, paying learner costs one query.
"""
from django.db.models import OuterRef, Subquery

from fee_training_xblock.payments.models import Payment

#: What receipt.html shows, and the columns it needs.
RECEIPT_FIELDS = ("payment_intent_id", "amount_minor", "discount_minor", "currency", "paid_at", "created",
                  "refunded_minor", "payer_email", "receipt_sent_at")
PREFIX = "receipt_"
VIA_PAYMENT = "payment"


def receipt_columns():
    """Columns for core.ledger.active_grant: the paid payment whose intent id is the grant's reference."""
    paid = Payment.objects.filter(payment_intent_id=OuterRef("reference"), status=Payment.STATUS_PAID)
    return {PREFIX + name: Subquery(paid.values(name)[:1]) for name in RECEIPT_FIELDS}


def has_receipt_columns(grant):
    """True when `grant` was read with receipt_columns()."""
    return hasattr(grant, PREFIX + "payment_intent_id")


def payment_from(grant):
    """The paid payment behind `grant` as an unsaved Payment holding the receipt fields, or None.

    None for grants made another way (staff, code, subscription) and for a payment
    that is no longer paid (refunded), as fulfilment.payment_behind answers.
    """
    if grant is None or grant.via != VIA_PAYMENT or getattr(grant, PREFIX + "payment_intent_id", None) is None:
        return None
    return Payment(**{name: getattr(grant, PREFIX + name) for name in RECEIPT_FIELDS})
