"""Run the PayPal stand-in (demo/paypal_standin) as a subprocess for the tests, and talk to it.

No PayPal sandbox can be reached from these machines, so PayPal is replaced by a local
stand-in that checks every call against PayPal's own OpenAPI documents. This handle starts it
on a free port with fixed test credentials, waits until it answers, and wraps its
``/_standin/`` hooks; ``paypal_settings`` points the plugin at it. :class:`ApiClient` is a tiny client for PayPal's REST API as the
stand-in serves it (urllib only), for tests of the stand-in itself.
"""
import base64
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.support import free_port
from tests.support.server import ServerProcess

log = logging.getLogger(__name__)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEST_CLIENT_ID = "standin-test-client"
TEST_CLIENT_SECRET = "standin-test-secret-not-a-real-one"
WEBHOOK_ID = "TESTWEBHOOK1"


def paypal_settings(standin, **extra):
    """FEE_TRAINING keys for a site that offers cards and PayPal, with PayPal pointed at `standin`."""
    return {
        "PAYMENTS_ENABLED": True,
        "PAYMENT_METHODS": "card,paypal",
        "PAYPAL_CLIENT_ID": standin.client_id,
        "PAYPAL_CLIENT_SECRET": standin.client_secret,
        "PAYPAL_WEBHOOK_ID": WEBHOOK_ID,
        "PAYPAL_ENVIRONMENT": "sandbox",
        "PAYPAL_API_BASE": standin.url,
        "PAYPAL_SDK_URL": f"{standin.url}/sdk/js",
        "PAYPAL_TIMEOUT_SECONDS": 5,
        **extra,
    }


class PayPalStandIn(ServerProcess):
    """A running ``python -m demo.paypal_standin`` process: ``.url`` and the hooks under /_standin/."""

    name = "PayPal stand-in"

    def __init__(self, port=None, client_id=TEST_CLIENT_ID, client_secret=TEST_CLIENT_SECRET, webhook_delay=0.2):
        super().__init__()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.client_id, self.client_secret = client_id, client_secret
        self.webhook_delay = webhook_delay

    def sdk_url(self, currency="USD", intent="capture"):
        """The JS SDK stand-in's URL, as a page would load PayPal's SDK."""
        query = urllib.parse.urlencode({"client-id": self.client_id, "currency": currency, "intent": intent})
        return f"{self.url}/sdk/js?{query}"

    def command(self):
        """``python -m demo.paypal_standin`` on our port with the test client id."""
        return [sys.executable, "-m", "demo.paypal_standin", "--port", str(self.port),
                "--client-id", self.client_id, "--webhook-delay", str(self.webhook_delay)]

    def environment(self):
        """The secret goes through the environment, not the command line (which `ps` shows)."""
        return {**os.environ, "PAYPAL_STANDIN_CLIENT_SECRET": self.client_secret,
                "PYTHONPATH": os.pathsep.join(filter(None, [REPO_ROOT, os.environ.get("PYTHONPATH")]))}

    def cwd(self):
        """The repository root (the stand-in is the package demo.paypal_standin)."""
        return REPO_ROOT

    def ping(self):
        """``/_standin/health`` answers once the stand-in is up."""
        self._hook("GET", "/_standin/health")

    def _hook(self, method, path, body=None):
        """Call a ``/_standin/`` hook; return its JSON (raises HTTPError on 4xx/5xx)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def reset(self):
        """Forget all orders, tokens, webhooks, deliveries and violations (queued events are dropped)."""
        self._hook("POST", "/_standin/reset")

    def register_webhook(self, url, webhook_id):
        """Have signed events POSTed to ``url`` for ``webhook_id`` (letters and digits only)."""
        return self._hook("POST", "/_standin/webhooks", {"url": url, "webhook_id": webhook_id})

    def violations(self):
        """Contract violations recorded since the last reset (a test passes with ``== []``)."""
        return self._hook("GET", "/_standin/violations")["violations"]

    def approve(self, order_id):
        """The buyer approves ``order_id`` without a browser; returns the order."""
        return self._hook("POST", f"/_standin/orders/{order_id}/approve")

    def refund_in_dashboard(self, capture_id, amount=None):
        """A refund made in PayPal's web interface (``amount``: PayPal money dict; None: all left)."""
        return self._hook("POST", f"/_standin/captures/{capture_id}/refund", {"amount": amount} if amount else {})

    def complete_capture(self, capture_id):
        """A ``PENDING`` capture clears (sends ``PAYMENT.CAPTURE.COMPLETED``)."""
        return self._hook("POST", f"/_standin/captures/{capture_id}/complete")

    def expire_tokens(self):
        """Every access token issued so far stops working."""
        self._hook("POST", "/_standin/tokens/expire")

    def deliveries(self):
        """Webhook deliveries so far: event, target, attempts, HTTP status, ``delivered``."""
        return self._hook("GET", "/_standin/webhooks/deliveries")["deliveries"]

    def wait_for_deliveries(self, count, timeout=10):
        """Poll until ``count`` deliveries succeeded; return all deliveries (raises on timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.deliveries()
            if sum(1 for d in found if d["delivered"]) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} delivered webhooks, got {found}")
            time.sleep(0.1)

    def client(self):
        """An :class:`ApiClient` holding an access token for the test credentials."""
        return ApiClient(self.url, self.client_id, self.client_secret)


class ApiClient:
    """PayPal's REST API over plain HTTP, as an adapter would call it (bearer token, JSON)."""

    def __init__(self, url, client_id, client_secret):
        self.url = url
        self.basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self.token = self.fetch_token()

    def fetch_token(self):
        """``POST /v1/oauth2/token`` with the client credentials; return the access token."""
        status, body, _ = self.call("POST", "/v1/oauth2/token", raw=b"grant_type=client_credentials", headers={
            "Authorization": f"Basic {self.basic}", "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200, body
        return body["access_token"]

    def call(self, method, path, body=None, headers=None, raw=None):
        """One request; returns ``(status, json body or None, headers)`` for any status."""
        all_headers = {"Authorization": f"Bearer {getattr(self, 'token', '')}"}
        if method == "POST":
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, text, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read(), error.headers
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        return status, parsed, got

    def create_order(self, value="49.00", currency="USD", headers=None, **unit):
        """``POST /v2/checkout/orders`` for one purchase unit, PayPal wallet with return/cancel URLs."""
        body = {
            "intent": "CAPTURE",
            "purchase_units": [{"amount": {"currency_code": currency, "value": value}, **unit}],
            "payment_source": {"paypal": {"experience_context": {
                "return_url": "http://127.0.0.1:9/return", "cancel_url": "http://127.0.0.1:9/cancel",
                "user_action": "PAY_NOW", "shipping_preference": "NO_SHIPPING"}}},
        }
        return self.call("POST", "/v2/checkout/orders", body, headers)

    def capture(self, order_id, headers=None):
        """``POST /v2/checkout/orders/{id}/capture`` (no body, as PayPal's guides do it)."""
        return self.call("POST", f"/v2/checkout/orders/{order_id}/capture", None, headers)
