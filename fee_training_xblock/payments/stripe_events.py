"""Stripe events the plugin applies: what a verified body must look like, and one handler per event type.

Handlers run inside the delivery's transaction (payments.webhooks): each returns a
short outcome text for the audit row. Intent events are checked against Stripe's
current state, so a late or out-of-order delivery cannot undo a refund or a success.

`payment_intent.succeeded` is the hot one (the browser closed mid-payment): it reads
the payment with its row lock, whether this event was seen before and the payer's
grant row in one statement, so a first delivery costs six (BEGIN, that read, the
grant, the payment marked paid with its receipt, the audit row, COMMIT).
"""
import json
import logging

from django.db import transaction
from django.db.models import CharField, DateTimeField, OuterRef, Subquery
from django.utils import timezone

from fee_training_xblock import compat
from fee_training_xblock.core import discounts, ledger, products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.prepared import PreparedQuery
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.models import Payment, WebhookEvent
from fee_training_xblock.payments.stripe_gateway import get_gateway

log = logging.getLogger(__name__)

#: {event type: (handler(event_object, gateway, delivery) -> outcome, whether it reads the delivery's state itself)}
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


def on(event_type, reads_delivery=False):
    """Register the decorated function(event_object, gateway, delivery) -> outcome text for a Stripe event type.

    `reads_delivery`: the handler learns whether the event was seen before from its own
    locking read (delivery.known); otherwise the engine reads it first (delivery.load).
    A handler that finds the delivery a duplicate returns before writing anything.
    """
    def register(func):
        HANDLERS[event_type] = (func, reads_delivery)
        return func
    return register


#: The payment columns a delivery reads (verification, fulfilment, receipt, events). The others (the timestamps, the
#: checkout slot, refund ids) are only written, or read after a fresh read (refunds): left out, the locking read costs
#: a third less. A test counts the statements of a delivery, so a column read here by mistake would show.
DELIVERY_COLUMNS = ("status", "payer_key", "payer_email", "product_type", "product_id", "course_key", "usage_key",
                    "title", "method", "payment_intent_id", "capture_id", "discount_minor", "amount_minor", "currency",
                    "promo_code", "refunded_minor")
# The payment of an intent, locked, with this event's audit status and the payer's grant row: one statement.
_LOCKED_FOR_EVENT = PreparedQuery(Payment, lambda intent_id, event_id, now: Payment.objects.select_for_update().filter(
    payment_intent_id=intent_id).only(*DELIVERY_COLUMNS).annotate(
    event_status=Subquery(WebhookEvent.objects.filter(event_id=event_id).values("status")[:1]),
    **ledger.grant_state_columns(OuterRef("product_id"), OuterRef("payer_key"), now)),
    fields=(CharField(), CharField(), DateTimeField()))


def locked_for_event(intent_id, delivery):
    """The intent's payment row, locked until the delivery's transaction ends, with what the delivery needs, or None.

    Tells `delivery` whether its event was processed before (or failed), so a duplicate
    stops here; carries the payer's grant row (ledger.known_grant) for the fulfilment.
    """
    payment = _LOCKED_FOR_EVENT.first(intent_id, delivery.event_id, timezone.now())
    if payment is not None:
        delivery.known(payment.event_status)
    return payment


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


@on("payment_intent.succeeded", reads_delivery=True)
def _on_intent_succeeded(obj, gateway, delivery):
    """The browser may have closed mid-payment: verify with Stripe and fulfil."""
    intent_id = _text(obj, "id")
    if not intent_id:
        raise MalformedEvent("the intent has no id")
    gateway = gateway or get_gateway()
    intent = gateway.retrieve_intent(intent_id)  # before any lock: a network call must not hold a row
    payment = locked_for_event(intent.id, delivery)
    if payment is None:
        delivery.load()
        if delivery.duplicate:
            return None
        payment, why = _payment_from_metadata(intent)
        if payment is None:
            return why
        payment = locked_for_event(intent.id, delivery)
    if delivery.duplicate:
        return None
    if payment.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
        return f"already {payment.status}"
    try:
        fulfilment.verify(payment, intent)
        # The payer's grant was read with the locked row: a duplicate is refunded under that lock.
        if fulfilment.is_duplicate(payment) and fulfilment.refund_duplicate(payment, gateway):
            return "refunded: the learner already had access"
        delivered = fulfilment.fulfil(payment, compat.publish_from_webhook, gateway, locked=True)
        return "fulfilled" if delivered else "already paid"
    except PaymentError as err:
        # Retrying cannot help (Stripe would resend for days): answer 200 and leave it to staff.
        log.error("Stripe payment %s not fulfilled: %s", payment.payment_intent_id, err.message)
        return f"not fulfilled: {err.message}"


@on("payment_intent.payment_failed")
def _on_intent_failed(obj, gateway, delivery):  # pylint: disable=unused-argument
    """Record why a card failed; a payment that later succeeded is left alone, its promo hold kept."""
    error = obj.get("last_payment_error") or {}
    message = str((error.get("message") if isinstance(error, dict) else "") or "payment failed")[:255]
    changed = Payment.objects.note_failure(_text(obj, "id"), message)
    # The hold stays: the payer may retry the same intent with another card. It is freed when
    # the attempt is closed or cancelled, or when it lapses (PROMO_HOLD_MINUTES).
    return "failure recorded" if changed else "no pending payment"


@on("payment_intent.canceled")
def _on_intent_canceled(obj, gateway, delivery):  # pylint: disable=unused-argument
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
def _on_charge_refunded(obj, gateway, delivery):  # pylint: disable=unused-argument
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
