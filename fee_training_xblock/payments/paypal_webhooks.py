"""PayPal webhook events: each verified event applied once, every event audited, PayPal's current state trusted.

`handle_paypal_event` stores the event id first (a `WebhookEvent` row with provider
"paypal"), then runs the registered handler in its own transaction. A redelivered
processed event changes nothing; a failed one keeps its row with the error and runs
again when PayPal retries. Handlers ask PayPal for the order or refund as it is now,
so a late, out-of-order or replayed event cannot grant, deny or refund on its own word:

- CHECKOUT.ORDER.APPROVED: the buyer approved but the browser may have closed: capture and deliver.
- PAYMENT.CAPTURE.COMPLETED: a capture finished (also a pending one that cleared): deliver.
- PAYMENT.CAPTURE.DENIED: the capture was declined: the attempt ends, nothing is granted.
- PAYMENT.CAPTURE.REFUNDED: a refund made in PayPal: a full one takes back what was bought.
"""
import logging

from django.db import transaction

from fee_training_xblock import compat
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.payments import fulfilment, paypal_checkout
from fee_training_xblock.payments.models import Payment, WebhookEvent
from fee_training_xblock.payments.paypal_gateway import get_gateway

log = logging.getLogger(__name__)

PROVIDER = "paypal"
HANDLERS = {}


class MalformedPayPalEvent(ValueError):
    """A verified body that is not a PayPal event we can read (answered 400: PayPal never sends one)."""


def on(event_type):
    """Register the decorated function(resource, gateway) -> outcome text for a PayPal event type."""
    def register(func):
        HANDLERS[event_type] = func
        return func
    return register


def event_parts(event):
    """(event id, event type, resource) of a parsed event; MalformedPayPalEvent when it lacks them."""
    if not isinstance(event, dict):
        raise MalformedPayPalEvent("the body is not a JSON object")
    event_id, event_type, resource = event.get("id"), event.get("event_type"), event.get("resource")
    if not isinstance(event_id, str) or not event_id or len(event_id) > 255:
        raise MalformedPayPalEvent("the event has no id")
    if not isinstance(event_type, str) or not event_type:
        raise MalformedPayPalEvent("the event has no event_type")
    if not isinstance(resource, dict) or not isinstance(resource.get("id", ""), str):
        raise MalformedPayPalEvent("the event has no resource")
    return event_id, event_type, resource


def handle_paypal_event(event, gateway=None):
    """Apply a verified PayPal event once; returns a short outcome text.

    Raises the handler's error (after recording it on the audit row) so the view
    answers 503 and PayPal delivers the event again later.
    """
    event_id, event_type, resource = event_parts(event)
    record = WebhookEvent.objects.receive(PROVIDER, event_id, event_type, resource.get("id", ""))
    if record is None:
        return "duplicate"
    handler = HANDLERS.get(event_type)
    try:
        with transaction.atomic():
            WebhookEvent.objects.select_for_update().filter(pk=record.pk).first()  # one delivery at a time
            outcome = handler(resource, gateway or get_gateway()) if handler else "ignored"
    except Exception as err:
        WebhookEvent.objects.mark_failed(record.pk, f"{type(err).__name__}: {err}")
        raise
    WebhookEvent.objects.mark_processed(record.pk, outcome)
    log.info("PayPal webhook %s (%s): %s", event_id, event_type, outcome)
    return outcome


def _payment_of_order(order_id):
    """Our PayPal payment for an order id, or None."""
    return Payment.objects.filter(payment_intent_id=str(order_id or ""), method=Payment.METHOD_PAYPAL).first()


def _settle(payment, gateway):
    """Capture or read the capture, check it with PayPal and deliver; the outcome text."""
    if payment is None:
        return "not ours"
    if payment.status != Payment.STATUS_PENDING:
        return f"already {payment.status}"
    try:
        step = paypal_checkout.settle(payment, gateway, compat.publish_from_webhook)
    except PaymentError as err:
        # Retrying cannot help (PayPal would resend for days): answer 200 and leave it to staff.
        log.warning("PayPal payment %s not fulfilled: %s", payment.payment_intent_id, err.message)
        return f"not fulfilled: {err.message}"[:255]
    return {"paid": "fulfilled", "pending": "capture pending", "retry": "buyer must choose another funding source"}.get(
        step.status, step.status)


@on("CHECKOUT.ORDER.APPROVED")
def _on_order_approved(resource, gateway):
    """The buyer approved: capture now, so a learner whose browser closed still gets access."""
    return _settle(_payment_of_order(resource.get("id")), gateway)


def _payment_of_capture(resource, gateway):
    """Our payment for a capture resource: by its order id, or by the capture id we recorded."""
    related = (resource.get("supplementary_data") or {}).get("related_ids") or {}
    order_id = related.get("order_id") if isinstance(related, dict) else ""
    payment = _payment_of_order(order_id) if order_id else None
    if payment is None and resource.get("id"):
        payment = Payment.objects.filter(capture_id=resource["id"], method=Payment.METHOD_PAYPAL).first()
    if payment is None and resource.get("id"):
        payment = _payment_of_order(gateway.get_capture_order_id(resource["id"]))
    return payment


@on("PAYMENT.CAPTURE.COMPLETED")
def _on_capture_completed(resource, gateway):
    """A capture completed (also a pending one that cleared): check the order with PayPal and deliver."""
    return _settle(_payment_of_capture(resource, gateway), gateway)


@on("PAYMENT.CAPTURE.DENIED")
def _on_capture_denied(resource, gateway):
    """A capture was declined: settling reads PayPal's order, sees the declined capture and ends the attempt."""
    return _settle(_payment_of_capture(resource, gateway), gateway)


@on("PAYMENT.CAPTURE.REFUNDED")
def _on_capture_refunded(resource, gateway):
    """A refund made in PayPal: a full one takes back what was bought; a partial one is recorded."""
    refund = gateway.get_refund(resource.get("id", ""))
    payment = Payment.objects.select_for_update().filter(capture_id=refund.capture_id,
                                                         method=Payment.METHOD_PAYPAL).first()
    if payment is None and refund.capture_id:
        order_id = gateway.get_capture_order_id(refund.capture_id)
        payment = Payment.objects.select_for_update().filter(payment_intent_id=order_id,
                                                             method=Payment.METHOD_PAYPAL).first()
    if payment is None:
        return "not ours"
    # The capture's total refunded so far: events arriving out of order never lower what the ledger records.
    total = refund.total_refunded.minor if refund.total_refunded else 0
    if payment.status == Payment.STATUS_REFUNDED:
        payment.record_partial_refund(min(total, payment.amount_minor))
        return "already refunded"
    if payment.status != Payment.STATUS_PAID:
        return f"not paid ({payment.status})"
    if total < payment.amount_minor:
        # A partial (goodwill) refund: the payer keeps what they still paid for.
        payment.record_partial_refund(total)
        return "partially refunded"
    fulfilment.settle_refund(payment, payment.amount_minor, refund.id, "refunded in PayPal")
    transaction.on_commit(lambda: fulfilment.send_refund_notice(payment))
    return "refunded"
