"""Stripe webhook events: a registry of handlers, each event applied once, every event audited.

`handle_webhook_event` stores the event id first (the audit row), then runs the
registered handler in its own transaction. A redelivered processed event changes
nothing; a failed one keeps its row with the error and runs again when Stripe
retries. Intent events are checked against Stripe's current state, so a late or
out-of-order delivery cannot undo a refund or a success.
"""
import logging

from django.db import IntegrityError, transaction

from fee_training_xblock import compat
from fee_training_xblock.core import discounts
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.payments import fulfilment, receipts
from fee_training_xblock.payments.models import Payment, WebhookEvent
from fee_training_xblock.payments.stripe_gateway import get_gateway

log = logging.getLogger(__name__)

HANDLERS = {}


def on(event_type):
    """Register the decorated function(event_object, gateway) -> outcome text for a Stripe event type."""
    def register(func):
        HANDLERS[event_type] = func
        return func
    return register


def _audit_row(event_id, event_type, obj, livemode):
    """The event's audit row, locked; None when this event was already processed."""
    try:
        with transaction.atomic():
            return WebhookEvent.objects.create(event_id=event_id, event_type=event_type,
                                               object_id=str(obj.get("id", "")), livemode=livemode, outcome="received")
    except IntegrityError:
        row = WebhookEvent.objects.get(event_id=event_id)
        if row.status == WebhookEvent.STATUS_PROCESSED:
            return None
        WebhookEvent.objects.count_attempt(row.pk)
        return row


def handle_webhook_event(event, gateway=None):
    """Apply a verified Stripe event once; returns a short outcome text.

    Raises the handler's error (after recording it on the audit row) so the view
    answers 503 and Stripe delivers the event again later.
    """
    event_id, event_type = event.get("id", ""), event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    record = _audit_row(event_id, event_type, obj, bool(event.get("livemode")))
    if record is None:
        return "duplicate"
    handler = HANDLERS.get(event_type)
    try:
        with transaction.atomic():
            WebhookEvent.objects.select_for_update().filter(pk=record.pk).first()  # one delivery at a time
            outcome = handler(obj, gateway) if handler else "ignored"
    except Exception as err:
        WebhookEvent.objects.mark_failed(record.pk, f"{type(err).__name__}: {err}")
        raise
    WebhookEvent.objects.mark_processed(record.pk, outcome)
    log.info("Webhook %s (%s): %s", event_id, event_type, outcome)
    return outcome


def _payment_from_metadata(intent):
    """A ledger row for an intent we made but never recorded (e.g. the server failed mid-payment)."""
    meta = intent.metadata
    if not meta.get("product_type") or not meta.get("usage_key") or not meta.get("payer_key"):
        return None
    payment, _ = Payment.objects.get_or_create(
        payment_intent_id=intent.id,
        defaults={
            "payer_key": meta["payer_key"], "product_type": meta["product_type"],
            "product_id": meta.get("product_id", ""), "course_key": meta.get("course_key", ""),
            "usage_key": meta["usage_key"], "fee_minor": int(meta.get("fee_minor") or intent.amount),
            "discount_minor": int(meta.get("discount_minor") or 0), "amount_minor": intent.amount,
            "currency": intent.currency, "promo_code": meta.get("promo_code", ""),
        },
    )
    return payment


@on("payment_intent.succeeded")
def _on_intent_succeeded(obj, gateway):
    """The browser may have closed mid-payment: verify with Stripe and fulfil."""
    gateway = gateway or get_gateway()
    intent = gateway.retrieve_intent(obj["id"])
    payment = Payment.objects.filter(payment_intent_id=intent.id).first() or _payment_from_metadata(intent)
    if payment is None:
        return "not ours"
    if payment.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
        return f"already {payment.status}"
    try:
        fulfilment.verify(payment, intent)
        if fulfilment.is_duplicate(payment) and fulfilment.refund_duplicate(payment, gateway):
            return "refunded: the learner already had access"
        return "fulfilled" if fulfilment.fulfil(payment, compat.publish_from_webhook) else "already paid"
    except PaymentError as err:
        # Retrying cannot help (Stripe would resend for days): answer 200 and leave it to staff.
        log.error("Stripe payment %s not fulfilled: %s", payment.payment_intent_id, err.message)
        return f"not fulfilled: {err.message}"


@on("payment_intent.payment_failed")
def _on_intent_failed(obj, gateway):  # pylint: disable=unused-argument
    """Record why a card failed; a payment that later succeeded is left alone, its promo hold kept."""
    error = obj.get("last_payment_error") or {}
    message = (error.get("message") or "payment failed")[:255]
    changed = Payment.objects.note_failure(obj.get("id", ""), message)
    # The hold stays: the payer may retry the same intent with another card. It is freed when
    # the attempt is closed or cancelled, or when it lapses (PROMO_HOLD_MINUTES).
    return "failure recorded" if changed else "no pending payment"


@on("payment_intent.canceled")
def _on_intent_canceled(obj, gateway):  # pylint: disable=unused-argument
    """A cancelled intent will never be paid: close it, which frees the promo-code use held for it."""
    payment = Payment.objects.filter(payment_intent_id=obj.get("id", "")).exclude(status=Payment.STATUS_PAID).first()
    if payment is None:
        return "nothing held"
    fulfilment.close(payment, Payment.STATUS_FAILED, "cancelled")
    discounts.release(fulfilment.claim_of(payment))  # also for an attempt closed earlier
    return "promo hold released" if payment.promo_code else "nothing held"


@on("charge.refunded")
def _on_charge_refunded(obj, gateway):  # pylint: disable=unused-argument
    """A refund made in Stripe's dashboard: a full one takes back what was bought, a partial one is recorded."""
    payment = Payment.objects.select_for_update().filter(payment_intent_id=obj.get("payment_intent") or "").first()
    if payment is None:
        return "not ours"
    if payment.status == Payment.STATUS_REFUNDED:
        return "already refunded"
    refunded = int(obj.get("amount_refunded") or 0)
    if refunded < payment.amount_minor:
        # A partial (goodwill) refund: the payer keeps what they still paid for.
        payment.record_partial_refund(refunded)
        return "partially refunded"
    refund_id = ((obj.get("refunds") or {}).get("data") or [{}])[0].get("id", "")
    fulfilment.settle_refund(payment, refunded, refund_id or payment.refund_id, "refunded in Stripe")
    transaction.on_commit(lambda: receipts.send_refund_notice(payment))
    return "refunded"
