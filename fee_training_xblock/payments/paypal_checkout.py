"""Paying for an Offer with PayPal: open an order for the server-computed price, capture it once approved.

The same rules as the card checkout (payments.checkout): the Offer says what is sold
and its fee, promo codes come through core.discounts (one use is held for the order),
a payer has one open PayPal order per block and product (double clicks and two tabs
share it), and a captured payment is delivered by `fulfilment.fulfil`, exactly like a
card payment. The buyer approves in PayPal's window; approval moves no money. The
server captures, under the payment row's lock and with a PayPal-Request-Id, so a
double click, two tabs and the webhook racing the browser capture once. PayPal is
reached only through payments.paypal_gateway.
"""
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from fee_training_xblock.core import discounts, products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.domain import idempotency_key
from fee_training_xblock.payments.models import Payment
from fee_training_xblock.payments.paypal_domain import (
    DESCRIPTION_MAX,
    ORDER_ID,
    check_capture,
    check_order,
    reference_fields,
    to_paypal_value,
)
from fee_training_xblock.payments.paypal_gateway import PayPalIssue, get_gateway
from fee_training_xblock.payments.safeguards import (
    ALREADY_PAID,
    PAID_BEFORE,
    PAYPAL_LOCKOUT,
    AlreadyOwned,
    check_not_locked_out,
    free_paid_slot,
    record_failed_payment,
    refuse_paid_before,
)

log = logging.getLogger(__name__)

WAITING = ("CREATED", "PAYER_ACTION_REQUIRED", "APPROVED")  # orders that can still be paid
DECLINED = _("PayPal declined this payment. No money was taken; try again with another way to pay in "
             "PayPal, or by card.")
ENDED = _("This PayPal payment was cancelled or replaced. No money was taken; please pay again.")
CHOOSE_AGAIN = (_("PayPal could not use the card or bank account you chose. Choose another one in PayPal's window; "
                "no money was taken."))
PENDING = (_("PayPal is reviewing this payment. Your access opens as soon as PayPal completes it; "
           "you do not need to pay again."))


@dataclass(frozen=True)
class PayPalStep:
    """Where a PayPal payment stands: 'approve' (the buyer approves at `approve_url`), 'paid', 'pending', 'retry'."""

    status: str
    payment: Payment
    approve_url: str = ""
    message: str = ""


def start_order(offer, payer, promo_code, return_url, cancel_url, gateway=None):
    """The payer's PayPal order for the offer's server-computed price, to approve in PayPal's window.

    Raises PaymentError when nothing is to be paid, the payer already has the product
    (AlreadyOwned) or paid for it before (by card or PayPal), a promo code is refused,
    PayPal cannot take the amount, or too many payments of this payer or address failed
    or were cancelled lately (the same lockout as cards).
    """
    check_not_locked_out(payer.key, PAYPAL_LOCKOUT, field="paypal")
    product = products.get(offer.product_type)
    if product.already_owned(_probe(offer, payer)):
        raise AlreadyOwned(ALREADY_PAID)
    refuse_paid_before(offer, payer, product)  # also a card payment
    quote = discounts.quote(offer, payer.key, promo_code)
    if quote.is_free:
        raise PaymentError(_("There is nothing to pay for this content."))
    value = to_paypal_value(quote.total)
    gateway = gateway or get_gateway()
    payment, order = _open_order(offer, payer, quote, value, (return_url, cancel_url), gateway, product)
    # Reserve one use of the code for this order before the buyer approves; fulfilment confirms it.
    discounts.hold(offer, payer.key, quote.promo_code, payment.payment_intent_id)
    return PayPalStep("approve", payment, order.approve_url)


def _probe(offer, payer):
    """An unsaved Payment describing the offer, for Product.already_owned before anything is written."""
    return Payment(payer_key=str(payer.key), product_type=offer.product_type, product_id=str(offer.product_id),
                   course_key=offer.course_key, usage_key=offer.usage_key, method=Payment.METHOD_PAYPAL)


def _slot(offer, payer):
    """The open-checkout key of a payer's PayPal order for a block and product (cards have their own)."""
    return idempotency_key("checkout", offer.product_type, offer.product_id, offer.usage_key, payer.key, "paypal")


def _open_order(offer, payer, quote, value, urls, gateway, product):
    """(payment, order): the payer's open order at this price, or a new order and pending row.

    A paid order keeps its slot (as a paid card checkout does): it is never captured or
    paid again; the slot is freed only for a product that may be bought again.
    """
    slot = _slot(offer, payer)
    payment = Payment.objects.filter(open_checkout=slot).first()
    if payment is not None and payment.status == Payment.STATUS_PAID:
        free_paid_slot(payment, product)
        payment = None
    wanted = (quote.total.minor, quote.total.currency, quote.promo_code or "")
    if payment is not None and (payment.amount_minor, payment.currency, payment.promo_code) == wanted:
        order = gateway.get_order(payment.payment_intent_id)
        if order.status in WAITING and order.approve_url:
            return payment, order
        if order.status == "COMPLETED":  # captured meanwhile (another tab, the webhook): deliver, never pay again
            settle(payment, gateway)
            raise AlreadyOwned(ALREADY_PAID)
    if payment is not None:
        # Another price or code, or an order PayPal ended: it must never be captured now.
        fulfilment.close(payment, Payment.STATUS_FAILED, "replaced by a new PayPal order")
    attempt = Payment.objects.filter(usage_key=offer.usage_key, payer_key=str(payer.key)).count()
    request_id = idempotency_key("paypal-order", offer.usage_key, payer.key, quote.total.minor, quote.total.currency,
                                 attempt, offer.product_type, offer.product_id)
    order = gateway.create_order(
        value, quote.total.currency, reference_fields(payer.key, offer.product_type, offer.product_id, offer.usage_key),
        invoice_id=request_id, description=offer.title[:DESCRIPTION_MAX], return_url=urls[0], cancel_url=urls[1],
        request_id=request_id)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                method=Payment.METHOD_PAYPAL, payment_intent_id=order.id, open_checkout=slot,
                payer_key=str(payer.key), payer_email=payer.email or "", product_type=offer.product_type,
                product_id=str(offer.product_id), course_key=offer.course_key, usage_key=offer.usage_key,
                title=offer.title[:255], fee_minor=quote.fee.minor, discount_minor=quote.discount.minor,
                amount_minor=quote.total.minor, currency=quote.total.currency, promo_code=quote.promo_code or "",
            )
    except IntegrityError:
        # Another tab opened an order first: use it (ours is never captured, and PayPal lets it expire).
        payment = Payment.objects.filter(open_checkout=slot).first()
        if payment is None or payment.status != Payment.STATUS_PENDING:
            raise PaymentError(_("Another payment for this content just finished or failed. Reload the "
                                 "page.")) from None
        return payment, gateway.get_order(payment.payment_intent_id)
    log.info("PayPal order %s created for %s %s, payer %s", order.id, offer.product_type, offer.product_id, payer.key)
    return payment, order


def own_payment(usage_key, payer_key, order_id):
    """The payer's PayPal payment made in this block for `order_id`; PaymentError for anyone else's."""
    order_id = str(order_id or "").strip()
    if not ORDER_ID.match(order_id):
        raise PaymentError(_("order_id must be the PayPal order id this page received (letters and digits)."),
                           field="order_id")
    payment = Payment.objects.filter(payment_intent_id=order_id, method=Payment.METHOD_PAYPAL).first()
    if payment is None or payment.usage_key != str(usage_key) or payment.payer_key != str(payer_key):
        raise PaymentError(_("This payment belongs to someone else or to other content."), field="order_id")
    return payment


def cancel_order(usage_key, payer_key, order_id):
    """The payer cancelled in PayPal's window: the attempt ends, its promo-code use is freed, nothing is charged."""
    payment = own_payment(usage_key, payer_key, order_id)
    if payment.status == Payment.STATUS_PENDING and not payment.capture_id:
        fulfilment.close(payment, Payment.STATUS_FAILED, "cancelled by the payer in PayPal")
        record_failed_payment(payer_key)  # orders opened and cancelled in a loop are junk, like declined cards
    return payment


def capture_order(usage_key, payer_key, order_id, gateway=None, publish=None):
    """After the buyer approved in PayPal's window: capture the payer's own order and deliver. A PayPalStep.

    An order paid already is never captured again: while the payer has what it bought
    the answer is 'paid'; after staff withdrew it, PaymentError says so (PAID_BEFORE).
    """
    payment = own_payment(usage_key, payer_key, order_id)
    if payment.status == Payment.STATUS_PAID and not products.get(payment.product_type).already_owned(payment):
        raise PaymentError(PAID_BEFORE, reference=payment.reference)
    return settle(payment, gateway, publish)


def expected_fields(payment):
    """The reference fields the ledger row's order must carry."""
    return reference_fields(payment.payer_key, payment.product_type, payment.product_id, payment.usage_key)


def settle(payment, gateway=None, publish=None):
    """Capture an approved order once (or read the capture made already), check it, and deliver. A PayPalStep.

    Used by the browser (after approval) and the webhook (the browser closed). The
    capture status, amount, currency and reference fields are checked before
    `fulfilment.fulfil` grants anything. A declined capture ends the attempt; a
    pending one waits for PayPal's PAYMENT.CAPTURE.COMPLETED.
    """
    if payment.status == Payment.STATUS_PAID:
        return PayPalStep("paid", payment)
    gateway = gateway or get_gateway()
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        order, step, problem = _capture_locked(locked, gateway)
    if problem is not None:
        raise problem
    if step is not None:
        return step
    check_capture(order, locked.payment_intent_id, expected_fields(locked), locked.amount_minor, locked.currency)
    # The browser and the APPROVED webhook both settle: the one that finds the row paid under its
    # lock refunds nothing (refund_duplicate says False) and simply reports it paid.
    if fulfilment.is_duplicate(locked) and fulfilment.refund_duplicate(locked, gateway):
        raise PaymentError(_("You already had access to this content, so this payment was refunded in full."))
    fulfilment.fulfil(locked, publish, gateway)  # a refused promo-code use is refunded through PayPal
    locked.refresh_from_db()
    return PayPalStep("paid", locked)


def _capture_locked(locked, gateway):
    """(order, early step, error to raise) for a locked row; state changes here commit before any error is raised."""
    if locked.status == Payment.STATUS_PAID:
        return None, PayPalStep("paid", locked), None
    if locked.status == Payment.STATUS_REFUNDED:
        return None, None, PaymentError(fulfilment.REFUNDED)
    if locked.status != Payment.STATUS_PENDING:
        return None, None, PaymentError(ENDED)
    if locked.capture_id:
        order = gateway.get_order(locked.payment_intent_id)
    elif products.get(locked.product_type).already_owned(locked):
        # Access came another way (a code, staff, a card in another tab): approval moved no money, so capture none.
        fulfilment.close(locked, Payment.STATUS_FAILED, "the payer got access another way before the capture")
        return None, None, AlreadyOwned(ALREADY_PAID)
    else:
        try:
            order = gateway.capture_order(locked.payment_intent_id, request_id=idempotency_key("paypal-capture",
                                                                                               locked.pk))
        except PayPalIssue as err:
            if err.issue == "INSTRUMENT_DECLINED":
                record_failed_payment(locked.payer_key)  # a refused funding source counts like a declined card
                return None, PayPalStep("retry", locked, message=CHOOSE_AGAIN), None
            if err.issue == "ORDER_NOT_APPROVED":
                return None, None, PaymentError(_("You have not approved this payment in PayPal yet. No money was "
                                                "taken; press the PayPal button to approve it."))
            if err.issue != "ORDER_ALREADY_CAPTURED":
                raise
            order = gateway.get_order(locked.payment_intent_id)
    check_order(order, locked.payment_intent_id, expected_fields(locked), locked.amount_minor, locked.currency)
    capture = order.capture
    if capture is not None:
        locked.record_capture(capture.id)
    if capture is None or capture.status in ("DECLINED", "FAILED"):
        fulfilment.close(locked, Payment.STATUS_FAILED, "PayPal declined the capture")
        record_failed_payment(locked.payer_key)
        log.info("PayPal order %s: capture declined", locked.payment_intent_id)
        return order, None, PaymentError(DECLINED)
    if capture.status == "PENDING":
        return order, PayPalStep("pending", locked, message=PENDING), None
    return order, None, None
