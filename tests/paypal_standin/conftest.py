"""Fixtures: the PayPal stand-in (one process per session, reset per test) and a webhook receiver."""
import http.server
import threading

import pytest

from tests.support.paypal import PayPalStandIn


@pytest.fixture(scope="session")
def paypal_standin_server():
    """A PayPal stand-in process for the whole session (see tests/support/paypal.py)."""
    server = PayPalStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def paypal(paypal_standin_server):  # pylint: disable=redefined-outer-name
    """The session's stand-in, emptied before the test."""
    paypal_standin_server.reset()
    return paypal_standin_server


@pytest.fixture
def api(paypal):  # pylint: disable=redefined-outer-name
    """An API client with a fresh access token for the test credentials."""
    return paypal.client()


class _Receiver(http.server.BaseHTTPRequestHandler):
    """Stores each POSTed raw body with its headers in ``server.received``."""

    def do_POST(self):  # pylint: disable=invalid-name
        """Keep the request; answer 200."""
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((body, {k.upper(): v for k, v in self.headers.items()}))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Stay quiet."""


@pytest.fixture
def webhook_receiver():
    """A local HTTP listener for webhooks: ``.url`` and ``.received`` [(raw body, HEADERS)]."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []
    server.url = f"http://127.0.0.1:{server.server_port}/paypal-webhook"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
