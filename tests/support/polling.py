"""Waiting for an effect that another thread or process produces (a webhook, a Celery worker)."""
import time


def wait_for(check, timeout=15, what="the expected effect"):
    """Poll `check()` until it returns something truthy and return that; fail the test after `timeout` seconds.

    Webhooks from localstripe and the PayPal stand-in arrive about 0.2–1 s after the
    event, from another thread; a worker delivers on its own schedule.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)
