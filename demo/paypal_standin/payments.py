"""Payments v2: captures and refunds (show a capture, refund it fully or partly, show a refund).

A capture is ``COMPLETED`` -> ``PARTIALLY_REFUNDED`` -> ``REFUNDED`` as refunds add up; a
refund beyond what is left fails with ``REFUND_AMOUNT_EXCEEDED``, one on a fully refunded
capture with ``CAPTURE_FULLY_REFUNDED``. The "dashboard" refund (admin hook) goes through the
same code, as a refund made in PayPal's web interface does.
"""
import logging
import re

from . import money
from .errors import not_found, paypal_error
from .state import Capture, Refund, merchant, new_id, now

log = logging.getLogger(__name__)

# The Payments v2 refund *response* schema restricts custom_id to this alphabet, while the
# refund *request* schema accepts any text: a custom_id outside it could never be answered.
REFUND_CUSTOM_ID = re.compile(r"^[A-Za-z0-9-_.,]*$")
SELLER_PROTECTION = {"status": "ELIGIBLE", "dispute_categories": ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"]}


def new_capture(standin, order, index, status):
    """Create and store the capture of purchase unit ``index`` of ``order``."""
    unit = order.purchase_units[index]
    currency, amount = money.parse(unit["amount"], "/amount")
    stamp = now()
    capture = Capture(
        id=new_id(), order_id=order.id, client_id=order.client_id, unit_index=index, currency=currency,
        amount=amount, status=status, create_time=stamp, update_time=stamp,
        custom_id=unit.get("custom_id"), invoice_id=unit.get("invoice_id"),
        status_reason="PENDING_REVIEW" if status == "PENDING" else None,
    )
    standin.store.captures[capture.id] = capture
    return capture


def capture_json(standin, capture, in_order=False):
    """A capture as Payments v2 shows it (``capture-2``), or as nested in an order (``capture``)."""
    href = f"{standin.base_url}/v2/payments/captures/{capture.id}"
    body = {"id": capture.id, "status": capture.status}
    if capture.status_reason:
        body["status_details"] = {"reason": capture.status_reason}
    body["amount"] = money.money(capture.currency, capture.amount)
    body["final_capture"] = True
    if capture.status != "DECLINED":
        fee = money.paypal_fee(capture.currency, capture.amount)
        body["seller_protection"] = SELLER_PROTECTION
        body["seller_receivable_breakdown"] = {
            "gross_amount": money.money(capture.currency, capture.amount),
            "paypal_fee": money.money(capture.currency, fee),
            "net_amount": money.money(capture.currency, capture.amount - fee),
        }
    for key in ("custom_id", "invoice_id"):
        if getattr(capture, key):
            body[key] = getattr(capture, key)
    links = [{"href": href, "rel": "self", "method": "GET"}]
    if capture.refundable:
        links.append({"href": f"{href}/refund", "rel": "refund", "method": "POST"})
    links.append({"href": f"{standin.base_url}/v2/checkout/orders/{capture.order_id}", "rel": "up", "method": "GET"})
    if not in_order:
        body["supplementary_data"] = {"related_ids": {"order_id": capture.order_id}}
        body["payee"] = merchant(capture.client_id)
    body.update({"links": links, "create_time": capture.create_time, "update_time": capture.update_time})
    return body


def refund_json(standin, refund, minimal):
    """A refund: minimal (``id``, ``status``, ``links``) or the full representation."""
    href = f"{standin.base_url}/v2/payments/refunds/{refund.id}"
    links = [{"href": href, "rel": "self", "method": "GET"},
             {"href": f"{standin.base_url}/v2/payments/captures/{refund.capture_id}", "rel": "up", "method": "GET"}]
    if minimal:
        return {"id": refund.id, "status": refund.status, "links": links}
    capture = standin.store.captures[refund.capture_id]
    body = {"id": refund.id, "status": refund.status, "amount": money.money(refund.currency, refund.amount)}
    for key in ("invoice_id", "custom_id", "note_to_payer"):
        if getattr(refund, key):
            body[key] = getattr(refund, key)
    body["seller_payable_breakdown"] = {
        "gross_amount": money.money(refund.currency, refund.amount),
        "paypal_fee": money.money(refund.currency, 0),  # the stand-in keeps its fee on refunds
        "net_amount": money.money(refund.currency, refund.amount),
        "total_refunded_amount": money.money(capture.currency, capture.refunded),
    }
    body.update({"links": links, "create_time": refund.create_time, "update_time": refund.update_time})
    return body


def get_capture(standin, op, client_id, capture_id):
    """``GET /v2/payments/captures/{capture_id}``."""
    capture = standin.store.find("captures", capture_id, client_id)
    if capture is None:
        raise not_found(standin.contract, op, "capture_id", capture_id)
    return 200, capture_json(standin, capture)


def get_refund(standin, op, client_id, refund_id):
    """``GET /v2/payments/refunds/{refund_id}``."""
    refund = standin.store.find("refunds", refund_id, client_id)
    if refund is None:
        raise not_found(standin.contract, op, "refund_id", refund_id)
    return 200, refund_json(standin, refund, minimal=False)


def refund_capture(standin, op, client_id, capture_id, body, minimal):
    """``POST /v2/payments/captures/{capture_id}/refund``: full (no ``amount``) or partial."""
    capture = standin.store.find("captures", capture_id, client_id)
    if capture is None:
        raise not_found(standin.contract, op, "capture_id", capture_id)
    custom_id = body.get("custom_id")
    if custom_id is not None and not REFUND_CUSTOM_ID.match(custom_id):
        standin.store.record_violation("request", "POST", f"/v2/payments/captures/{capture_id}/refund",
                                       op.operation_id, [f"custom_id {custom_id!r} does not match the refund "
                                                         f"response schema's pattern {REFUND_CUSTOM_ID.pattern}"])
        raise paypal_error(standin.contract, op, 400, "INVALID_PARAMETER_SYNTAX", field="/custom_id",
                           value=custom_id, location="body")
    amount = refund_amount(standin, op, capture, body.get("amount"))
    refund = make_refund(standin, capture, amount, body)
    return 201, refund_json(standin, refund, minimal)


def refund_amount(standin, op, capture, requested):
    """The minor units to refund, or a 422 as PayPal answers for an impossible refund."""
    if capture.status == "REFUNDED":
        raise paypal_error(standin.contract, op, 422, "CAPTURE_FULLY_REFUNDED")
    if capture.status == "PENDING":
        raise paypal_error(standin.contract, op, 422, "PENDING_CAPTURE")
    if capture.status not in ("COMPLETED", "PARTIALLY_REFUNDED"):
        raise paypal_error(standin.contract, op, 422, "REFUND_NOT_ALLOWED")
    if requested is None:
        return capture.refundable
    try:
        currency, amount = money.parse(requested, "/amount")
    except money.MoneyError as error:
        raise paypal_error(standin.contract, op, 422, error.issue, field=error.field, location="body") from None
    if currency != capture.currency:
        raise paypal_error(standin.contract, op, 422, "REFUND_CAPTURE_CURRENCY_MISMATCH",
                           field="/amount/currency_code", value=currency, location="body")
    if amount > capture.refundable:
        raise paypal_error(standin.contract, op, 422, "REFUND_AMOUNT_EXCEEDED",
                           field="/amount/value", value=requested["value"], location="body")
    return amount


def make_refund(standin, capture, amount, body=None):
    """Store a ``COMPLETED`` refund, update the capture and send ``PAYMENT.CAPTURE.REFUNDED``."""
    body = body or {}
    stamp = now()
    refund = Refund(
        id=new_id(), capture_id=capture.id, client_id=capture.client_id, currency=capture.currency,
        amount=amount, status="COMPLETED", create_time=stamp, update_time=stamp,
        invoice_id=body.get("invoice_id") or capture.invoice_id, custom_id=body.get("custom_id"),
        note_to_payer=body.get("note_to_payer"),
    )
    standin.store.refunds[refund.id] = refund
    capture.refund_ids.append(refund.id)
    capture.refunded += amount
    capture.status = "REFUNDED" if capture.refunded >= capture.amount else "PARTIALLY_REFUNDED"
    capture.update_time = stamp
    standin.emit("PAYMENT.CAPTURE.REFUNDED", refund_json(standin, refund, minimal=False))
    log.info("capture %s refunded %s of %s (%s)", capture.id, amount, capture.amount, capture.status)
    return refund


def complete_pending(standin, capture):
    """A ``PENDING`` capture clears (admin hook): ``COMPLETED`` and ``PAYMENT.CAPTURE.COMPLETED``."""
    if capture.status != "PENDING":
        return False
    capture.status, capture.status_reason, capture.update_time = "COMPLETED", None, now()
    standin.emit("PAYMENT.CAPTURE.COMPLETED", capture_json(standin, capture))
    return True
