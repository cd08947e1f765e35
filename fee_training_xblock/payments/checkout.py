"""Taking a card payment for an Offer: open one checkout per payer and product, charge it, confirm it.

Product-agnostic: the Offer says what is sold and its server-computed fee; discounts
come through core.discounts; what a paid payment delivers is the registered Product's
business (payments.fulfilment). Stripe is reached only through payments.stripe_gateway.
"""
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from fee_training_xblock.core import discounts, products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.domain import REUSABLE_STATUSES, idempotency_key, intent_metadata
from fee_training_xblock.payments.models import Payment
from fee_training_xblock.payments.safeguards import (  # noqa: F401  (AlreadyOwned, ALREADY_PAID: the handlers')
    ALREADY_PAID,
    AlreadyOwned,
    check_not_locked_out,
    free_paid_slot,
    record_failed_payment,
    refuse_paid_before,
)
from fee_training_xblock.payments.stripe_gateway import IntentNotFound, get_gateway

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class PaymentStep:
    """Where a payment stands after a handler call: 'paid' or 'needs_authentication'."""

    status: str
    payment: Payment
    client_secret: str = ""


def start_payment(offer, payer, card_token, promo_code=None, gateway=None, publish=None):
    """Charge the payer's card (a Stripe.js token) for the offer's server-computed price.

    A payer has one checkout per block and product: double clicks, two tabs and a
    retry after a declined card or a failed 3-D Secure step share its PaymentIntent,
    and the card is charged with that row locked, so only one charge can happen; the
    paid payment keeps the slot, so a late tab is refused instead of charged. Returns a
    PaymentStep: 'paid' (delivered) or 'needs_authentication' (the browser runs
    3-D Secure, then calls confirm_payment). A declined card raises PaymentError and
    counts towards the failed-payment lockout (per learner and per client address);
    AlreadyOwned says there is nothing to buy.
    """
    check_not_locked_out(payer.key)
    if not (card_token or "").strip():
        raise PaymentError(_("Enter your card details first."), field="card")
    product = products.get(offer.product_type)
    if product.already_owned(_probe(offer, payer)):
        raise AlreadyOwned(ALREADY_PAID)
    refuse_paid_before(offer, payer, product)  # also a payment made with PayPal
    quote = discounts.quote(offer, payer.key, promo_code)
    if quote.is_free:
        raise PaymentError(_("There is nothing to pay for this content."))
    gateway = gateway or get_gateway()
    try:
        gateway.check_card_token(card_token.strip())  # a made-up token never creates a PaymentIntent
    except PaymentError:
        record_failed_payment(payer.key)
        raise
    for _attempt in range(2):
        payment = _open_checkout(offer, payer, quote, gateway, product)
        # Reserve one use of the code for this attempt (under the code's row lock) before charging;
        # fulfilment confirms it, closing the attempt releases it.
        discounts.hold(offer, payer.key, quote.promo_code, payment.payment_intent_id)
        try:
            payment, intent = _charge_open_checkout(payment, card_token.strip(), gateway, product)
        except AlreadyOwned:
            raise
        except PaymentError:
            record_failed_payment(payer.key)
            raise
        if intent is not None:
            break
    else:
        raise PaymentError(_("Another payment for this content is in progress. Reload the page and try again."))
    if intent.needs_authentication:
        return PaymentStep("needs_authentication", payment, intent.client_secret)
    if intent.succeeded:
        return PaymentStep("paid", confirm_payment(offer.usage_key, payer.key, payment.payment_intent_id,
                                                   gateway, publish))
    record_failed_payment(payer.key)
    fulfilment.close(payment, Payment.STATUS_FAILED, f"ended as {intent.status}")
    raise PaymentError(_("The payment did not go through. No money was taken; please try again."))


def _probe(offer, payer):
    """An unsaved Payment describing the offer, for Product.already_owned before anything is written."""
    return Payment(payer_key=str(payer.key), product_type=offer.product_type, product_id=str(offer.product_id),
                   course_key=offer.course_key, usage_key=offer.usage_key)


def _charge_open_checkout(payment, card_token, gateway, product):
    """Charge the card on the open checkout, with its row locked; returns (payment, intent).

    (payment, None) asks the caller for a fresh checkout: the intent is waiting for
    3-D Secure (an abandoned attempt or another tab: it is cancelled, so it can never
    be charged as well), or Stripe no longer knows it or it is not this payer's (e.g.
    a reset test server): the attempt is closed. A declined card leaves the attempt
    open, so the next try reuses its PaymentIntent.
    """
    declined = None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == Payment.STATUS_PAID:
            raise AlreadyOwned(ALREADY_PAID)
        if payment.status != Payment.STATUS_PENDING:
            raise PaymentError(_("This payment attempt has ended. No money was taken; please try again."))
        if product.already_owned(payment):  # another way in (a grant, a code) arrived meanwhile: charge nothing
            raise AlreadyOwned(ALREADY_PAID)
        try:
            intent = gateway.retrieve_intent(payment.payment_intent_id)
        except IntentNotFound:
            intent = None
        if intent is None or not _is_ours(intent, payment):
            fulfilment.close(payment, Payment.STATUS_FAILED, "the PaymentIntent is unknown to Stripe or not ours")
            log.warning("Payment %s closed: its intent is missing or foreign; a new checkout opens",
                        payment.payment_intent_id)
            return payment, None
        if intent.needs_authentication:
            try:
                gateway.cancel_intent(payment.payment_intent_id)
            except PaymentError:
                intent = gateway.retrieve_intent(payment.payment_intent_id)  # authenticated meanwhile?
            else:
                fulfilment.close(payment, Payment.STATUS_FAILED, "3-D Secure not completed; replaced by a new attempt")
                return payment, None
        elif intent.status in REUSABLE_STATUSES:
            try:
                intent = gateway.pay_with_card_token(payment.payment_intent_id, card_token)
            except PaymentError as err:
                declined = err
                if gateway.retries_declined_intents:  # the next try takes another card on this intent
                    Payment.objects.note_failure(payment.payment_intent_id, err.message)
                else:
                    fulfilment.close(payment, Payment.STATUS_FAILED, err.message)
        elif intent.status == "canceled":
            fulfilment.close(payment, Payment.STATUS_FAILED, "cancelled")
            return payment, None
    if declined is not None:
        raise declined
    return payment, intent


def _is_ours(intent, payment):
    """True when Stripe's intent was made for this ledger row (same payer and product)."""
    meta = intent.metadata
    return (meta.get("payer_key") == payment.payer_key and meta.get("product_id") == payment.product_id
            and meta.get("product_type", payment.product_type) == payment.product_type)


def _slot(offer, payer):
    """The open-checkout key of a payer, block and product."""
    return idempotency_key("checkout", offer.product_type, offer.product_id, offer.usage_key, payer.key)


def _open_checkout(offer, payer, quote, gateway, product):
    """The payer's open payment for this price, or a new PaymentIntent and pending row.

    A paid payment holding the slot means the payer bought this already: they are
    refused (AlreadyOwned while they own it; while staff withdrew it, PAID_BEFORE),
    unless the product may be bought again (e.g. a subscription that ended).
    """
    slot = _slot(offer, payer)
    payment = Payment.objects.filter(open_checkout=slot).first()
    if payment is not None and payment.status == Payment.STATUS_PAID:
        free_paid_slot(payment, product)
        payment = None
    wanted = (quote.total.minor, quote.total.currency, quote.promo_code or "")
    if payment is not None and (payment.amount_minor, payment.currency, payment.promo_code) != wanted:
        _retire_checkout(payment, gateway)
        payment = None
    if payment is not None:
        return payment
    attempt = Payment.objects.filter(usage_key=offer.usage_key, payer_key=str(payer.key)).count()
    metadata = intent_metadata(payer.key, offer.product_type, offer.product_id, offer.course_key, offer.usage_key,
                               quote)
    key = idempotency_key(offer.usage_key, payer.key, quote.total.minor, quote.total.currency, attempt,
                          offer.product_type, offer.product_id)
    intent = gateway.create_intent(quote.total.minor, quote.total.currency, metadata, key)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                payment_intent_id=intent.id, open_checkout=slot, payer_key=str(payer.key),
                payer_email=payer.email or "", product_type=offer.product_type, product_id=str(offer.product_id),
                course_key=offer.course_key, usage_key=offer.usage_key, title=offer.title[:255],
                fee_minor=quote.fee.minor, discount_minor=quote.discount.minor,
                amount_minor=quote.total.minor, currency=quote.total.currency, promo_code=quote.promo_code or "",
            )
    except IntegrityError:
        # Another tab opened the checkout first: use its intent (ours is never charged).
        payment = Payment.objects.filter(open_checkout=slot).first()
        if payment is None:
            raise PaymentError(_("Another payment for this content just finished or failed. Reload the "
                                 "page.")) from None
        if payment.status == Payment.STATUS_PAID:
            raise AlreadyOwned(ALREADY_PAID) from None
        return payment
    log.info("PaymentIntent %s created for %s %s, payer %s", intent.id, offer.product_type, offer.product_id,
             payer.key)
    return payment


def _retire_checkout(payment, gateway):
    """Close an open checkout whose price or promo code no longer applies, so it can never be charged too.

    Its intent is cancelled; if the payer paid it meanwhile (a 3-D Secure step
    finished in another tab), it is fulfilled instead and the new attempt is
    refused, so nobody is charged twice.
    """
    try:
        intent = gateway.retrieve_intent(payment.payment_intent_id)
    except IntentNotFound:
        fulfilment.close(payment, Payment.STATUS_FAILED, "the PaymentIntent is unknown to Stripe")
        return
    if not intent.succeeded and intent.status != "canceled":
        try:
            gateway.cancel_intent(payment.payment_intent_id)
        except PaymentError:
            intent = gateway.retrieve_intent(payment.payment_intent_id)  # paid meanwhile?
    if intent.succeeded:
        fulfilment.verify(payment, intent)
        fulfilment.fulfil(payment, gateway=gateway)
        raise AlreadyOwned(_("You already paid for this content in another tab; you have not been charged again."))
    fulfilment.close(payment, Payment.STATUS_FAILED, "the price or promo code changed before payment")


def confirm_payment(usage_key, payer_key, payment_intent_id, gateway=None, publish=None):
    """Verify with Stripe that the payer's own intent sold in this block succeeded, then fulfil it.

    Returns the paid Payment. Someone else's intent, another block's, a failed or
    refunded one raise PaymentError and change nothing.
    """
    payment = Payment.objects.filter(payment_intent_id=str(payment_intent_id or "")).first()
    if payment is None or payment.usage_key != str(usage_key) or payment.payer_key != str(payer_key):
        raise PaymentError(_("This payment belongs to someone else or to other content."))
    if payment.status == Payment.STATUS_PAID:
        return payment  # a retry after a lost response: already done
    gateway = gateway or get_gateway()
    intent = gateway.retrieve_intent(payment.payment_intent_id)
    try:
        fulfilment.verify(payment, intent)
    except PaymentError:
        if not intent.succeeded:
            record_failed_payment(payer_key)
        raise
    # A payment settled meanwhile by the other racer (the webhook, another tab) under the row
    # lock refunds nothing (refund_duplicate says False): fulfil then finds it paid and reports it.
    if fulfilment.is_duplicate(payment) and fulfilment.refund_duplicate(payment, gateway):
        raise PaymentError(_("You already had access to this content, so this payment was refunded in full."))
    fulfilment.fulfil(payment, publish, gateway)
    payment.refresh_from_db()
    return payment
