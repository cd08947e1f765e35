"""Run localstripe (a fake, stateful Stripe API from PyPI) as a subprocess for the tests.

localstripe listens on all interfaces (IPv6 ``::``) on the given port, accepts any
``sk_test_...`` key, keeps its state in memory (``--from-scratch`` ignores the fixed
state file /tmp/localstripe.pickle) and serves a fake Stripe.js at ``/js.stripe.com/v3/``.
Its ``DELETE /_config/data`` clears objects but not registered webhooks, so this
helper remembers the webhooks it registered and mutes them on ``flush()``.
Events are sent about 1 s after they happen, to the webhooks registered *then*: a
webhook test can receive events caused by the test before it, so it must pick out the
events of the objects it created (e.g. by PaymentIntent id or metadata).
"""
import logging
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from tests.support import free_port
from tests.support.server import ServerProcess

log = logging.getLogger(__name__)

TEST_API_KEY = "sk_test_fee_training_placeholder"
MUTED_EVENT = "fee_training.muted"  # no event has this type: the webhook never fires


class LocalStripe(ServerProcess):
    """A running localstripe process: its URLs and the /_config/ endpoints."""

    name = "localstripe"

    def __init__(self, port=None):
        super().__init__()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.js_url = f"{self.url}/js.stripe.com/v3/"
        self._webhook_ids = set()

    def command(self):
        """``localstripe --port PORT --from-scratch`` from our virtualenv."""
        return [os.path.join(os.path.dirname(sys.executable), "localstripe"), "--port", str(self.port), "--from-scratch"]

    def ping(self):
        """Any API call answers once localstripe is up."""
        self._request("GET", "/v1/customers")

    def _request(self, method, path, form=None):
        """Send one HTTP request with a test key; return the body (raises on HTTP errors)."""
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Authorization": f"Bearer {TEST_API_KEY}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def flush(self):
        """Delete every Stripe object and mute the webhooks registered so far."""
        self._request("DELETE", "/_config/data")
        for webhook_id in self._webhook_ids:
            self._request("POST", f"/_config/webhooks/{webhook_id}",
                          {"url": "http://127.0.0.1:9/", "secret": "whsec_test_muted",
                           "events[]": [MUTED_EVENT]})

    def register_webhook(self, webhook_id, url, secret, events=None):
        """Make localstripe POST signed events to ``url`` (about 1 s after they happen).

        ``events``: optional list of event types to send; all events when None.
        """
        form = {"url": url, "secret": secret}
        if events:
            form["events[]"] = list(events)
        self._request("POST", f"/_config/webhooks/{webhook_id}", form)
        self._webhook_ids.add(webhook_id)
