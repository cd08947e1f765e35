"""``/_standin/`` hooks for tests and the demo: things PayPal does outside the merchant's API calls.

No authentication: the stand-in listens on loopback for one test run or one demo. Objects
are found whatever REST app created them. Answers are plain JSON (not PayPal's shapes).
"""
import json
import re

from werkzeug.wrappers import Response

from . import auth, orders, payments
from .money import MoneyError, parse

WEBHOOK_ID = re.compile(r"^[a-zA-Z0-9]{1,50}$")  # the Webhooks v1 document's webhook_id pattern


def _json(status, body):
    """A JSON answer."""
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _body(request):
    """The JSON object a hook was sent, or {} (empty or not JSON)."""
    try:
        value = json.loads(request.get_data() or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def index(standin, request):  # pylint: disable=unused-argument
    """``GET /``: what this server is."""
    return _json(200, {"name": "PayPal stand-in", "base_url": standin.base_url,
                       "documents": sorted(standin.contract.documents), "admin": "/_standin/"})


def health(standin, request):  # pylint: disable=unused-argument
    """``GET /_standin/health``: answers once the server is up (the test handle polls it)."""
    return _json(200, {"ok": True})


def reset(standin, request):  # pylint: disable=unused-argument
    """``POST /_standin/reset``: forget all state; queued webhook deliveries are dropped."""
    standin.store.reset()
    return _json(200, {"reset": True})


def violations(standin, request):  # pylint: disable=unused-argument
    """``GET /_standin/violations``: contract violations recorded since the last reset."""
    with standin.store.lock:
        return _json(200, {"violations": list(standin.store.violations)})


def webhooks(standin, request):
    """``POST /_standin/webhooks`` ``{url, webhook_id}`` registers a listener; ``GET`` lists them."""
    if request.method == "GET":
        with standin.store.lock:
            return _json(200, {"webhooks": [{"webhook_id": w, "url": u} for w, u in standin.store.webhooks.items()]})
    body = _body(request)
    url, webhook_id = body.get("url"), body.get("webhook_id")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return _json(400, {"error": "url must be an http(s) URL"})
    if not isinstance(webhook_id, str) or not WEBHOOK_ID.match(webhook_id):
        return _json(400, {"error": "webhook_id must be 1-50 letters or digits (PayPal's webhook_id pattern)"})
    with standin.store.lock:
        standin.store.webhooks[webhook_id] = url
    return _json(201, {"webhook_id": webhook_id, "url": url})


def deliveries(standin, request):  # pylint: disable=unused-argument
    """``GET /_standin/webhooks/deliveries``: every delivery (event, target, attempts, HTTP status)."""
    with standin.store.lock:
        return _json(200, {"deliveries": [dict(d) for d in standin.store.deliveries]})


def approve_order(standin, request, order_id):  # pylint: disable=unused-argument
    """``POST /_standin/orders/<id>/approve``: the buyer approves, without a browser."""
    with standin.store.lock:
        order = standin.store.orders.get(order_id)
        if order is None:
            return _json(404, {"error": f"no order {order_id}"})
        if not orders.approve(standin, order):
            return _json(409, {"error": f"order {order_id} is {order.status}, not waiting for approval"})
        return _json(200, orders.order_json(standin, order, minimal=False))


def refund_capture(standin, request, capture_id):
    """``POST /_standin/captures/<id>/refund`` ``{amount?: {currency_code, value}}``: a refund made
    in PayPal's dashboard (sends ``PAYMENT.CAPTURE.REFUNDED``); no amount refunds what is left."""
    requested = _body(request).get("amount")
    with standin.store.lock:
        capture = standin.store.captures.get(capture_id)
        if capture is None:
            return _json(404, {"error": f"no capture {capture_id}"})
        amount = capture.refundable
        if requested is not None:
            try:
                currency, amount = parse(requested, "/amount")
            except (MoneyError, KeyError, TypeError):
                return _json(400, {"error": "amount must be {currency_code, value} in PayPal's format"})
            if currency != capture.currency:
                return _json(400, {"error": f"the capture is in {capture.currency}"})
        if amount <= 0 or amount > capture.refundable:
            return _json(409, {"error": f"capture {capture_id} is {capture.status}; refundable: {capture.refundable}"})
        refund = payments.make_refund(standin, capture, amount)
        return _json(201, payments.refund_json(standin, refund, minimal=False))


def complete_capture(standin, request, capture_id):  # pylint: disable=unused-argument
    """``POST /_standin/captures/<id>/complete``: a ``PENDING`` capture clears."""
    with standin.store.lock:
        capture = standin.store.captures.get(capture_id)
        if capture is None:
            return _json(404, {"error": f"no capture {capture_id}"})
        if not payments.complete_pending(standin, capture):
            return _json(409, {"error": f"capture {capture_id} is {capture.status}, not PENDING"})
        return _json(200, payments.capture_json(standin, capture))


def expire_tokens(standin, request):  # pylint: disable=unused-argument
    """``POST /_standin/tokens/expire``: every issued access token stops working (test token refresh)."""
    auth.expire_all(standin)
    return _json(200, {"expired": True})


ROUTES = [
    ("/", ["GET"], "index"),
    ("/_standin/health", ["GET"], "health"),
    ("/_standin/reset", ["POST"], "reset"),
    ("/_standin/violations", ["GET"], "violations"),
    ("/_standin/webhooks", ["GET", "POST"], "webhooks"),
    ("/_standin/webhooks/deliveries", ["GET"], "deliveries"),
    ("/_standin/orders/<order_id>/approve", ["POST"], "approve_order"),
    ("/_standin/captures/<capture_id>/refund", ["POST"], "refund_capture"),
    ("/_standin/captures/<capture_id>/complete", ["POST"], "complete_capture"),
    ("/_standin/tokens/expire", ["POST"], "expire_tokens"),
]
VIEWS = {"index": index, "health": health, "reset": reset, "violations": violations, "webhooks": webhooks,
         "deliveries": deliveries, "approve_order": approve_order, "refund_capture": refund_capture,
         "complete_capture": complete_capture, "expire_tokens": expire_tokens}
