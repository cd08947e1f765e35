"""Read-only statements of the payment ledger for a capability's own reports (e.g. host reimbursement).

Product-agnostic: a capability names its product types and gets plain dicts, so it can
reconcile its records with what was actually charged without importing payments
(apps.py hands this reader to it).
"""
from fee_training_xblock.payments.models import Payment

FIELDS = ("payment_intent_id", "product_type", "product_id", "payer_key", "course_key", "amount_minor",
          "refunded_minor", "currency", "status", "paid_at")


def payments_of(product_types, paid_from, paid_until):
    """Payments of `product_types` paid in [paid_from, paid_until) that were paid (refunded ones included).

    Each is a dict of FIELDS, oldest first; `reference` repeats the PaymentIntent id.
    """
    rows = (Payment.objects.filter(product_type__in=list(product_types), paid_at__gte=paid_from,
                                   paid_at__lt=paid_until,
                                   status__in=[Payment.STATUS_PAID, Payment.STATUS_REFUNDED])
            .order_by("paid_at", "pk").values(*FIELDS))
    return [{**row, "reference": row["payment_intent_id"]} for row in rows]
