"""The receipt of the payment behind an access grant, read in the grant's own query.

A learner who paid sees their receipt on every view. Reading the grant and then the
payment took two round trips; here the payment's receipt fields become columns of
the grant query (scalar subqueries on the unique PaymentIntent id), so the view of a
granted, paying learner costs one query.

The payment is one JSON column written as SQL text, not ORM Subquery objects:
resolving and compiling a subquery per field cost more than the whole rest of the
view (about three quarters of a locked learner's render, measured), while the text is
built once per process. Databases without a JSON object function we know fall back
to ORM subqueries (same answer, slower).
"""
import functools
import json
from datetime import UTC, datetime
from types import SimpleNamespace

from django.db import connection
from django.db.models import JSONField, OuterRef, Subquery
from django.db.models.expressions import RawSQL

from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.payments.models import Payment

#: What receipt.html shows, and the columns it needs.
RECEIPT_FIELDS = ("payment_intent_id", "capture_id", "method", "amount_minor", "discount_minor", "currency", "paid_at",
                  "created", "refunded_minor", "payer_email", "receipt_sent_at")
DATETIME_FIELDS = ("paid_at", "created", "receipt_sent_at")
COLUMN = "receipt_payment"
VIA_PAYMENT = "payment"
JSON_OBJECT_FUNCTIONS = {"mysql": "JSON_OBJECT", "sqlite": "JSON_OBJECT", "postgresql": "json_build_object"}


def receipt_columns():
    """Columns for core.ledger.active_grant: the paid payment whose intent id is the grant's reference."""
    return _receipt_columns(connection.vendor)


@functools.cache
def _receipt_columns(vendor):
    quote, function = connection.ops.quote_name, JSON_OBJECT_FUNCTIONS.get(vendor)
    if function is None:
        paid = Payment.objects.filter(payment_intent_id=OuterRef("reference"), status=Payment.STATUS_PAID)
        return {f"{COLUMN}__{name}": Subquery(paid.values(name)[:1]) for name in RECEIPT_FIELDS}
    pairs = ", ".join(f"'{name}', {quote(Payment._meta.get_field(name).column)}" for name in RECEIPT_FIELDS)
    sql = (f"SELECT {function}({pairs}) FROM {quote(Payment._meta.db_table)} WHERE {quote('payment_intent_id')} = "
           f"{quote(AccessGrant._meta.db_table)}.{quote('reference')} AND {quote('status')} = %s")  # unique id
    return {COLUMN: RawSQL(sql, [Payment.STATUS_PAID], output_field=JSONField())}


def has_receipt_columns(grant):
    """True when `grant` was read with receipt_columns()."""
    return hasattr(grant, COLUMN) or hasattr(grant, f"{COLUMN}__payment_intent_id")


def _aware(value):
    """A datetime from the JSON text of a database (naive means UTC, as Django stores it), or None."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ReceiptPayment(SimpleNamespace):
    """The receipt fields of a paid payment, read with its grant (what receipts.receipt_lines and receipt.html use)."""

    @property
    def reference(self):
        """The reference a payer quotes to support, as Payment.reference: the PayPal capture, else the attempt id."""
        return self.capture_id or self.payment_intent_id


def payment_from(grant):
    """The paid payment behind `grant` as a ReceiptPayment, or None.

    None for grants made another way (staff, code, subscription) and for a payment
    that is no longer paid (refunded), as fulfilment.payment_behind answers. A plain
    namespace, not a Payment: building a model instance cost a tenth of the view.
    """
    if grant is None or grant.via != VIA_PAYMENT:
        return None
    values = getattr(grant, COLUMN, None)
    if isinstance(values, str):  # a raw query hands the JSON column over as text
        values = json.loads(values)
    if values is None and hasattr(grant, f"{COLUMN}__payment_intent_id"):
        values = {name: getattr(grant, f"{COLUMN}__{name}") for name in RECEIPT_FIELDS}
    if not values or values.get("payment_intent_id") is None:
        return None
    return ReceiptPayment(**{name: _aware(values[name]) if name in DATETIME_FIELDS else values[name]
                             for name in RECEIPT_FIELDS})
