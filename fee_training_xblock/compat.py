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


# ---- webinars: where a personal link sends its visitor -----------------------------------

WORKBENCH_COURSE_PREFIX = "workbench:"


def is_workbench_course(course_key):
    """True for blocks of the XBlock SDK workbench (the demo), whose learners are ids on the URL, not accounts."""
    from django.apps import apps  # pylint: disable=import-outside-toplevel
    return str(course_key).startswith(WORKBENCH_COURSE_PREFIX) and apps.is_installed("workbench")


def lms_root_url():
    """The LMS's public root URL (settings.LMS_ROOT_URL, set in every Open edX install), without a trailing slash."""
    from django.conf import settings  # pylint: disable=import-outside-toplevel
    return str(getattr(settings, "LMS_ROOT_URL", "") or "").rstrip("/")


def sign_in_url(next_path):
    """The LMS sign-in page that returns to `next_path` afterwards (settings.LOGIN_URL, '/login' in the LMS)."""
    from urllib.parse import quote  # pylint: disable=import-outside-toplevel

    from django.conf import settings  # pylint: disable=import-outside-toplevel
    return f"{getattr(settings, 'LOGIN_URL', '') or '/login'}?next={quote(str(next_path), safe='/')}"


def unit_url(course_key, usage_key, student=""):
    """Where a learner sees a block: the LMS's jump_to page, or the workbench scenario holding it; '' if unknown.

    jump_to (`/courses/<course>/jump_to/<usage>`) opens the unit that contains the
    block. In the workbench the scenario whose usage ids start like the block's is
    shown for the student id `student`.
    """
    from django.urls import NoReverseMatch, reverse  # pylint: disable=import-outside-toplevel
    try:
        return reverse("jump_to", kwargs={"course_id": str(course_key), "location": str(usage_key)})
    except NoReverseMatch:
        pass
    if not is_workbench_course(course_key):
        return ""
    from urllib.parse import urlencode  # pylint: disable=import-outside-toplevel

    from workbench.scenarios import SCENARIOS  # pylint: disable=import-outside-toplevel
    prefix = str(usage_key).split(".", 1)[0]
    for name, scenario in SCENARIOS.items():
        if str(scenario.usage_id).split(".", 1)[0] == prefix:
            query = "?" + urlencode({"student": student}) if student else ""
            return reverse("workbench_show_scenario", args=(name,)) + query
    return ""
