"""The only place that reaches into edx-platform's libraries, always lazily.

Outside the LMS (workbench, tests) these imports fail and each function falls
back to something harmless that it says in its docstring.
"""
import logging

log = logging.getLogger(__name__)


def emit_tracking_event(name, data):
    """Send a tracking-log event through the LMS's eventtracking tracker.

    Used where no XBlock runtime is at hand (the Stripe webhook). Without the
    tracker (outside the LMS) the event is only logged. Returns True if sent.
    """
    try:
        from eventtracking import tracker  # pylint: disable=import-outside-toplevel
    except ImportError:
        log.info("Tracking event %s (no LMS tracker here): %s", name, data)
        return False
    tracker.emit(name, data)
    return True


def publish_from_webhook(event, data):
    """A `publish(event, data)` callable for use cases run by the webhook: fee_training.<event> events."""
    return emit_tracking_event(f"fee_training.{event}", data)
