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


_CRUM = {}


def _crum_request_getter():
    """crum.get_current_request, or None outside the LMS (looked up once: a failed import is not cached)."""
    if "getter" not in _CRUM:
        try:
            from crum import get_current_request  # pylint: disable=import-outside-toplevel
        except ImportError:
            get_current_request = None
        _CRUM["getter"] = get_current_request
    return _CRUM["getter"]


def is_masquerading(course_key, user_key):
    """True while course staff view `course_key` as a learner (the LMS's masquerade), seen from a request.

    Reads only the current request (django-crum, present in the LMS): the masquerade
    settings in the user or the session, and the real user behind a specific-learner
    masquerade. Outside the LMS (no crum, no request) there is no masquerade.
    """
    get_current_request = _crum_request_getter()
    if get_current_request is None:
        return False
    request = get_current_request()
    user = getattr(request, "user", None)
    if request is None or user is None:
        return False
    real = getattr(user, "real_user", user)
    if str(getattr(real, "id", user_key)) != str(user_key):
        return True
    masquerades = getattr(user, "masquerade_settings", None) or getattr(request, "session", {}).get(
        "masquerade_settings", {}) or {}
    for key, masquerade in dict(masquerades).items():
        if str(key) == str(course_key) and (getattr(masquerade, "role", "") == "student"
                                            or getattr(masquerade, "user_name", None)):
            return True
    return False


def published_block_fields(usage_key, names):
    """{name: value} of a block's published settings fields, read from the LMS's modulestore; None elsewhere.

    Lets the server know what a block charges without a request for it (e.g. to check
    a Stripe payment the ledger never recorded). Outside the LMS (workbench, tests: no
    modulestore) or for a key it cannot find, returns None: the caller must then not
    trust any other source for the price.
    """
    try:
        from opaque_keys.edx.keys import UsageKey  # pylint: disable=import-outside-toplevel
        from xmodule.modulestore.django import modulestore  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    try:
        block = modulestore().get_item(UsageKey.from_string(str(usage_key)))
    except Exception:  # pylint: disable=broad-except  # invalid key, deleted block, store unavailable
        log.warning("Published settings of block %s could not be read", usage_key)
        return None
    return {name: getattr(block, name, None) for name in names}
