"""The README's demo instructions as a newcomer runs them: ports, commands, restart, reset (issue 14).

`scripts/demo.sh` is started for real (localstripe and the workbench) on ports chosen by
DEMO_PORT and LOCALSTRIPE_PORT; the invoice command runs in the demo as the README shows;
a restart starts from data that matches the (empty) localstripe; `make demo-reset` keeps
.venv; no step needs curl.
"""
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.support import free_port

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
PYTHON = str(pathlib.Path(sys.executable))


def run_demo(tmp_path, demo_port, stripe_port, paypal_port):
    """Start scripts/demo.sh in a copy of the repository's files; (process, log path)."""
    log = tmp_path / f"demo-{demo_port}.log"
    env = {**os.environ, "DEMO_PORT": str(demo_port), "LOCALSTRIPE_PORT": str(stripe_port),
           "PAYPAL_STANDIN_PORT": str(paypal_port), "PATH": "/usr/bin:/bin"}  # no curl needed: only the .venv's Python
    for name in ("FEE_TRAINING_STRIPE_SECRET_KEY", "FEE_TRAINING_STRIPE_PUBLISHABLE_KEY", "DJANGO_SETTINGS_MODULE",
                 "FEE_TRAINING_PAYPAL_CLIENT_ID", "FEE_TRAINING_PAYPAL_CLIENT_SECRET"):
        env.pop(name, None)
    # Ctrl-C must reach the demo's trap even when pytest itself runs with SIGINT ignored (started in the
    # background by a non-interactive shell, e.g. `make test &`): bash cannot trap a signal ignored at its start.
    process = subprocess.Popen(["bash", "scripts/demo.sh"], cwd=tmp_path / "repo", env=env,  # noqa: S603
                               stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True,  # pylint: disable=consider-using-with
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{demo_port}/", timeout=5).read()
            return process, log
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                if process.poll() is None:
                    stop(process)  # never leave a demo (and its localstripe) running after a failure
                raise AssertionError(log.read_text()) from None
            time.sleep(0.5)


def stop(process):
    """Ctrl-C the demo (its trap stops both servers) and wait; then end whatever is left of its group."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


@pytest.fixture
def repo_copy(tmp_path):
    """A copy of the repository's tracked files with a link to this .venv (the demo writes var/ there)."""
    target = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():  # e.g. fee_training_xblock/translations -> conf/locale
            (target / name).symlink_to(os.readlink(ROOT / name))
        else:
            (target / name).write_bytes((ROOT / name).read_bytes())
    (target / ".venv").symlink_to(pathlib.Path(sys.executable).parents[1])
    return target


def test_the_readme_names_the_ports_the_needs_and_the_demo_commands():
    assert "DEMO_PORT" in README and "LOCALSTRIPE_PORT" in README and "python3-venv" in README
    assert ".venv/bin/python -m demo.manage fee_training_invoice" in README
    assert ".venv/bin/python -m demo.manage fee_training_import_subscriptions" in README
    assert "make demo-reset" in README
    assert "curl" not in (ROOT / "scripts" / "demo.sh").read_text().replace("no curl", "")


def test_demo_runs_on_chosen_ports_restarts_consistently_and_runs_commands(repo_copy, tmp_path):
    demo_port, stripe_port, paypal_port = free_port(), free_port(), free_port()
    process, log = run_demo(tmp_path, demo_port, stripe_port, paypal_port)
    try:
        page = urllib.request.urlopen(f"http://127.0.0.1:{demo_port}/scenario/fee_training.0/?student=alice",
                                      timeout=10).read().decode()
        assert f"127.0.0.1:{stripe_port}/js.stripe.com/v3/" in page
        db = repo_copy / "var" / "workbench.db"
        with sqlite3.connect(db) as conn:  # a payment from this run; its intent lives only in this localstripe
            conn.execute(
                "INSERT INTO fee_training_xblock_payment (payer_key, payer_email, product_type, product_id, "
                "course_key, usage_key, title, method, payment_intent_id, capture_id, fee_minor, discount_minor, "
                "amount_minor, currency, promo_code, status, failure_message, refunded_minor, refund_id, created, "
                "updated) VALUES ('alice', '', 'block_access', 'x', 'c', 'x', '', 'card', 'pi_from_last_run', '', "
                "4999, 0, 4999, 'USD', '', 'paid', '', 0, '', '2026-11-01', '2026-11-01')")
        invoice = subprocess.run([PYTHON, "-m", "demo.manage", "fee_training_invoice", "--month", "2026-11"],
                                 cwd=repo_copy, capture_output=True, text=True, timeout=60,
                                 env={**os.environ, "PYTHONPATH": str(repo_copy)})
        assert invoice.returncode == 0, invoice.stderr
    finally:
        stop(process)
    assert "Demo ready" in log.read_text()
    process, log = run_demo(tmp_path, demo_port, stripe_port, paypal_port)
    try:
        with sqlite3.connect(repo_copy / "var" / "workbench.db") as conn:
            leftover = conn.execute("SELECT COUNT(*) FROM fee_training_xblock_payment").fetchone()[0]
        assert leftover == 0  # localstripe started empty, and so did the demo's payments
        assert "Demo data: fresh" in log.read_text()
    finally:
        stop(process)
    subprocess.run(["make", "demo-reset"], cwd=repo_copy, check=True, capture_output=True)
    assert not (repo_copy / "var").exists() and (repo_copy / ".venv").exists()


def test_a_busy_demo_port_is_reported(repo_copy, tmp_path):
    import socket  # pylint: disable=import-outside-toplevel
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = subprocess.run(["bash", "scripts/demo.sh"], cwd=repo_copy, capture_output=True, text=True,
                                env={**os.environ, "DEMO_PORT": str(port)}, timeout=60)
    assert result.returncode == 1 and f"Port {port} is already in use" in result.stderr
    assert "DEMO_PORT=" in result.stderr
