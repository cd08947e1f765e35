"""The PayPal adapter: the only module that talks to PayPal (Orders v2, Payments v2, webhook verification).

Plain HTTP with `requests` (see the README for why not PayPal's generated SDK). It
hands back plain `PayPalOrder`/`PayPalRefund` values and turns PayPal's answers into
our domain errors, so the checkout never sees PayPal's JSON. Every POST that moves
money carries a `PayPal-Request-Id`, so a retry (ours, a double click, a webhook racing
the browser) returns PayPal's first answer instead of doing it twice. The access
token is fetched with the client credentials, kept until shortly before it expires,
and fetched again once when PayPal answers 401. Neither the secret nor tokens are logged.
"""
import logging
import threading
import time
from urllib.parse import urlencode

import requests

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.payments.domain import RefundInfo
from fee_training_xblock.payments.paypal_domain import (
    PayPalCapture,
    PayPalOrder,
    PayPalRefund,
    from_paypal_amount,
    to_paypal_value,
)

log = logging.getLogger(__name__)

API_BASES = {"sandbox": "https://api-m.sandbox.paypal.com", "live": "https://api-m.paypal.com"}
SDK_URL = "https://www.paypal.com/sdk/js"
UNAVAILABLE = _("PayPal cannot be reached right now. No money was taken; please try again in a minute.")
_tokens = {}
_tokens_lock = threading.Lock()


class PayPalIssue(PaymentError):
    """PayPal refused a request for a business reason; `issue` is PayPal's name for it (e.g. ORDER_NOT_APPROVED)."""

    def __init__(self, template, code, **params):
        super().__init__(template, **params)
        self.issue = code


def _first_issue(body):
    """PayPal's issue name of an error answer ('' when there is none)."""
    details = body.get("details") if isinstance(body, dict) else None
    if isinstance(details, list) and details and isinstance(details[0], dict):
        return str(details[0].get("issue") or "")
    return str(body.get("name") or "") if isinstance(body, dict) else ""


def _order(body):
    """PayPalOrder from Orders v2 JSON (full representation)."""
    unit = (body.get("purchase_units") or [{}])[0]
    captures = tuple(
        PayPalCapture(id=str(c.get("id", "")), status=str(c.get("status", "")),
                      amount=from_paypal_amount(c.get("amount")), custom_id=str(c.get("custom_id") or ""))
        for c in ((unit.get("payments") or {}).get("captures") or []))
    approve = [link.get("href", "") for link in body.get("links") or []
               if link.get("rel") in ("payer-action", "approve")]
    refunds = [from_paypal_amount(r.get("amount")) for r in ((unit.get("payments") or {}).get("refunds") or [])
               if r.get("status") in ("COMPLETED", "PENDING")]
    refunded = Money(sum(r.minor for r in refunds if r), refunds[0].currency) if refunds and refunds[0] else None
    return PayPalOrder(id=str(body.get("id", "")), status=str(body.get("status", "")),
                       amount=from_paypal_amount(unit.get("amount")),
                       reference_id=str(unit.get("reference_id") or ""), custom_id=str(unit.get("custom_id") or ""),
                       approve_url=approve[0] if approve else "", captures=captures, refunded=refunded)


def _refund(body):
    """PayPalRefund from Payments v2 refund JSON (full representation)."""
    up = [link.get("href", "") for link in body.get("links") or [] if link.get("rel") == "up"]
    breakdown = body.get("seller_payable_breakdown") or {}
    return PayPalRefund(id=str(body.get("id", "")), status=str(body.get("status", "")),
                        amount=from_paypal_amount(body.get("amount")),
                        total_refunded=from_paypal_amount(breakdown.get("total_refunded_amount")),
                        capture_id=up[0].rstrip("/").rsplit("/", 1)[-1] if up else "")


class PayPalGateway:
    """Our use of PayPal's REST API, for one REST app (client id and secret)."""

    def __init__(self, client_id, client_secret, api_base, timeout=10.0, extra_headers=None):
        if not client_id or not client_secret:
            raise PaymentsUnavailable(_("PayPal payments are not available on this site. Please contact the "
                                        "course team."))
        self.client_id, self._secret = client_id, client_secret
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout
        # Only for PayPal's negative testing (PayPal-Mock-Response) in tests against a sandbox or the stand-in.
        self.extra_headers = dict(extra_headers or {})
        self.session = requests.Session()

    # ---- transport -------------------------------------------------------

    def _token(self, renew=False):
        """A bearer token for this app, reused until a minute before PayPal says it expires."""
        key = (self.api_base, self.client_id)
        with _tokens_lock:
            cached = _tokens.get(key)
            if cached and not renew and cached[1] > time.monotonic():
                return cached[0]
        try:
            response = self.session.post(f"{self.api_base}/v1/oauth2/token", data={"grant_type": "client_credentials"},
                                         auth=(self.client_id, self._secret), timeout=self.timeout)
        except requests.RequestException as err:
            log.warning("PayPal token request failed: %s", type(err).__name__)
            raise PaymentsUnavailable(UNAVAILABLE) from err
        if response.status_code != 200:
            log.error("PayPal refused our client credentials (HTTP %s): check FEE_TRAINING['PAYPAL_CLIENT_ID'] "
                      "and PAYPAL_CLIENT_SECRET", response.status_code)
            raise PaymentsUnavailable(_("PayPal payments are not available on this site right now. "
                                      "Please contact the course team."))
        body = response.json()
        with _tokens_lock:
            _tokens[key] = (body["access_token"], time.monotonic() + max(int(body.get("expires_in", 0)) - 60, 0))
        return body["access_token"]

    def _headers(self, method, request_id, representation, renew):
        """Bearer token, JSON content type on POSTs, the idempotency key and the wanted representation."""
        headers = {"Authorization": f"Bearer {self._token(renew=renew)}", **self.extra_headers}
        if method == "POST":
            headers["Content-Type"] = "application/json"  # PayPal wants it even on a bodyless capture
            if representation:
                headers["Prefer"] = "return=representation"
        if request_id:
            headers["PayPal-Request-Id"] = request_id
        return headers

    def _call(self, method, path, body=None, request_id=None, representation=True, attempts=3):
        """One API call; the decoded JSON of a 2xx answer. Errors become PaymentError/PaymentsUnavailable.

        A network error or a 5xx is tried again only where that is safe: GETs, and POSTs
        with a PayPal-Request-Id (PayPal answers a repeat with its first answer). A 401
        gets one new token.
        """
        repeatable = method == "GET" or bool(request_id)
        renewed = False
        for attempt in range(1, attempts + 1):
            last = attempt == attempts or not repeatable
            try:
                response = self.session.request(method, self.api_base + path, json=body, timeout=self.timeout,
                                                headers=self._headers(method, request_id, representation, renewed))
            except requests.RequestException as err:
                log.warning("PayPal %s %s failed (%s), attempt %s", method, path, type(err).__name__, attempt)
                if last:
                    raise PaymentsUnavailable(UNAVAILABLE) from err
                continue
            if response.status_code == 401 and not renewed:
                renewed = True  # the token expired early or was revoked: one new token
                response = self.session.request(method, self.api_base + path, json=body, timeout=self.timeout,
                                                headers=self._headers(method, request_id, representation, True))
            if response.status_code < 500 or last:
                return self._answer(method, path, response)
        raise PaymentsUnavailable(UNAVAILABLE)  # not reached: the last attempt returns or raises

    def _answer(self, method, path, response):
        """The JSON of a successful answer; a domain error (logged with PayPal's debug id) otherwise."""
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        if 200 <= response.status_code < 300:
            return body
        issue = _first_issue(body)
        log.warning("PayPal %s %s answered %s %s (debug id %s)", method, path, response.status_code, issue,
                    body.get("debug_id", "") if isinstance(body, dict) else "")
        if response.status_code >= 500 or response.status_code == 429:
            raise PaymentsUnavailable(UNAVAILABLE)
        if response.status_code in (401, 403):
            raise PaymentsUnavailable(_("PayPal payments are not available on this site right now. "
                                      "Please contact the course team."))
        if response.status_code == 404:
            raise PayPalIssue(_("PayPal does not know this payment. Please start the payment again."),
                              issue or "NOT_FOUND")
        raise PayPalIssue(_("PayPal could not process this payment ({issue}). No money was taken; please try again."),
                          issue or "UNPROCESSABLE", issue=issue or response.status_code)

    # ---- Orders v2 -------------------------------------------------------

    def create_order(self, value, currency, fields, invoice_id, description, return_url, cancel_url, request_id):
        """A new CAPTURE order for `value` (PayPal's string) in `currency`; the buyer approves it next."""
        unit = {"amount": {"currency_code": currency, "value": value}, "invoice_id": invoice_id, **fields}
        if description:
            unit["description"] = description
        body = {"intent": "CAPTURE", "purchase_units": [unit], "payment_source": {"paypal": {"experience_context": {
            "return_url": return_url, "cancel_url": cancel_url, "user_action": "PAY_NOW",
            "shipping_preference": "NO_SHIPPING"}}}}
        return _order(self._call("POST", "/v2/checkout/orders", body, request_id=request_id))

    def get_order(self, order_id):
        """The order as PayPal sees it now."""
        return _order(self._call("GET", f"/v2/checkout/orders/{order_id}"))

    def capture_order(self, order_id, request_id):
        """Capture an approved order (idempotent under `request_id`); the order with its capture."""
        return _order(self._call("POST", f"/v2/checkout/orders/{order_id}/capture", request_id=request_id))

    # ---- Payments v2 -----------------------------------------------------

    def refund(self, order_id, amount=None, idempotency_key=None):
        """Refund the order's capture (what is left of it unless `amount` minor units are given): a RefundInfo.

        Takes the order id, like the Stripe adapter takes the PaymentIntent id, so the
        refund code does not care which way the payer paid.
        """
        order = self.get_order(order_id)
        capture = order.capture
        if capture is None:
            raise PaymentError(_("This PayPal payment was never captured, so there is nothing to refund."))
        body = {}
        if amount is not None:
            money = Money(int(amount), order.amount.currency)
            body["amount"] = {"currency_code": money.currency, "value": to_paypal_value(money)}
        refund = _refund(self._call("POST", f"/v2/payments/captures/{capture.id}/refund", body,
                                    request_id=idempotency_key))
        minor = refund.amount.minor if refund.amount else (order.amount.minor if order.amount else 0)
        return RefundInfo(id=refund.id, amount=minor, status=refund.status)

    def amount_refunded(self, order_id):
        """What PayPal has refunded of the order's capture so far, in minor units (dashboard refunds too)."""
        order = self.get_order(order_id)
        return order.refunded.minor if order.refunded else 0

    def get_refund(self, refund_id):
        """A refund as PayPal sees it now (with the capture's total refunded)."""
        return _refund(self._call("GET", f"/v2/payments/refunds/{refund_id}"))

    def get_capture_order_id(self, capture_id):
        """The id of the order a capture belongs to."""
        body = self._call("GET", f"/v2/payments/captures/{capture_id}")
        return str(((body.get("supplementary_data") or {}).get("related_ids") or {}).get("order_id") or "")

    # ---- Webhooks v1 -----------------------------------------------------

    def verify_webhook_signature(self, transmission, webhook_id, event):
        """True when PayPal says `event` (as parsed from the raw body) was signed by PayPal for `webhook_id`.

        `transmission`: auth_algo, cert_url, transmission_id, transmission_sig and
        transmission_time from the delivery's PAYPAL-* headers.
        """
        body = {**transmission, "webhook_id": webhook_id, "webhook_event": event}
        answer = self._call("POST", "/v1/notifications/verify-webhook-signature", body, representation=False)
        return answer.get("verification_status") == "SUCCESS"


def api_base():
    """The REST base URL: PAYPAL_API_BASE when set, else PayPal's sandbox or live host."""
    return setting("PAYPAL_API_BASE") or API_BASES.get(setting("PAYPAL_ENVIRONMENT"), API_BASES["sandbox"])


def sdk_url(currency):
    """Where the browser loads PayPal's JS SDK for `currency` (the client id is public by design)."""
    query = urlencode({"client-id": setting("PAYPAL_CLIENT_ID"), "currency": currency, "intent": "capture"})
    return f"{setting('PAYPAL_SDK_URL') or SDK_URL}?{query}"


def get_gateway():
    """A PayPalGateway configured from FEE_TRAINING settings."""
    return PayPalGateway(setting("PAYPAL_CLIENT_ID"), setting("PAYPAL_CLIENT_SECRET"), api_base(),
                         timeout=setting("PAYPAL_TIMEOUT_SECONDS"))
