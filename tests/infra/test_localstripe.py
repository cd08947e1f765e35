"""Infrastructure check: localstripe answers the Stripe client and delivers signed webhooks."""
import http.server
import json
import threading
import time

import pytest
import stripe

from tests.support import free_port

pytestmark = pytest.mark.stripe

API_KEY = "sk_test_123"
WEBHOOK_SECRET = "whsec_test_infra"


def make_client(server):
    """A stripe client pointed at localstripe."""
    return stripe.StripeClient(API_KEY, base_addresses={"api": server.url})


def test_payment_intent_succeeds(stripe_api):
    """pm_card_visa + confirm=True is charged at once."""
    intent = make_client(stripe_api).v1.payment_intents.create(params={
        "amount": 4999, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True,
    })
    assert intent.status == "succeeded"
    assert intent.amount == 4999


def test_3ds_card_requires_action(stripe_api):
    """A 3D Secure test card leaves the intent waiting for authentication."""
    client = make_client(stripe_api)
    method = client.v1.payment_methods.create(params={
        "type": "card",
        "card": {"number": "4000002760003184", "exp_month": 12, "exp_year": 2040, "cvc": "123"},
    })
    intent = client.v1.payment_intents.create(params={
        "amount": 1500, "currency": "eur", "payment_method": method.id, "confirm": True,
    })
    assert intent.status == "requires_action"


class _Receiver(http.server.BaseHTTPRequestHandler):
    """Collects POSTed bodies and their Stripe-Signature header into ``server.received``."""

    def do_POST(self):  # pylint: disable=invalid-name
        """Store the request and answer 200."""
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Stay quiet."""


@pytest.fixture
def webhook_receiver():
    """A tiny HTTP server on a free port collecting webhook deliveries."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Receiver)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_webhook_is_delivered_and_verifies(stripe_api, webhook_receiver):
    """payment_intent.succeeded reaches our endpoint, signed with the registered secret."""
    url = f"http://127.0.0.1:{webhook_receiver.server_port}/webhook"
    stripe_api.register_webhook("infra", url, WEBHOOK_SECRET)
    intent = make_client(stripe_api).v1.payment_intents.create(params={
        "amount": 4999, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True,
        "metadata": {"order": "infra-1"},
    })

    # Events are sent ~1 s after they happen, to the webhooks registered at that moment:
    # events of an earlier test can arrive too, so look for this intent's own event.
    def ours(event):
        return event.type == "payment_intent.succeeded" and event.data.object.id == intent.id

    deadline = time.monotonic() + 10
    events = []
    while not any(map(ours, events)) and time.monotonic() < deadline:
        time.sleep(0.2)
        events = [stripe.Webhook.construct_event(body, signature, WEBHOOK_SECRET)
                  for body, signature in list(webhook_receiver.received)]
    assert any(map(ours, events)), f"no payment_intent.succeeded within 10 s; got {[e.type for e in events]}"
    assert next(filter(ours, events)).data.object.metadata["order"] == "infra-1"
    assert json.loads(webhook_receiver.received[0][0])["object"] == "event"

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(*webhook_receiver.received[0], "whsec_test_wrong")
