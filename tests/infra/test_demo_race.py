"""The demo under two racing tabs (issue 14, item 15): its SQLite database behaves like production.

The demo's own Django settings (demo.settings) serve the workbench over HTTP from a
subprocess, on a throwaway SQLite file, with payments going to the session's
localstripe. Several tabs of one learner press Pay at once: no "database is locked"
500, one charge, one grant, and the other tabs are told the content is already theirs.
"""
import http.cookiejar
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.support import die_with_parent, free_port
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.stripe]

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABS = 4
ROUNDS = 3


@pytest.fixture
def demo_server(stripe_api, tmp_path):
    """The demo's Django app (demo.settings, SQLite in tmp_path) served by runserver; yields (url, db path)."""
    db = tmp_path / "demo.db"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "demo.settings", "PYTHONPATH": str(ROOT), "EXCLUDE_SAMPLE_XBLOCKS": "yes",
        "WORKBENCH_DATABASES": json.dumps({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}}),
        "FEE_TRAINING_PAYMENTS_ENABLED": "yes", "FEE_TRAINING_STRIPE_SECRET_KEY": "sk_test_demo",
        "FEE_TRAINING_STRIPE_PUBLISHABLE_KEY": "pk_test_demo", "FEE_TRAINING_STRIPE_WEBHOOK_SECRET": "whsec_demo",
        "FEE_TRAINING_STRIPE_API_BASE": stripe_api.url,
        "FEE_TRAINING_STRIPE_JS_URL": stripe_api.js_url, "FEE_TRAINING_STRIPE_MAX_RETRIES": "0",
        "DEMO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    (ROOT / "var").mkdir(exist_ok=True)  # the workbench logs (errors included) to var/workbench.log
    workbench_log = ROOT / "var" / "workbench.log"
    log_start = workbench_log.stat().st_size if workbench_log.exists() else 0
    admin = str(pathlib.Path(sys.executable).with_name("django-admin"))
    subprocess.run([admin, "migrate", "--run-syncdb", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    log = open(tmp_path / "server.log", "w", encoding="utf-8")  # pylint: disable=consider-using-with
    server = subprocess.Popen(  # pylint: disable=consider-using-with
        [admin, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env, stdout=log,
        stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=15).read()
            break
        except (urllib.error.URLError, OSError):
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
    yield url, db, tmp_path / "server.log", lambda: (workbench_log.read_bytes()[log_start:].decode(errors="replace")
                                                      if workbench_log.exists() else "")
    server.terminate()
    server.wait(timeout=10)
    log.close()


def open_tab(url, student):
    """(an opener with the tab's cookies, the CSRF token, the block's handler base URL) after loading the page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{url}/scenario/fee_training.0/?student={student}", timeout=10).read().decode()
    usage = re.search(r"data-usage='([^']+\.fee_training\.[^']+)'", html).group(1)
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    return opener, token, f"{url}/handler/{usage}"


def post(opener, token, url, payload):
    """POST JSON like the page's JavaScript; (status, decoded body)."""
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-CSRFToken": token})
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        body = err.read()
        try:
            return err.code, json.loads(body)
        except ValueError:
            return err.code, body.decode(errors="replace")[:300]


def test_tabs_paying_at_once_in_the_demo_get_no_500_and_one_charge(demo_server, stripe_api):
    url, db, server_log, errors_logged = demo_server
    for round_ in range(ROUNDS):
        student = f"racer{round_}"
        tabs = [open_tab(url, student) for _ in range(TABS)]
        tokens = [card_token(stripe_api, VISA) for _ in range(TABS)]
        barrier, results = threading.Barrier(TABS), [None] * TABS

        def press_pay(i, tabs=tabs, tokens=tokens, barrier=barrier, results=results, student=student):
            opener, token, base = tabs[i]
            barrier.wait(10)
            results[i] = post(opener, token, f"{base}/start_payment/?student={student}", {"card_token": tokens[i]})

        threads = [threading.Thread(target=press_pay, args=(i,)) for i in range(TABS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        statuses = [status for status, _ in results]
        assert all(status < 500 for status in statuses), (statuses, errors_logged()[-2000:])
        replies = [body.get("status") for status, body in results if status == 200]
        assert "paid" in replies and set(replies) <= {"paid", "already_paid"}, results
        # Tabs that saw "paid" saw the one payment (a tab that waited for the lock reports it too).
        assert len({body["payment_intent_id"] for _, body in results if body.get("status") == "paid"}) == 1
        with sqlite3.connect(db) as conn:
            paid = conn.execute("SELECT COUNT(*) FROM fee_training_xblock_payment WHERE payer_key=? AND "
                                "status='paid'", (student,)).fetchone()[0]
            grants = conn.execute("SELECT COUNT(*) FROM fee_training_xblock_accessgrant WHERE user_key=? AND "
                                  "revoked_at IS NULL", (student,)).fetchone()[0]
        assert (paid, grants) == (1, 1)
    assert "database is locked" not in server_log.read_text() + errors_logged()
