"""What happens when money moves: a verified payment is fulfilled, a refund takes back what it bought.

`fulfil` is the only place where a paid payment delivers anything: it marks the
payment paid, lets the registered Product deliver (block access, a subscription,
...), counts the promo-code use, emails the receipt (after the commit) and announces
`payment_succeeded`. `refund_payment` and `settle_refund` are its mirror image.
"""
import logging

from django.db import transaction
from django.utils import timezone

from fee_training_xblock.core import discounts, i18n, products, signals
from fee_training_xblock.core.discounts import DiscountClaim, DiscountRefused
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.payments import receipts, tasks
from fee_training_xblock.payments.domain import check_intent, idempotency_key
from fee_training_xblock.payments.gateways import gateway_for
from fee_training_xblock.payments.models import Payment

log = logging.getLogger(__name__)

REFUNDED = _("This payment was refunded, so it no longer gives access.")
PROVIDER_NAMES = {Payment.METHOD_CARD: "Stripe", Payment.METHOD_PAYPAL: "PayPal"}  # brand names stay as they are
DISCOUNT_REFUSED = (_("Promo code {code} was already used by another purchase, so this payment was refunded in full "
                    "and nothing was bought. You can pay the full price or use another code."))


def claim_of(payment):
    """The promo-code claim a payment made (its code may be empty)."""
    return DiscountClaim(code=payment.promo_code, payer_key=payment.payer_key, course_key=payment.course_key,
                         usage_key=payment.usage_key, reference=payment.payment_intent_id)


def verify(payment, intent):
    """Raise PaymentError unless Stripe's intent matches the ledger row, was paid in full and not refunded."""
    check_intent(intent, payment.payment_intent_id, payment.payer_key, payment.product_id, payment.amount_minor,
                 payment.currency, refunded=payment.status == Payment.STATUS_REFUNDED)


def close(payment, status, message=""):
    """Settle a pending attempt (failed, cancelled) and free its checkout slot and promo hold."""
    if Payment.objects.close_pending(payment.pk, status, message) and status != Payment.STATUS_PAID:
        discounts.release(claim_of(payment))


def is_duplicate(payment):
    """True when an unsettled payment succeeded for something the payer already has."""
    return (payment.status not in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED)
            and products.get(payment.product_type).already_owned(payment))


def fulfil(payment, publish=None, gateway=None, locked=False):
    """Turn a verified, succeeded payment into what it bought, a receipt and events. Idempotent.

    Both the confirm handler and the webhook call it. Returns True when this call
    did the work. `publish(event_name, data)`, when given, sends tracking events.
    A promo-code use that cannot be counted (e.g. the learner's once-per-learner code
    was used in another tab) delivers nothing: the payment is refunded in full and
    PaymentError says so, so no discount is ever given twice.

    `locked`: the caller already holds `payment`'s row lock in its transaction (the
    webhook reads it so). Then the row is not read again, and when there is nothing to
    undo on a refusal (no promo code, a product that delivers in one write) no savepoint
    is taken either: a first webhook delivery writes the grant and the paid payment and
    nothing else.
    """
    product = products.get(payment.product_type)
    try:
        if locked and not payment.promo_code and product.atomic_delivery:
            delivered, redeemed = _deliver(payment, product)
        else:
            with transaction.atomic():  # a refused promo-code use undoes the delivery made before it
                if not locked:
                    payment = Payment.objects.select_for_update().get(pk=payment.pk)
                delivered, redeemed = _deliver(payment, product)
    except DiscountRefused as err:
        refund_unconfirmed_discount(payment, err, gateway or gateway_for(payment))
        raise PaymentError(DISCOUNT_REFUSED, code=payment.promo_code) from err
    if not delivered:
        return False
    signals.payment_succeeded.send(sender=Payment, payment=payment)
    if publish:
        publish("payment.succeeded", {"payment_intent": payment.payment_intent_id, "user_key": payment.payer_key,
                                      "product_type": payment.product_type, "product_id": payment.product_id,
                                      "amount_minor": payment.amount_minor, "currency": payment.currency})
        if redeemed is not None:
            publish("promo.redeemed", redeemed)
    log.info("Payment %s fulfilled: %s %s for payer %s", payment.payment_intent_id, payment.product_type,
             payment.product_id, payment.payer_key)
    return True


def _deliver(locked, product):
    """Under the payment's row lock: deliver, count the promo use, mark paid, ask for the receipt. (done, redeemed).

    The receipt is written and sent once the transaction commits (payments.tasks): a
    slow mail server holds no row locks, and a delivery that rolls back sends none.
    """
    if locked.status == Payment.STATUS_REFUNDED:
        raise PaymentError(REFUNDED)
    if locked.status == Payment.STATUS_PAID:
        return False, None
    now = timezone.now()
    locked.paid_at = now  # what the product and the receipt read as the moment of payment
    product.fulfil(locked)
    redeemed = discounts.confirm(claim_of(locked))  # the code's use counts now that it was delivered
    locked.mark_paid(now)
    tasks.send_receipt_after_commit(locked)
    return True, redeemed


def refund_unconfirmed_discount(payment, err, gateway):
    """Refund a succeeded payment whose discount could not be counted; nothing is delivered."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
            return locked
        refund = gateway.refund(locked.payment_intent_id, idempotency_key=idempotency_key("refund", locked.pk))
        locked.mark_refunded(refund.amount, refund.id, f"refunded: promo code not usable ({err.message})")
        discounts.release(claim_of(locked))
    receipts.send_refund_notice(locked, _("Promo code {code} was already used by another purchase, so nothing "
                                          "was bought."), {"code": locked.promo_code})
    log.warning("Payment %s refunded: promo code %s could not be counted for payer %s (%s)",
                locked.payment_intent_id, locked.promo_code, locked.payer_key, err.message)
    return locked


def refund_duplicate(payment, gateway):
    """Refund a succeeded payment for something the payer already had (another payment or grant came first).

    Returns True when this call refunded it. False when, under the row lock, the
    payment turned out to be settled already: typically the webhook fulfilled this
    very payment a moment ago, so the access the payer "already had" is its own.
    """
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status in (Payment.STATUS_PAID, Payment.STATUS_REFUNDED):
            return False
        refund = gateway.refund(locked.payment_intent_id, idempotency_key=idempotency_key("refund", locked.pk))
        locked.mark_refunded(refund.amount, refund.id, "refunded: the learner already had access")
        discounts.release(claim_of(locked))
    receipts.send_refund_notice(locked, _("You already had access, so nothing more was bought."))
    log.warning("Payment %s refunded: payer %s already had %s %s", locked.payment_intent_id, locked.payer_key,
                locked.product_type, locked.product_id)
    return True


def payment_behind(grant):
    """The paid payment an AccessGrant came from, or None (no query for grants made another way)."""
    if grant is None or grant.via != "payment":
        return None
    return Payment.objects.filter(payment_intent_id=grant.reference, status=Payment.STATUS_PAID).first()


def paid_payment(usage_key, payer_key):
    """The payer's latest paid (not refunded) payment made in a block, or None."""
    return Payment.objects.paid_for(usage_key, payer_key).first()


def refundable_minor(payment, gateway=None):
    """What a full refund of `payment` would give back now: its amount less what its provider refunded already."""
    gateway = gateway or gateway_for(payment)
    already = max(payment.refunded_minor, gateway.amount_refunded(payment.payment_intent_id))
    return max(0, payment.amount_minor - already)


def refund_payment(payment, by, gateway=None):
    """Refund a paid payment in full: provider refund, ledger updated, what it bought taken back, payer emailed.

    The refund goes to the provider that took the money (Stripe for cards, PayPal for
    PayPal). Does not wait for a refund webhook (localstripe sends none). If the
    provider refuses or cannot be reached, nothing in the ledger changes. After a
    partial refund made in the provider's dashboard, only the rest is refunded; the
    ledger records the total.
    Returns (payment, what staff are told happened, translatable template and parameters).
    """
    gateway = gateway or gateway_for(payment)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != Payment.STATUS_PAID:
            raise PaymentError(_("Only a paid payment can be refunded (this one is {status})."), status=locked.status)
        # What is left after refunds made in the provider's dashboard (its figure wins over a missed event).
        already = max(locked.refunded_minor, gateway.amount_refunded(locked.payment_intent_id))
        if already >= locked.amount_minor:  # refunded in full there already; its event has not arrived
            settle_refund(locked, locked.amount_minor, locked.refund_id,
                          f"refunded in {PROVIDER_NAMES.get(locked.method, locked.method)}, recorded by {by}")
        else:
            refund = gateway.refund(locked.payment_intent_id,
                                    amount=(locked.amount_minor - already) if already else None,
                                    idempotency_key=idempotency_key("refund", locked.pk))
            settle_refund(locked, min(locked.amount_minor, already + refund.amount), refund.id,
                          f"refunded by {by} ({refund.id})")
    send_refund_notice(locked)
    log.info("Payment %s refunded by %s", locked.payment_intent_id, by)
    product = products.get(locked.product_type)
    return locked, product.refund_summary, product.refund_details(locked)


def send_refund_notice(payment):
    """Email the payer that their payment was refunded, saying what the refund took back (sent after the commit)."""
    product = products.get(payment.product_type)
    with i18n.in_language_of(payment.payer_key):  # details may hold words (a date clause): the payer's language
        details = product.refund_details(payment)
    receipts.send_refund_notice(payment, product.refund_notice, details)


def settle_refund(payment, amount_minor, refund_id, reason):
    """Record a full refund of a locked payment and take back what it bought (inside the caller's transaction).

    `amount_minor` is the total refunded. The product decides what a refund takes back
    (block access is revoked; a bought subscription ends, its billed assignments stay);
    the promo-code use is returned. The caller tells the payer.
    """
    payment.mark_refunded(amount_minor, refund_id)
    products.get(payment.product_type).on_refund(payment, reason)
    discounts.give_back(claim_of(payment))
    transaction.on_commit(lambda: signals.payment_refunded.send(sender=Payment, payment=payment))


def payments_by_reference(usage_key, references):
    """{PaymentIntent id: Payment} of a block's payments with these ids (one query)."""
    refs = [str(ref) for ref in references if ref]
    if not refs:
        return {}
    return {p.payment_intent_id: p for p in Payment.objects.filter(usage_key=str(usage_key),
                                                                   payment_intent_id__in=refs)}
