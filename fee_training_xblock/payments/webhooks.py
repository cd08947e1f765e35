"""Stripe webhook events: a registry of handlers, each event applied once, every event audited.

`handle_webhook_event` stores the event id first (the audit row), then runs the
registered handler in its own transaction. A redelivered processed event changes
nothing; a failed one keeps its row with the error and runs again when Stripe
retries. Intent events are checked against Stripe's current state, so a late or
out-of-order delivery cannot undo a refund or a success.
"""
import json
import logging

from django.db import IntegrityError, transaction

from fee_training_xblock import compat
from fee_training_xblock.core import discounts, products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.models import Payment, WebhookEvent
from fee_training_xblock.payments.stripe_gateway import get_gateway

log = logging.getLogger(__name__)

HANDLERS = {}


class MalformedEvent(ValueError):
    """A correctly signed event whose body is not what Stripe sends: answered 200 and ignored (never retried)."""


def parse_event(text):
    """The event dict of a verified webhook body; MalformedEvent unless it has Stripe's shape.

    An event is a JSON object with a text `id` and `type` and a `data.object` object;
    the object's `id`, when there, is text.
    """
    try:
        event = json.loads(text)
    except RecursionError:
        raise MalformedEvent("the JSON nests too deeply") from None
    except ValueError as err:
        raise MalformedEvent(f"not JSON ({err})") from None
    if not isinstance(event, dict):
        raise MalformedEvent("the body is not a JSON object")
    if not isinstance(event.get("id"), str) or not event["id"] or len(event["id"]) > 255:
        raise MalformedEvent("the event has no id")
    if not isinstance(event.get("type"), str) or not event["type"]:
        raise MalformedEvent("the event has no type")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise MalformedEvent("the event has no data.object")
    object_id = data["object"].get("id", "")
    if not isinstance(object_id, str) or len(object_id) > 255:
        raise MalformedEvent("the object id is not text")
    return event


def _text(obj, name):
    """A text attribute of an event object ('' when absent); MalformedEvent for another type."""
    value = obj.get(name) or ""
    if not isinstance(value, str):
        raise MalformedEvent(f"{name} is not text")
    return value


def _amount(obj, name):
    """A whole-number amount of an event object (0 when absent); MalformedEvent otherwise."""
    value = obj.get(name) or 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedEvent(f"{name} is not a whole number of minor units")
    return value


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
    record = _audit_row(event_id, event_type[:100], obj, bool(event.get("livemode")))
    if record is None:
        return "duplicate"
    handler = HANDLERS.get(event_type)
    try:
        with transaction.atomic():
            WebhookEvent.objects.select_for_update().filter(pk=record.pk).first()  # one delivery at a time
            outcome = handler(obj, gateway) if handler else "ignored"
    except MalformedEvent as err:
        # Stripe never sends this; retrying cannot help. Keep it for staff and answer 200.
        log.error("Stripe event %s (%s) ignored: %s", event_id, event_type, err)
        outcome = f"ignored: malformed event ({err})"
    except Exception as err:
        WebhookEvent.objects.mark_failed(record.pk, f"{type(err).__name__}: {err}")
        raise
    WebhookEvent.objects.mark_processed(record.pk, outcome)
    log.info("Webhook %s (%s): %s", event_id, event_type, outcome)
    return outcome


def _payment_from_metadata(intent):
    """A ledger row for an intent we made but never recorded (e.g. the server failed mid-payment).

    The metadata only says what the intent was for; what it must cost comes from the
    server: the registered product's current price with the named promo code. An
    intent for another amount, or one whose price this server cannot know (the
    product cannot say it here), gets no row and is left to staff (logged): it is
    never fulfilled on the metadata's word. Returns (payment or None, why not).
    """
    meta = intent.metadata
    if not meta.get("product_type") or not meta.get("usage_key") or not meta.get("payer_key"):
        return None, "not ours"
    try:
        product = products.get(meta["product_type"])
    except LookupError:
        return None, _left_to_staff(intent, f"unknown product type {meta['product_type']!r}")
    fee = product.current_price(meta.get("product_id", ""), meta.get("course_key", ""), meta["usage_key"])
    if fee is None:
        return None, _left_to_staff(intent, "the server cannot tell this product's price here")
    expected = discounts.expected_quote(fee, meta.get("course_key", ""), meta["usage_key"], meta.get("promo_code"))
    if expected is None:
        return None, _left_to_staff(intent, f"promo code {meta.get('promo_code')!r} cannot price it")
    if (intent.amount, intent.currency.upper()) != (expected.total.minor, expected.total.currency):
        return None, _left_to_staff(
            intent, f"charged {intent.amount} {intent.currency} but the price is {expected.total.minor} "
                    f"{expected.total.currency}")
    payment, _ = Payment.objects.get_or_create(
        payment_intent_id=intent.id,
        defaults={
            "payer_key": meta["payer_key"][:255], "product_type": meta["product_type"][:32],
            "product_id": meta.get("product_id", "")[:255], "course_key": meta.get("course_key", "")[:255],
            "usage_key": meta["usage_key"][:255], "fee_minor": expected.fee.minor,
            "discount_minor": expected.discount.minor, "amount_minor": expected.total.minor,
            "currency": expected.total.currency, "promo_code": expected.promo_code or "",
        },
    )
    return payment, ""


def _left_to_staff(intent, why):
    """Log an unrecorded intent that will not be fulfilled; the outcome text for the webhook audit row."""
    log.error("Stripe payment %s (%s %s, metadata %s) was never recorded and is not fulfilled: %s. "
              "Check it in Stripe and refund it or grant access by hand.", intent.id, intent.amount,
              intent.currency, intent.metadata, why)
    return f"not fulfilled, left to staff: unrecorded intent, {why}"


@on("payment_intent.succeeded")
def _on_intent_succeeded(obj, gateway):
    """The browser may have closed mid-payment: verify with Stripe and fulfil."""
    intent_id = _text(obj, "id")
    if not intent_id:
        raise MalformedEvent("the intent has no id")
    gateway = gateway or get_gateway()
    intent = gateway.retrieve_intent(intent_id)
    payment = Payment.objects.filter(payment_intent_id=intent.id).first()
    if payment is None:
        payment, why = _payment_from_metadata(intent)
        if payment is None:
            return why
    if payment.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
        return f"already {payment.status}"
    try:
        fulfilment.verify(payment, intent)
        if fulfilment.is_duplicate(payment) and fulfilment.refund_duplicate(payment, gateway):
            return "refunded: the learner already had access"
        return "fulfilled" if fulfilment.fulfil(payment, compat.publish_from_webhook, gateway) else "already paid"
    except PaymentError as err:
        # Retrying cannot help (Stripe would resend for days): answer 200 and leave it to staff.
        log.error("Stripe payment %s not fulfilled: %s", payment.payment_intent_id, err.message)
        return f"not fulfilled: {err.message}"


@on("payment_intent.payment_failed")
def _on_intent_failed(obj, gateway):  # pylint: disable=unused-argument
    """Record why a card failed; a payment that later succeeded is left alone, its promo hold kept."""
    error = obj.get("last_payment_error") or {}
    message = str((error.get("message") if isinstance(error, dict) else "") or "payment failed")[:255]
    changed = Payment.objects.note_failure(_text(obj, "id"), message)
    # The hold stays: the payer may retry the same intent with another card. It is freed when
    # the attempt is closed or cancelled, or when it lapses (PROMO_HOLD_MINUTES).
    return "failure recorded" if changed else "no pending payment"


@on("payment_intent.canceled")
def _on_intent_canceled(obj, gateway):  # pylint: disable=unused-argument
    """A cancelled intent will never be paid: close it, which frees the promo-code use held for it."""
    intent_id = _text(obj, "id")
    payment = Payment.objects.filter(payment_intent_id=intent_id).exclude(status=Payment.STATUS_PAID).first() \
        if intent_id else None
    if payment is None:
        return "nothing held"
    fulfilment.close(payment, Payment.STATUS_FAILED, "cancelled")
    discounts.release(fulfilment.claim_of(payment))  # also for an attempt closed earlier
    return "promo hold released" if payment.promo_code else "nothing held"


@on("charge.refunded")
def _on_charge_refunded(obj, gateway):  # pylint: disable=unused-argument
    """A refund made in Stripe's dashboard: a full one takes back what was bought, a partial one is recorded.

    `amount_refunded` is the charge's total refunded so far, so events arriving out of
    order never lower what the ledger records.
    """
    intent_id = _text(obj, "payment_intent")
    refunded = _amount(obj, "amount_refunded")
    refunds = obj.get("refunds") if isinstance(obj.get("refunds"), dict) else {}
    latest = (refunds.get("data") or [{}]) if isinstance(refunds.get("data") or [], list) else [{}]
    refund_id = latest[0].get("id", "") if isinstance(latest[0], dict) else ""
    payment = Payment.objects.select_for_update().filter(payment_intent_id=intent_id).first() if intent_id else None
    if payment is None:
        return "not ours"
    if payment.status == Payment.STATUS_REFUNDED:
        payment.record_partial_refund(min(refunded, payment.amount_minor))
        return "already refunded"
    if refunded < payment.amount_minor:
        # A partial (goodwill) refund: the payer keeps what they still paid for.
        payment.record_partial_refund(refunded)
        return "partially refunded"
    fulfilment.settle_refund(payment, payment.amount_minor, str(refund_id or payment.refund_id)[:255],
                             "refunded in Stripe")
    transaction.on_commit(lambda: fulfilment.send_refund_notice(payment))
    return "refunded"
