"""The WSGI application: routing, and the pipeline every call to a documented endpoint goes through.

Pipeline of an API call: bearer token -> JSON body -> contract check of the request (400
``INVALID_REQUEST``, recorded) -> ``PayPal-Request-Id`` replay -> ``PayPal-Mock-Response`` ->
handler (under the store's lock) -> contract check of the response (a failure is a stand-in
bug: 500, recorded). Pages, the JS SDK, the token endpoint and the ``/_standin/`` hooks are
outside the documents and skip the contract check.
"""
import json
import logging
import time

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from . import admin, auth, orders, pages, payments
from .contract import Contract, Operation
from .errors import ApiError, authentication_failure, debug_id, internal_error, paypal_error
from .state import IDEMPOTENCY_LIFETIME, Store
from .webhooks import Webhooks

log = logging.getLogger(__name__)

OPS = {op.operation_id: op for op in [
    Operation("orders", "POST", "/v2/checkout/orders", "orders.create"),
    Operation("orders", "GET", "/v2/checkout/orders/{id}", "orders.get"),
    Operation("orders", "POST", "/v2/checkout/orders/{id}/capture", "orders.capture"),
    Operation("payments", "GET", "/v2/payments/captures/{capture_id}", "captures.get"),
    Operation("payments", "POST", "/v2/payments/captures/{capture_id}/refund", "captures.refund"),
    Operation("payments", "GET", "/v2/payments/refunds/{refund_id}", "refunds.get"),
    Operation("webhooks", "POST", "/v1/notifications/verify-webhook-signature", "verify-webhook-signature.post"),
]}
# Mock codes a handler acts on itself; any other code the documents list for the operation
# is answered generically with that error, as PayPal's negative testing does.
HANDLED_MOCK_CODES = {"orders.capture": {"INSTRUMENT_DECLINED", "STANDIN_CAPTURE_DECLINED", "STANDIN_CAPTURE_PENDING"}}


def _verify(standin, op, client_id, args, body, minimal):  # pylint: disable=unused-argument
    """``POST /v1/notifications/verify-webhook-signature``."""
    return 200, {"verification_status": standin.webhooks.verify(body)}


HANDLERS = {
    "orders.create": lambda s, op, c, a, b, m, mock: orders.create_order(s, op, c, b, m),
    "orders.get": lambda s, op, c, a, b, m, mock: orders.get_order(s, op, c, a["id"]),
    "orders.capture": lambda s, op, c, a, b, m, mock: orders.capture_order(s, op, c, a["id"], m, mock),
    "captures.get": lambda s, op, c, a, b, m, mock: payments.get_capture(s, op, c, a["capture_id"]),
    "captures.refund": lambda s, op, c, a, b, m, mock: payments.refund_capture(s, op, c, a["capture_id"], b, m),
    "refunds.get": lambda s, op, c, a, b, m, mock: payments.get_refund(s, op, c, a["refund_id"]),
    "verify-webhook-signature.post": lambda s, op, c, a, b, m, mock: _verify(s, op, c, a, b, m),
}


def _rule_path(op):
    """werkzeug rule for a document path template (``{id}`` -> ``<id>``)."""
    return op.path.replace("{", "<").replace("}", ">")


class StandIn:
    """One stand-in: state, contract, webhooks, and the WSGI callable (``standin(environ, start_response)``)."""

    def __init__(self, base_url, client_id=None, client_secret=None, webhook_delay=0.3):
        self.base_url = base_url.rstrip("/")
        self.credentials = (client_id, client_secret) if client_id and client_secret else None
        self.store = Store()
        self.contract = Contract()
        self.webhooks = Webhooks(self, delay=webhook_delay)
        rules = [Rule(_rule_path(op), methods=[op.method], endpoint=("api", op.operation_id)) for op in OPS.values()]
        rules += [Rule(path, methods=methods, endpoint=("page", endpoint))
                  for path, methods, endpoint in [*pages.ROUTES, *admin.ROUTES]]
        rules.append(Rule("/v1/oauth2/token", methods=["POST"], endpoint=("token", None)))
        self.url_map = Map(rules, strict_slashes=False)

    def emit(self, event_type, resource):
        """Send a webhook event about ``resource`` to every registered listener."""
        return self.webhooks.emit(event_type, resource)

    def __call__(self, environ, start_response):
        """WSGI entry point: dispatch, then log method, path, status and time (no headers, no bodies)."""
        request = Request(environ)
        started = time.monotonic()
        response = self.dispatch(request)
        log.info("%s %s -> %s (%.0f ms)", request.method, request.path, response.status_code,
                 (time.monotonic() - started) * 1000)
        return response(environ, start_response)

    def dispatch(self, request):
        """Route one request to the API pipeline, a page/admin view or the token endpoint."""
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            (kind, name), args = adapter.match()
        except (NotFound, MethodNotAllowed) as error:
            return self._not_routed(request, error)
        except HTTPException as error:
            return error.get_response()
        if kind == "api":
            return self.api_call(request, OPS[name], args)
        if kind == "token":
            status, body = auth.issue_token(self, request)
            return _json(status, body)
        return pages.VIEWS.get(name, admin.VIEWS.get(name))(self, request, **args)

    def _not_routed(self, request, error):
        """404/405; an operation the documents define but the stand-in lacks is 501 and recorded."""
        doc = self.contract.in_spec(request.method, request.path)
        if doc is None:
            return error.get_response()
        self.store.record_violation("unimplemented", request.method, request.path, None,
                                    [f"{request.method} {request.path} is in PayPal's {doc} document "
                                     "but not implemented by the stand-in"])
        return _json(501, {"name": "NOT_IMPLEMENTED", "message": "The PayPal stand-in does not implement "
                           "this endpoint (it is recorded under /_standin/violations)."})

    def api_call(self, request, op, args):
        """The full pipeline for a documented operation (see the module docstring)."""
        try:
            status, body = self._api_result(request, op, args)
        except ApiError as error:
            status, body = error.status, error.body
            extra_headers = error.headers
        else:
            extra_headers = {}
        response = _json(status, body, {"Paypal-Debug-Id": body.get("debug_id") or debug_id(), **extra_headers})
        problems = self.contract.response_errors(op, request, response)
        if problems:
            self.store.record_violation("response", request.method, request.path, op.operation_id,
                                        [f"{type(p).__name__}: {p}" for p in problems])
            log.error("response to %s %s fails the contract: %s", request.method, request.path, problems)
            error = internal_error(self.contract, op)
            return _json(500, error.body, {"Paypal-Debug-Id": error.body["debug_id"]})
        return response

    def _api_result(self, request, op, args):
        """``(status, body)`` of an API call; raises :class:`ApiError` for PayPal's error answers."""
        client_id = auth.client_for(self, request)
        if client_id is None:
            raise authentication_failure(self.contract, op)
        if request.method == "POST" and request.mimetype != "application/json":
            # PayPal requires the header even for a bodyless capture; the documents do not say so.
            raise paypal_error(self.contract, op, 415, "UNSUPPORTED_MEDIA_TYPE")
        body = {}
        if request.get_data():
            try:
                body = json.loads(request.get_data())
            except ValueError:
                self.store.record_violation("request", request.method, request.path, op.operation_id,
                                            ["body is not JSON"])
                raise paypal_error(self.contract, op, 400, "MALFORMED_REQUEST_JSON", location="body") from None
        errors = self.contract.request_errors(op, request)
        if errors:
            details, messages = self.contract.validation_details(op, errors)
            self.store.record_violation("request", request.method, request.path, op.operation_id, messages)
            raise paypal_error(self.contract, op, 400, details=details)
        # Only operations that document the header get idempotency (verify-webhook-signature does not).
        takes_id = self.contract.takes_header(op, "PayPal-Request-Id")
        request_id = request.headers.get("PayPal-Request-Id") if takes_id else None
        key = (client_id, op.method, request.path, request_id)
        minimal = request.headers.get("Prefer", "return=minimal").strip() != "return=representation"
        with self.store.lock:
            if request_id:
                stored = self.store.idempotency.get(key)
                if stored and stored[0] > time.monotonic():
                    return self._replay_status(op, stored[1]), stored[2]
            mock = _mock_code(request)
            if mock and mock not in HANDLED_MOCK_CODES.get(op.operation_id, ()):
                for status in (400, 403, 404, 409, 422):
                    if mock in self.contract.issues(op, status):
                        raise paypal_error(self.contract, op, status, mock)
                log.warning("mock code %s is not an error of %s: ignored", mock, op.operation_id)
            status, result = HANDLERS[op.operation_id](self, op, client_id, args, body, minimal, mock)
            if request_id and 200 <= status < 300:
                self.store.idempotency[key] = (time.monotonic() + IDEMPOTENCY_LIFETIME, status, result)
        return status, result

    def _replay_status(self, op, status):
        """A replayed success answers 200 where the documents describe a 200 for idempotent
        retries (Orders), else the original status (a refund replay stays 201)."""
        document = self.contract.documents[op.doc]
        responses = document["paths"][op.path][op.method.lower()]["responses"]
        return 200 if status == 201 and "200" in responses else status


def _mock_code(request):
    """The ``mock_application_codes`` of a ``PayPal-Mock-Response`` header, or None."""
    header = request.headers.get("PayPal-Mock-Response")
    if not header:
        return None
    try:
        return json.loads(header).get("mock_application_codes")
    except (ValueError, AttributeError):
        return None


def _json(status, body, headers=None):
    """A JSON response."""
    return Response(json.dumps(body), status=status, headers=headers or {}, mimetype="application/json")
