"""Card payment use cases: start and confirm a payment, fulfil it, handle webhooks, refund.

No XBlock imports: the block's handlers, the webhook view and the admin call
these with plain values. The amount always comes from
`services.quote_for_learner`; `fulfil` is the only place where a verified
payment becomes access. Stripe is reached through payments/stripe_gateway.py.
"""
import hashlib
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from fee_training_xblock import compat
from fee_training_xblock.promos import redemptions as promos
from fee_training_xblock.payments import receipts
from fee_training_xblock.core import ledger as services
from fee_training_xblock.subscriptions import sales as subscription_sales
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent
from fee_training_xblock.payments.stripe_gateway import get_gateway

log = logging.getLogger(__name__)

# Stripe statuses in which an unpaid intent can still take a card.
REUSABLE_STATUSES = ("requires_payment_method", "requires_confirmation")


@dataclass(frozen=True)
class PaymentStep:
    """Where a payment stands after a handler call: 'paid' or 'needs_authentication'."""

    status: str
    payment: Payment
    client_secret: str = ""


def _ref_of(payment):
    """The BlockRef a payment was made for."""
    return services.BlockRef(course_key=payment.course_key, usage_key=payment.usage_key)


def _idempotency_key(*parts):
    """A stable Stripe idempotency key for the same logical request."""
    return "fee-training-" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def start_payment(ref, user_key, email, block_settings, card_token, promo_code=None, gateway=None, publish=None,
                  purpose=Payment.PURPOSE_ACCESS):
    """Charge the learner's card (a Stripe.js token) for the block's server-computed price.

    A learner has at most one open checkout per block: double clicks, two
    tabs and a retry after a failed 3-D Secure step share its PaymentIntent,
    and the card is charged with that row locked, so only one charge can
    happen. Returns a PaymentStep: 'paid' (access granted) or
    'needs_authentication' (the browser runs 3-D Secure, then calls
    confirm_payment). A declined card raises PaymentError and grants nothing.
    `purpose` says what is bought: block access, or a subscription (see fulfil).
    """
    if not (card_token or "").strip():
        raise PaymentError("Enter your card details first.", field="card")
    if services.has_access(ref.usage_key, user_key):
        raise PaymentError("You already have access to this content; you have not been charged again.")
    if purpose != Payment.PURPOSE_ACCESS and (promo_code or "").strip():
        raise PaymentError("Promo codes cannot be used to buy a subscription.", field="promo_code")
    quote = services.quote_for_learner(block_settings, ref, user_key, promo_code)
    if quote.is_free:
        raise PaymentError("There is nothing to pay for this content.")
    gateway = gateway or get_gateway()
    for _attempt in range(2):
        payment = _open_checkout(ref, user_key, email, block_settings, quote, gateway, purpose)
        if quote.promo_code:
            # Reserve one use of the code for this attempt (under the code's row lock) before
            # charging; fulfil confirms it, _close and the failure webhooks release it.
            promos.hold_redemption(block_settings, ref, user_key, quote.promo_code,
                                   reference=payment.payment_intent_id)
        payment, intent = _charge_open_checkout(payment, card_token.strip(), gateway)
        if intent is not None:
            break
    else:
        raise PaymentError("Another payment for this content is in progress. Reload the page and try again.")
    if intent.needs_authentication:
        return PaymentStep("needs_authentication", payment, intent.client_secret)
    if intent.succeeded:
        return PaymentStep("paid", confirm_payment(ref, user_key, payment.payment_intent_id, gateway, publish))
    _close(payment, Payment.STATUS_FAILED, f"ended as {intent.status}")
    raise PaymentError(
        "The payment did not go through ({status}). No money was taken; please try again.", status=intent.status,
    )


def _charge_open_checkout(payment, card_token, gateway):
    """Charge the card on the open checkout, with its row locked; returns (payment, intent).

    An intent still waiting for 3-D Secure belongs to an abandoned attempt
    (the tab was closed) or another tab: it is cancelled, so it can never be
    charged as well, and (payment, None) asks the caller for a fresh checkout.
    """
    declined = None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == Payment.STATUS_PAID:
            raise PaymentError("You already have access to this content; you have not been charged again.")
        if payment.status != Payment.STATUS_PENDING:
            raise PaymentError("This payment attempt has ended. No money was taken; please try again.")
        intent = gateway.retrieve_intent(payment.payment_intent_id)
        if intent.needs_authentication:
            try:
                gateway.cancel_intent(payment.payment_intent_id)
            except PaymentError:
                intent = gateway.retrieve_intent(payment.payment_intent_id)  # authenticated meanwhile?
            else:
                _close(payment, Payment.STATUS_FAILED, "3-D Secure not completed; replaced by a new attempt")
                return payment, None
        elif intent.status in REUSABLE_STATUSES:
            try:
                intent = gateway.pay_with_card_token(payment.payment_intent_id, card_token)
            except PaymentError as err:
                declined = err
                _close(payment, Payment.STATUS_FAILED, err.message)
    if declined is not None:
        raise declined
    return payment, intent


def _slot(ref, user_key, purpose=Payment.PURPOSE_ACCESS):
    """The open-checkout key of a learner, block and purpose."""
    return _idempotency_key("checkout", purpose, ref.usage_key, user_key)


def _close(payment, status, message=""):
    """Settle a pending payment (paid, failed, refunded) and free the learner's checkout slot."""
    closed = Payment.objects.filter(pk=payment.pk, status=Payment.STATUS_PENDING).update(
        status=status, failure_message=message[:255], open_checkout=None, updated=timezone.now())
    if closed and status != Payment.STATUS_PAID:
        _release_promo_hold(payment)


def _release_promo_hold(payment):
    """Give back the promo-code use held for this payment attempt (it will never be paid)."""
    if payment is not None and payment.promo_code:
        promos.release_redemption(_ref_of(payment), payment.user_key, payment.promo_code,
                                  reference=payment.payment_intent_id)


def _open_checkout(ref, user_key, email, block_settings, quote, gateway, purpose=Payment.PURPOSE_ACCESS):
    """The learner's open payment for this price, or a new PaymentIntent and pending row."""
    slot = _slot(ref, user_key, purpose)
    payment = Payment.objects.filter(open_checkout=slot).first()
    wanted = (quote.total.minor, quote.total.currency, quote.promo_code or "")
    if payment is not None and (payment.amount_minor, payment.currency, payment.promo_code) != wanted:
        _retire_checkout(payment, gateway)
        payment = None
    if payment is not None:
        return payment
    attempt = Payment.objects.filter(usage_key=ref.usage_key, user_key=str(user_key)).count()
    metadata = {
        "course_key": ref.course_key, "usage_key": ref.usage_key, "user_key": str(user_key),
        "purpose": purpose, "fee_minor": str(quote.fee.minor),
        "discount_minor": str(quote.discount.minor), "promo_code": quote.promo_code or "",
    }
    key = _idempotency_key(ref.usage_key, user_key, quote.total.minor, quote.total.currency, attempt,
                           *([purpose] if purpose != Payment.PURPOSE_ACCESS else []))
    intent = gateway.create_intent(quote.total.minor, quote.total.currency, metadata, key)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                payment_intent_id=intent.id, open_checkout=slot,
                course_key=ref.course_key, usage_key=ref.usage_key, user_key=str(user_key),
                user_email=email or "", title=block_settings.display_name[:255],
                fee_minor=quote.fee.minor, discount_minor=quote.discount.minor,
                amount_minor=quote.total.minor, currency=quote.total.currency, promo_code=quote.promo_code or "",
                purpose=purpose,
            )
    except IntegrityError:
        # Another tab opened the checkout first: use its intent (ours is never charged).
        payment = Payment.objects.filter(open_checkout=slot).first()
        if payment is None:
            raise PaymentError("Another payment for this content just finished or failed. Reload the page.") from None
        return payment
    log.info("PaymentIntent %s created for %s, user %s", intent.id, ref.usage_key, user_key)
    return payment


def _retire_checkout(payment, gateway):
    """Close an open checkout whose price or promo code no longer applies, so it can never be charged too.

    Its intent is cancelled; if the learner paid it meanwhile (a 3-D Secure
    step finished in another tab), it is fulfilled instead and the new attempt
    is refused, so the learner is never charged twice.
    """
    intent = gateway.retrieve_intent(payment.payment_intent_id)
    if not intent.succeeded and intent.status != "canceled":
        try:
            gateway.cancel_intent(payment.payment_intent_id)
        except PaymentError:
            intent = gateway.retrieve_intent(payment.payment_intent_id)  # paid meanwhile?
    if intent.succeeded:
        verify_intent(payment, intent)
        fulfil(payment)
        raise PaymentError("You already paid for this content in another tab; you have not been charged again.")
    _close(payment, Payment.STATUS_FAILED, "the price or promo code changed before payment")


def _refund_duplicate(payment, gateway):
    """Refund a succeeded payment for content the learner already has (another payment or grant came first)."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
            return locked
        refund = gateway.refund(locked.payment_intent_id, idempotency_key=_idempotency_key("refund", locked.pk))
        locked.status, locked.refunded_minor, locked.refund_id = Payment.STATUS_REFUNDED, refund.amount, refund.id
        locked.open_checkout, locked.failure_message = None, "refunded: the learner already had access"
        locked.save(update_fields=["status", "refunded_minor", "refund_id", "open_checkout", "failure_message",
                                   "updated"])
        _release_promo_hold(locked)
    receipts.send_refund_notice(locked, locked.title or "Paid content")
    log.warning("Payment %s refunded: user %s already had access to %s", locked.payment_intent_id,
                locked.user_key, locked.usage_key)
    return locked


def _is_duplicate(payment):
    """True when an unsettled access payment succeeded for content the learner already has."""
    return (
        payment.status not in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED)
        and payment.purpose == Payment.PURPOSE_ACCESS
        and services.has_access(payment.usage_key, payment.user_key)
    )


def verify_intent(payment, intent):
    """Raise PaymentError unless Stripe's intent matches our ledger row and was paid and not refunded."""
    meta = intent.metadata
    if (
        intent.id != payment.payment_intent_id
        or meta.get("usage_key") != payment.usage_key
        or meta.get("user_key") != payment.user_key
    ):
        raise PaymentError("This payment belongs to someone else or to other content.")
    if intent.amount != payment.amount_minor or intent.currency != payment.currency.upper():
        raise PaymentError("The amount paid does not match the price. Please contact the course team.")
    if payment.status == Payment.STATUS_REFUNDED or intent.amount_refunded >= intent.amount:
        raise PaymentError("This payment was refunded, so it no longer gives access.")
    if not intent.succeeded:
        reason = intent.failure_message or "it was not completed"
        raise PaymentError("The payment did not go through: {reason}. No money was taken; please try again.",
                           reason=reason.rstrip("."))


def confirm_payment(ref, user_key, payment_intent_id, gateway=None, publish=None):
    """Verify with Stripe that the learner's own intent for this block succeeded, then fulfil it.

    Returns the paid Payment. Someone else's intent, another block's, a failed
    or refunded one raise PaymentError and change nothing.
    """
    payment = Payment.objects.filter(payment_intent_id=str(payment_intent_id or "")).first()
    if payment is None or payment.usage_key != ref.usage_key or payment.user_key != str(user_key):
        raise PaymentError("This payment belongs to someone else or to other content.")
    gateway = gateway or get_gateway()
    intent = gateway.retrieve_intent(payment.payment_intent_id)
    verify_intent(payment, intent)
    if _is_duplicate(payment):
        _refund_duplicate(payment, gateway)
        raise PaymentError("You already had access to this content, so this payment was refunded in full.")
    fulfil(payment, publish)
    payment.refresh_from_db()
    return payment


def fulfil(payment, publish=None):
    """Turn a verified, succeeded payment into access, a receipt and a tracking event. Idempotent.

    The only place where a card payment grants access; both the confirm
    handler and the webhook call it. Returns True when this call did the work.
    `publish(event_name, data)`, when given, sends the tracking event.
    """
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == Payment.STATUS_REFUNDED:
            raise PaymentError("This payment was refunded, so it no longer gives access.")
        if locked.status == Payment.STATUS_PAID:
            return False
        locked.status, locked.paid_at, locked.failure_message = Payment.STATUS_PAID, timezone.now(), ""
        locked.open_checkout = None
        locked.save(update_fields=["status", "paid_at", "failure_message", "open_checkout", "updated"])
        if locked.purpose == subscription_sales.PURPOSE_SUBSCRIPTION:
            # A bought subscription: the learner's next visit starts the course as a subscriber.
            subscription_sales.fulfil_subscription_purchase(locked)
        else:
            services.grant_access(_ref_of(locked), locked.user_key, via=AccessGrant.VIA_PAYMENT,
                                  reference=locked.payment_intent_id)
        redemption = None
        if locked.promo_code:  # the code's use counts now that access is granted
            redemption = promos.confirm_redemption(_ref_of(locked), locked.user_key, locked.promo_code,
                                                   reference=locked.payment_intent_id)
    if receipts.send_receipt(locked, locked.title or "Paid content"):
        Payment.objects.filter(pk=locked.pk).update(receipt_sent_at=timezone.now())
    data = {"payment_intent": locked.payment_intent_id, "user_key": locked.user_key,
            "amount_minor": locked.amount_minor, "currency": locked.currency}
    if publish:
        publish("payment.succeeded", data)
        if redemption is not None:
            publish("promo.redeemed", promos.redemption_event(redemption, via="payment"))
    log.info("Payment %s fulfilled: access granted to user %s", locked.payment_intent_id, locked.user_key)
    return True


def payment_behind(grant):
    """The paid payment an AccessGrant came from, or None (no query for grants made another way)."""
    if grant is None or grant.via != AccessGrant.VIA_PAYMENT:
        return None
    return Payment.objects.filter(payment_intent_id=grant.reference, status=Payment.STATUS_PAID).first()


def paid_payment(usage_key, user_key):
    """The learner's latest paid (not refunded) payment for a block, or None."""
    return (
        Payment.objects.filter(usage_key=str(usage_key), user_key=str(user_key), status=Payment.STATUS_PAID)
        .order_by("-paid_at", "-id").first()
    )


def refund_payment(payment, by, gateway=None):
    """Refund a paid payment in full: Stripe refund, ledger updated, access revoked, learner emailed.

    Does not wait for a refund webhook (localstripe sends none). If Stripe
    refuses or cannot be reached, nothing in the ledger changes.
    """
    gateway = gateway or get_gateway()
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != Payment.STATUS_PAID:
            raise PaymentError("Only a paid payment can be refunded (this one is {status}).", status=locked.status)
        refund = gateway.refund(locked.payment_intent_id, idempotency_key=_idempotency_key("refund", locked.pk))
        _settle_refund(locked, refund.amount, refund.id, f"refunded by {by} ({refund.id})")
    receipts.send_refund_notice(locked, locked.title or "Paid content")
    log.info("Payment %s refunded by %s", locked.payment_intent_id, by)
    return locked


def _settle_refund(payment, amount_minor, refund_id, reason):
    """Record a refund of a locked payment: ledger, access, promo use and bought subscription.

    Runs inside the caller's transaction; the caller tells the learner.
    """
    payment.status, payment.refunded_minor, payment.refund_id = Payment.STATUS_REFUNDED, amount_minor, refund_id
    payment.open_checkout = None
    payment.save(update_fields=["status", "refunded_minor", "refund_id", "open_checkout", "updated"])
    if payment.purpose == Payment.PURPOSE_ACCESS:
        services.revoke_access(payment.usage_key, payment.user_key, reason)
    # A refunded subscription only ends the subscription: assignments already made stay billed and open.
    promos.return_refunded_use(_ref_of(payment), payment.user_key, payment.promo_code, payment.payment_intent_id)
    subscription_sales.end_refunded_subscription(payment)


def handle_webhook_event(event, gateway=None):
    """Apply a verified Stripe event once; returns a short outcome text.

    The event id is stored in the same transaction as the change, so a
    duplicate changes nothing and a failure lets Stripe deliver it again.
    Intent events are checked against Stripe's current state, so a late or
    out-of-order delivery cannot undo a refund or a success.
    """
    event_id, event_type = event.get("id", ""), event.get("type", "")
    obj = (event.get("data") or {}).get("object") or {}
    if WebhookEvent.objects.filter(event_id=event_id).exists():
        return "duplicate"
    handler = {
        "payment_intent.succeeded": _on_intent_succeeded,
        "payment_intent.payment_failed": _on_intent_failed,
        "payment_intent.canceled": _on_intent_canceled,
        "charge.refunded": _on_charge_refunded,
    }.get(event_type)
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(
                event_id=event_id, event_type=event_type, object_id=str(obj.get("id", "")),
                livemode=bool(event.get("livemode")),
            )
            outcome = handler(obj, gateway) if handler else "ignored"
            record.outcome = outcome[:255]
            record.save(update_fields=["outcome"])
    except IntegrityError:
        return "duplicate"
    log.info("Webhook %s (%s): %s", event_id, event_type, outcome)
    return outcome


def _payment_from_metadata(intent):
    """A ledger row for an intent we made but never recorded (e.g. the server failed mid-payment)."""
    meta = intent.metadata
    if meta.get("purpose", Payment.PURPOSE_ACCESS) != Payment.PURPOSE_ACCESS or not meta.get("usage_key"):
        return None
    payment, _ = Payment.objects.get_or_create(
        payment_intent_id=intent.id,
        defaults={
            "course_key": meta.get("course_key", ""), "usage_key": meta["usage_key"],
            "user_key": meta.get("user_key", ""), "fee_minor": int(meta.get("fee_minor") or intent.amount),
            "discount_minor": int(meta.get("discount_minor") or 0), "amount_minor": intent.amount,
            "currency": intent.currency, "promo_code": meta.get("promo_code", ""),
        },
    )
    return payment


def _on_intent_succeeded(obj, gateway):
    """The browser may have closed mid-payment: verify with Stripe and fulfil."""
    intent = (gateway or get_gateway()).retrieve_intent(obj["id"])
    payment = Payment.objects.filter(payment_intent_id=intent.id).first() or _payment_from_metadata(intent)
    if payment is None:
        return "not ours"
    if payment.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
        return f"already {payment.status}"
    try:
        verify_intent(payment, intent)
        if _is_duplicate(payment):
            _refund_duplicate(payment, gateway or get_gateway())
            return "refunded: the learner already had access"
        return "fulfilled" if fulfil(payment, compat.publish_from_webhook) else "already paid"
    except PaymentError as err:
        # Retrying cannot help (Stripe would resend for days): answer 200 and leave it to staff.
        log.error("Stripe payment %s not fulfilled: %s", payment.payment_intent_id, err.message)
        return f"not fulfilled: {err.message}"


def _on_intent_failed(obj, gateway):  # pylint: disable=unused-argument
    """Record why a card failed; a payment that later succeeded is left alone, its promo hold kept."""
    error = obj.get("last_payment_error") or {}
    message = (error.get("message") or "payment failed")[:255]
    changed = Payment.objects.filter(
        payment_intent_id=obj.get("id", ""), status=Payment.STATUS_PENDING,
    ).update(failure_message=message)
    # The hold stays: the learner may retry the same intent with another card. It is freed when
    # the attempt is closed or cancelled, or when it lapses (PROMO_HOLD_MINUTES).
    return "failure recorded" if changed else "no pending payment"


def _on_intent_canceled(obj, gateway):  # pylint: disable=unused-argument
    """A cancelled intent will never be paid: free the promo-code use held for it."""
    payment = Payment.objects.filter(payment_intent_id=obj.get("id", "")).exclude(status=Payment.STATUS_PAID).first()
    _release_promo_hold(payment)
    return "promo hold released" if payment is not None and payment.promo_code else "nothing held"


def _on_charge_refunded(obj, gateway):  # pylint: disable=unused-argument
    """A refund made outside the block (Stripe dashboard): a full one revokes access, a partial one is recorded."""
    payment = Payment.objects.select_for_update().filter(payment_intent_id=obj.get("payment_intent") or "").first()
    if payment is None:
        return "not ours"
    if payment.status == Payment.STATUS_REFUNDED:
        return "already refunded"
    refunded = int(obj.get("amount_refunded") or 0)
    if refunded < payment.amount_minor:
        # A partial (goodwill) refund: the learner keeps what they still paid for.
        Payment.objects.filter(pk=payment.pk).update(refunded_minor=refunded, updated=timezone.now())
        return "partially refunded"
    refund_id = ((obj.get("refunds") or {}).get("data") or [{}])[0].get("id", "")
    _settle_refund(payment, refunded, refund_id or payment.refund_id, "refunded in Stripe")
    transaction.on_commit(lambda: receipts.send_refund_notice(payment, payment.title or "Paid content"))
    return "refunded"
