"""Orders v2: create, show, approve (payer side) and capture, with PayPal's state machine.

States: ``CREATED`` (no ``payment_source``; link rel ``approve``) or ``PAYER_ACTION_REQUIRED``
(created with ``payment_source.paypal``; link rel ``payer-action``) -> ``APPROVED`` (the
buyer approved on the checkout page) -> ``COMPLETED`` (captured). Capturing before approval
fails with ``ORDER_NOT_APPROVED``, capturing twice with ``ORDER_ALREADY_CAPTURED``.
"""
import logging

from . import money, payments
from .errors import not_found, paypal_error
from .state import Order, account_id, merchant, new_id, now

log = logging.getLogger(__name__)

BUYER = {"given_name": "John", "surname": "Doe", "email_address": "buyer@example.com"}
EXPERIENCE_KEYS = ("return_url", "cancel_url", "user_action", "shipping_preference", "brand_name",
                   "locale", "landing_page")


def buyer_payer_id():
    """The stand-in's one test buyer's PayPal account id (stable for a process)."""
    return account_id("buyer:" + BUYER["email_address"])


def approve_url(standin, order):
    """PayPal's approval link for an order (``/checkoutnow?token=<order id>``)."""
    return f"{standin.base_url}/checkoutnow?token={order.id}"


def _experience(body):
    """Return/cancel URLs and labels from ``payment_source.paypal.experience_context``
    (current) or the deprecated ``application_context`` (still accepted by PayPal)."""
    context = dict(body.get("application_context") or {})
    context.update(((body.get("payment_source") or {}).get("paypal") or {}).get("experience_context") or {})
    experience = {key: context[key] for key in EXPERIENCE_KEYS if key in context}
    experience.setdefault("user_action", "CONTINUE")
    experience.setdefault("shipping_preference", "GET_FROM_FILE")
    return experience


def _check_units(standin, op, units):
    """PayPal's business rules on purchase units (after the schema check): 422 when broken."""
    if len(units) > 1:
        refs = [unit.get("reference_id") for unit in units]
        if None in refs:
            raise paypal_error(standin.contract, op, 422, "REFERENCE_ID_REQUIRED",
                               field=f"/purchase_units/{refs.index(None)}/reference_id", location="body")
        if len(set(refs)) != len(refs):
            raise paypal_error(standin.contract, op, 422, "DUPLICATE_REFERENCE_ID",
                               field="/purchase_units", location="body")
    currencies = set()
    for index, unit in enumerate(units):
        field = f"/purchase_units/{index}/amount"
        try:
            currency, total = money.parse(unit["amount"], field)
            breakdown = unit["amount"].get("breakdown") or {}
            parts = {key: money.parse(value, f"{field}/breakdown/{key}") for key, value in breakdown.items()}
        except money.MoneyError as error:
            raise paypal_error(standin.contract, op, 422, error.issue, field=error.field,
                               location="body") from None
        if parts:
            sign = {"shipping_discount": -1, "discount": -1}
            if sum(sign.get(key, 1) * minor for key, (_, minor) in parts.items()) != total:
                raise paypal_error(standin.contract, op, 422, "AMOUNT_MISMATCH", field=f"{field}/value",
                                   location="body")
        currencies.add(currency)
    if len(currencies) > 1:
        raise paypal_error(standin.contract, op, 422, "MULTI_CURRENCY_ORDER", field="/purchase_units",
                           location="body")


def create_order(standin, op, client_id, body, minimal):
    """``POST /v2/checkout/orders``: a new order, ``201`` minimal (or full) representation."""
    if body["intent"] != "CAPTURE":
        standin.store.record_violation("unimplemented", "POST", "/v2/checkout/orders", op.operation_id,
                                       ["intent AUTHORIZE is not implemented by the stand-in"])
        raise paypal_error(standin.contract, op, 422, "UNSUPPORTED_INTENT", field="/intent",
                           value=body["intent"], location="body")
    units = [dict(unit) for unit in body["purchase_units"]]
    _check_units(standin, op, units)
    if len(units) == 1:
        units[0].setdefault("reference_id", "default")  # as PayPal does for a single unit
    stamp = now()
    order = Order(
        id=new_id(), client_id=client_id, intent=body["intent"], status="CREATED", purchase_units=units,
        experience=_experience(body), paypal_source="paypal" in (body.get("payment_source") or {}),
        create_time=stamp, update_time=stamp,
    )
    order.status = order.initial_status
    standin.store.orders[order.id] = order
    log.info("order %s created (%s)", order.id, order.status)
    return 201, order_json(standin, order, minimal)


def get_order(standin, op, client_id, order_id):
    """``GET /v2/checkout/orders/{id}``: the full representation."""
    order = standin.store.find("orders", order_id, client_id)
    if order is None:
        raise not_found(standin.contract, op, "order_id", order_id)
    return 200, order_json(standin, order, minimal=False)


def approve(standin, order):
    """The buyer approves (checkout page, SDK popup or admin hook): payer filled, ``APPROVED``.

    Returns False when the order is not waiting for approval (already approved or paid).
    """
    if order.status not in ("CREATED", "PAYER_ACTION_REQUIRED"):
        return False
    order.payer = {
        "name": {"given_name": BUYER["given_name"], "surname": BUYER["surname"]},
        "email_address": BUYER["email_address"],
        "payer_id": buyer_payer_id(),
        "address": {"country_code": "US"},
    }
    order.status = "APPROVED"
    order.update_time = now()
    standin.emit("CHECKOUT.ORDER.APPROVED", order_json(standin, order, minimal=False))
    log.info("order %s approved", order.id)
    return True


def capture_order(standin, op, client_id, order_id, minimal, mock_code=None):
    """``POST /v2/checkout/orders/{id}/capture``: one capture per purchase unit, order ``COMPLETED``.

    ``mock_code`` is PayPal's negative testing (``PayPal-Mock-Response``): ``INSTRUMENT_DECLINED``
    answers 422 and sends the order back to the buyer (rel ``redirect``); the stand-in's own
    ``STANDIN_CAPTURE_DECLINED`` / ``STANDIN_CAPTURE_PENDING`` give a 201 whose capture is
    ``DECLINED`` / ``PENDING``.
    """
    order = standin.store.find("orders", order_id, client_id)
    if order is None:
        raise not_found(standin.contract, op, "order_id", order_id)
    if order.status == "COMPLETED":
        raise paypal_error(standin.contract, op, 422, "ORDER_ALREADY_CAPTURED")
    if order.status != "APPROVED":
        raise paypal_error(standin.contract, op, 422, "ORDER_NOT_APPROVED")
    if mock_code == "INSTRUMENT_DECLINED":
        # The buyer has to pick another funding source: PayPal points back to the approval page.
        order.status = order.initial_status
        order.update_time = now()
        raise paypal_error(standin.contract, op, 422, "INSTRUMENT_DECLINED", links=[
            {"href": approve_url(standin, order), "rel": "redirect", "method": "GET"}])
    status = {"STANDIN_CAPTURE_DECLINED": "DECLINED", "STANDIN_CAPTURE_PENDING": "PENDING"}.get(mock_code, "COMPLETED")
    for index in range(len(order.purchase_units)):
        capture = payments.new_capture(standin, order, index, status)
        order.capture_ids.append(capture.id)
    order.status = "COMPLETED"
    order.update_time = now()
    for capture_id in order.capture_ids:
        capture = standin.store.captures[capture_id]
        event = {"COMPLETED": "PAYMENT.CAPTURE.COMPLETED", "DECLINED": "PAYMENT.CAPTURE.DENIED",
                 "PENDING": "PAYMENT.CAPTURE.PENDING"}[capture.status]
        standin.emit(event, payments.capture_json(standin, capture))
    log.info("order %s captured (%s)", order.id, status)
    if minimal:
        full = order_json(standin, order, minimal=False)
        units = [{"reference_id": unit["reference_id"], "payments": unit["payments"]}
                 for unit in full["purchase_units"]]
        return 201, {key: value for key, value in {**full, "purchase_units": units}.items()
                     if key in ("id", "status", "payment_source", "purchase_units", "payer", "links")}
    return 201, order_json(standin, order, minimal=False)


def _links(standin, order):
    """HATEOAS links by status, as PayPal returns them."""
    self_href = f"{standin.base_url}/v2/checkout/orders/{order.id}"
    links = [{"href": self_href, "rel": "self", "method": "GET"}]
    if order.status == "PAYER_ACTION_REQUIRED":
        links.append({"href": approve_url(standin, order), "rel": "payer-action", "method": "GET"})
    elif order.status == "CREATED":
        links.append({"href": approve_url(standin, order), "rel": "approve", "method": "GET"})
    if order.status in ("CREATED", "APPROVED"):
        links.append({"href": self_href, "rel": "update", "method": "PATCH"})
        links.append({"href": f"{self_href}/capture", "rel": "capture", "method": "POST"})
    return links


def order_json(standin, order, minimal):
    """PayPal's order JSON: minimal (``id``, ``status``, ``links``) or the full representation."""
    body = {"id": order.id, "status": order.status}
    if order.paypal_source or order.payer:
        paypal = {}
        if order.payer:
            paypal = {"email_address": order.payer["email_address"], "account_id": order.payer["payer_id"],
                      "account_status": "VERIFIED", "name": order.payer["name"],
                      "address": order.payer["address"]}
        body["payment_source"] = {"paypal": paypal}
    if minimal:
        return {**body, "links": _links(standin, order)}
    units = []
    for index, unit in enumerate(order.purchase_units):
        rendered = {**unit, "payee": merchant(order.client_id)}
        captures = [standin.store.captures[cid] for cid in order.capture_ids
                    if standin.store.captures[cid].unit_index == index]
        if captures:
            refunds = [standin.store.refunds[rid] for capture in captures for rid in capture.refund_ids]
            rendered["payments"] = {"captures": [payments.capture_json(standin, c, in_order=True) for c in captures]}
            if refunds:
                rendered["payments"]["refunds"] = [payments.refund_json(standin, r, minimal=False) for r in refunds]
        units.append(rendered)
    body.update({"intent": order.intent, "purchase_units": units, "create_time": order.create_time,
                 "update_time": order.update_time})
    if order.payer:
        body["payer"] = order.payer
    body["links"] = _links(standin, order)
    return body
