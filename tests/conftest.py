"""Shared fixtures: localstripe, the PayPal stand-in, the browser launch options and the live workbench server.

The database (MariaDB or SQLite) is set up by tests/plugin_mariadb.py and pytest-django.
PayPal cannot be reached from these machines: PayPal tests run against the stand-in in
demo/paypal_standin, which checks every call against PayPal's own OpenAPI documents.
"""
import http.server
import os
import threading

import pytest

from tests.support.localstripe import LocalStripe
from tests.support.paypal import WEBHOOK_ID, PayPalStandIn, paypal_settings
from tests.support.runtime import NoAsidesUnlessConfigured
from tests.support.stripe_cards import stripe_settings

# Playwright's sync API keeps an asyncio loop running in the main thread, which makes
# Django refuse ORM calls there (SynchronousOnlyOperation), e.g. when pytest-django
# flushes the database after a browser test. The calls are not concurrent: allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def _workbench_applies_no_asides():
    """The workbench pages the tests load apply asides as the LMS does: none unless configured.

    The SDK's WorkbenchRuntime keeps the base Runtime's scan of every installed
    package for asides on each render of each block (about 12 ms a time).
    """
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WorkbenchRuntime, "aside_types", (), raising=False)
        patch.setattr(WorkbenchRuntime, "applicable_aside_types", NoAsidesUnlessConfigured.applicable_aside_types)
        yield


@pytest.fixture(scope="session")
def localstripe_server():
    """A localstripe process for the whole session (.url, .js_url, .flush(), .register_webhook())."""
    server = LocalStripe().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_api(localstripe_server):  # pylint: disable=redefined-outer-name
    """The session's localstripe, emptied (objects deleted, webhooks muted) before the test."""
    localstripe_server.flush()
    return localstripe_server


@pytest.fixture
def payments_on(settings, stripe_api):  # pylint: disable=redefined-outer-name
    """Payments switched on and pointed at the test's localstripe."""
    settings.FEE_TRAINING = stripe_settings(stripe_api)
    return stripe_api


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


@pytest.fixture
def paypal_on(settings, stripe_api, paypal):  # pylint: disable=redefined-outer-name
    """Payments on with both ways to pay: cards on localstripe, PayPal on the stand-in.

    After the test, the stand-in must have seen no call outside PayPal's documents.
    """
    settings.FEE_TRAINING = {**stripe_settings(stripe_api), **paypal_settings(paypal)}
    yield paypal
    assert paypal.violations() == []


@pytest.fixture
def paypal_webhooks(paypal_on, workbench_server):  # pylint: disable=redefined-outer-name
    """paypal_on, with the stand-in posting its signed events to the live server's PayPal webhook."""
    paypal_on.register_webhook(f"{workbench_server.url}/fee_training/webhook/paypal/", WEBHOOK_ID)
    return paypal_on


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # pylint: disable=redefined-outer-name
    """pytest-playwright launch options: Debian's Chromium, headless unless --headed."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def workbench_server(live_server):
    """The Django app of tests.settings (workbench + plugin) over HTTP: ``.url`` is its root.

    This is pytest-django's ``live_server``: tests that use it get transactional database
    access automatically, and the server thread opens its own connections, so it sees
    only committed data (what the test saved) and the test sees what it committed.
    """
    return live_server


@pytest.fixture(autouse=True)
def _fresh_workbench_scenarios(request):
    """Reload workbench scenarios for tests that load workbench pages.

    The workbench keeps scenario field data (fees, children) in the database, which
    each test rolls back or flushes, while the scenario list itself stays in memory.
    Without a reload, a second test would see blocks with no settings and no children.
    """
    if not {"client", "workbench_server", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("workbench_server" if "workbench_server" in request.fixturenames else "db")
    from workbench.scenarios import init_scenarios  # pylint: disable=import-outside-toplevel
    init_scenarios()


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server (aiosmtpd) for the whole session; see tests/support/smtp.py."""
    from tests.support.smtp import SmtpServer  # pylint: disable=import-outside-toplevel
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(settings, smtp_server):  # pylint: disable=redefined-outer-name
    """Django sends email to the session's SMTP server, emptied before the test."""
    smtp_server.clear()
    for name, value in smtp_server.django_settings().items():
        setattr(settings, name, value)
    return smtp_server
@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Rate limits (failed payments, wrong promo codes) live in the Django cache: start each test with none."""
    from django.core.cache import cache  # pylint: disable=import-outside-toplevel
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def celery_worker():
    """A Celery app with an in-memory broker (so tasks are queued, not run inline) and a running worker.

    Celery's own test worker (celery.contrib.testing) consumes in this process: tasks go
    through Celery's real publishing, routing and execution. Yields the (task name, body)
    of every message published. Afterwards the app in charge has no broker again, in
    every thread: start_worker leaves its app as the default of threads that set none
    (a later test's threads would otherwise queue to a broker nobody consumes).
    """
    from celery import Celery  # pylint: disable=import-outside-toplevel
    from celery.contrib.testing.worker import start_worker  # pylint: disable=import-outside-toplevel
    from celery.signals import before_task_publish  # pylint: disable=import-outside-toplevel
    app = Celery("fee-training-tests", broker="memory://", backend="cache+memory://", set_as_current=True)
    app.conf.update(task_always_eager=False, worker_hijack_root_logger=False)
    published = []

    def remember(sender=None, body=None, **kwargs):  # pylint: disable=unused-argument
        published.append((sender, body))

    before_task_publish.connect(remember, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield published
    finally:
        before_task_publish.disconnect(remember)
        Celery("fee-training-default", set_as_current=True).set_default()  # later tests see no broker again
