"""The door to the host platform: imports of edx-platform and its libraries, always lazily.

Tracking, the current request (django-crum), request caches, masquerade and course keys.
Outside the LMS (workbench, tests) these imports fail and each function falls back to
something harmless that it says in its docstring.
"""
import importlib
import logging
import sys
import threading

log = logging.getLogger(__name__)

#: Optional modules found missing: Python does not remember a failed import, and searching the
#: path again on every webhook and every grant cost more than the rest of their work.
_MISSING = set()


def _optional_module(name):
    """The module `name` if it can be imported, else None; a miss is remembered until the module appears.

    sys.modules is asked first, so a module installed later (the LMS stand-ins of the
    tests) is found, and one removed again is missing again without a new search.
    """
    module = sys.modules.get(name)
    if module is not None:
        return module
    if name in _MISSING:
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        _MISSING.add(name)
        return None


def emit_tracking_event(name, data):
    """Send a tracking-log event through the LMS's eventtracking tracker.

    Used where no XBlock runtime is at hand (the Stripe webhook). Without the
    tracker (outside the LMS) the event is only logged. Returns True if sent.
    """
    tracking = _optional_module("eventtracking.tracker")
    if tracking is None:
        log.info("Tracking event %s (no LMS tracker here): %s", name, data)
        return False
    tracking.emit(name, data)
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


class EdxPlatformUnavailable(RuntimeError):
    """Raised where the LMS is required (modulestore, partitions) and is not installed."""


def _lms_import(dotted):
    """Import an edx-platform module, or raise EdxPlatformUnavailable naming it."""
    try:
        return importlib.import_module(dotted)
    except ImportError as exc:
        raise EdxPlatformUnavailable(f"{dotted} is not importable: this code runs inside the Open edX LMS") from exc


def current_request():
    """The request being served (django-crum, installed with the LMS), or None."""
    try:
        crum = importlib.import_module("crum")
    except ImportError:
        return None
    return crum.get_current_request()


_LOCAL_CACHES = threading.local()


def request_cache(namespace):
    """A dict that lives for the current request (edx-django-utils RequestCache; cleared by its middleware).

    Outside the LMS it is a thread-local dict that `clear_request_cache()` empties.
    """
    cache_module = _optional_module("edx_django_utils.cache")
    if cache_module is None:
        caches = getattr(_LOCAL_CACHES, "data", None)
        if caches is None:
            caches = _LOCAL_CACHES.data = {}
        return caches.setdefault(namespace, {})
    return cache_module.RequestCache(namespace).data


def clear_request_cache():
    """Forget every request-cached value (the end of a request where no RequestCacheMiddleware runs)."""
    _LOCAL_CACHES.data = {}
    cache_module = _optional_module("edx_django_utils.cache")
    if cache_module is not None:
        cache_module.RequestCache.clear_all_namespaces()


def user_retirement_signal():
    """The LMS's USER_RETIRE_LMS_MISC signal (sent with `user` while retiring an account), or None outside the LMS."""
    try:
        return _lms_import("openedx.core.djangoapps.user_api.accounts.signals").USER_RETIRE_LMS_MISC
    except EdxPlatformUnavailable:
        return None


def course_key(text):
    """A CourseKey for the LMS's APIs, which want key objects; the text itself when it is not one (workbench)."""
    from opaque_keys import InvalidKeyError  # pylint: disable=import-outside-toplevel
    from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-outside-toplevel
    try:
        return CourseKey.from_string(str(text))
    except InvalidKeyError:
        return text


#: The LMS's user preference holding a learner's chosen language (openedx.core.djangoapps.lang_pref.LANGUAGE_KEY).
LANGUAGE_PREFERENCE = "pref-lang"


def user_language(user_id):
    """The language a learner chose in the LMS (their 'pref-lang' preference, e.g. 'pl'), or None.

    None outside the LMS, for keys that are not LMS user ids (workbench learners) and for
    learners who never chose one: the caller then uses the site's default language.
    """
    key = str(user_id or "")
    if not key.isdigit():
        return None
    try:
        preference = _lms_import("openedx.core.djangoapps.user_api.models").UserPreference
    except EdxPlatformUnavailable:
        return None
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    user = get_user_model().objects.filter(pk=int(key)).first()
    return (preference.get_value(user, LANGUAGE_PREFERENCE) or None) if user is not None else None
