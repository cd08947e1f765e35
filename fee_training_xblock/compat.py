"""The only place that reaches into edx-platform's libraries, always lazily.

Outside the LMS (workbench, tests) these imports fail and each function falls
back to something harmless that it says in its docstring.
"""
import importlib
import logging
import threading

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
# ---------------------------------------------------------------------------
# LMS access control (used by fee_training_xblock.lms). Every import below is
# done inside the function, so importing this module never needs edx-platform.
# Files read to check these names are listed in docs/lms-gating.md.
# ---------------------------------------------------------------------------

class EdxPlatformUnavailable(RuntimeError):
    """Raised where the LMS is required (modulestore, partitions) and is not installed."""


def _lms_import(dotted):
    """Import an edx-platform module, or raise EdxPlatformUnavailable naming it."""
    try:
        return importlib.import_module(dotted)
    except ImportError as exc:
        raise EdxPlatformUnavailable(f"{dotted} is not importable: this code runs inside the Open edX LMS") from exc


def partitions_module():
    """xmodule.partitions.partitions: Group, UserPartition, UserPartitionError, MINIMUM_UNUSED_PARTITION_ID."""
    return _lms_import("xmodule.partitions.partitions")


def make_group(group_id, name):
    """A platform `Group(id, name)` (a namedtuple: equality compares id and name)."""
    return partitions_module().Group(group_id, name)


def make_user_partition(partition_id, name, description, groups, scheme, parameters):
    """A platform `UserPartition`, always active (our partitions are managed by the plugin, not the author)."""
    return partitions_module().UserPartition(partition_id, name, description, groups, scheme, parameters, True)


def partition_scheme(name):
    """`UserPartition.get_scheme(name)` (stevedore namespace openedx.user_partition_scheme), or None if unregistered.

    get_scheme also sets `scheme.name`, which MasqueradeView and UserPartition.to_json read.
    """
    module = partitions_module()
    try:
        return module.UserPartition.get_scheme(name)
    except module.UserPartitionError:
        log.warning("No %r user partition scheme is registered: is fee-training-xblock installed in the LMS?", name)
        return None


def modulestore():
    """The LMS modulestore (`xmodule.modulestore.django.modulestore()`)."""
    return _lms_import("xmodule.modulestore.django").modulestore()


def get_item(usage_key):
    """The modulestore block for `usage_key` (no user bound, no access check), or None if it does not exist."""
    missing = _lms_import("xmodule.modulestore.exceptions").ItemNotFoundError
    try:
        return modulestore().get_item(usage_key)
    except missing:
        return None


def get_items_of_type(course_key, block_type):
    """Every block of `block_type` in the course, through `get_items(course_key, qualifiers={'category': ...})`."""
    return list(modulestore().get_items(course_key, qualifiers={"category": block_type}))


def get_course(course_key):
    """The course block (depth 0), or None."""
    missing = _lms_import("xmodule.modulestore.exceptions").ItemNotFoundError
    try:
        return modulestore().get_course(course_key, depth=0)
    except missing:
        return None


def course_masquerade(user, course_key):
    """`get_course_masquerade(user, course_key)`: the staff's CourseMasquerade, or None (also outside the LMS)."""
    try:
        masquerade = _lms_import("lms.djangoapps.courseware.masquerade")
    except EdxPlatformUnavailable:
        return None
    return masquerade.get_course_masquerade(user, course_key)


def is_masquerading_as_specific_student(user, course_key):
    """True while staff view the course as one named learner (False outside the LMS)."""
    try:
        masquerade = _lms_import("lms.djangoapps.courseware.masquerade")
    except EdxPlatformUnavailable:
        return False
    return masquerade.is_masquerading_as_specific_student(user, course_key)


def masquerading_user_group(course_key, user, user_partition):
    """`get_masquerading_user_group`: the group staff chose to view `user_partition` as, or None."""
    try:
        masquerade = _lms_import("lms.djangoapps.courseware.masquerade")
    except EdxPlatformUnavailable:
        return None
    return masquerade.get_masquerading_user_group(course_key, user, user_partition)


def user_role(user, course_key):
    """`get_user_role(user, course_key)`: 'instructor', 'staff' or 'student' (or the masquerade role).

    Outside the LMS the answer is 'student', so nothing is opened by mistake.
    """
    try:
        access = _lms_import("lms.djangoapps.courseware.access")
    except EdxPlatformUnavailable:
        return "student"
    return access.get_user_role(user, course_key)


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
    try:
        cache_module = importlib.import_module("edx_django_utils.cache")
    except ImportError:
        caches = getattr(_LOCAL_CACHES, "data", None)
        if caches is None:
            caches = _LOCAL_CACHES.data = {}
        return caches.setdefault(namespace, {})
    return cache_module.RequestCache(namespace).data


def clear_request_cache():
    """Forget every request-cached value (the end of a request where no RequestCacheMiddleware runs)."""
    _LOCAL_CACHES.data = {}
    try:
        importlib.import_module("edx_django_utils.cache").RequestCache.clear_all_namespaces()
    except ImportError:
        pass


def authenticate_like_xblock_handler(request):
    """The user that `handle_xblock_callback` would authenticate from the request's Authorization header, or None.

    The view tries JwtAuthentication, then BearerAuthenticationAllowInactiveUser, and
    only after middleware has run; a failed attempt leaves the user anonymous.
    """
    if not request.META.get("HTTP_AUTHORIZATION"):
        return None
    classes = (
        _lms_import("edx_rest_framework_extensions.auth.jwt.authentication").JwtAuthentication,
        _lms_import("openedx.core.lib.api.authentication").BearerAuthenticationAllowInactiveUser,
    )
    for authentication_class in classes:
        try:
            found = authentication_class().authenticate(request)
        except Exception:  # pylint: disable=broad-except  # the view also swallows APIException here
            log.info("Handler request not authenticated by %s", authentication_class.__name__)
            continue
        if found is not None:
            return found[0]
    return None


def lms_search_result_processor_class():
    """The LMS's `LmsSearchResultProcessor` (edx-search result post-processing), to be subclassed."""
    return _lms_import("lms.lib.courseware_search.lms_result_processor").LmsSearchResultProcessor


# For the block side (staff powers, grants, grades after a grant); see docs/lms-gating.md.

def administrative_access(user, course_key):
    """(global staff, course or org staff, course or org instructor) as the LMS computes them, ignoring masquerade.

    `administrative_accesses_to_course_for_user` in lms/djangoapps/courseware/access.py.
    Outside the LMS: (False, False, False).
    """
    try:
        access = _lms_import("lms.djangoapps.courseware.access")
    except EdxPlatformUnavailable:
        return False, False, False
    return tuple(bool(flag) for flag in access.administrative_accesses_to_course_for_user(user, course_key))


def is_enrolled(user, course_key):
    """`CourseEnrollment.is_enrolled(user, course_key)` (an active enrollment); None outside the LMS (unknown)."""
    try:
        models = _lms_import("common.djangoapps.student.models")
    except EdxPlatformUnavailable:
        return None
    return bool(models.CourseEnrollment.is_enrolled(user, course_key))


def recalculate_grades_for_user(user_id, course_key):
    """Enqueue the LMS task that recomputes a learner's course and subsection grades; False outside the LMS.

    `recalculate_course_and_subsection_grades_for_user(**kwargs)` with user_id and
    course_key (a string); it only recomputes when the learner's course grade was attempted.
    """
    try:
        tasks = _lms_import("lms.djangoapps.grades.tasks")
    except EdxPlatformUnavailable:
        return False
    tasks.recalculate_course_and_subsection_grades_for_user.delay(user_id=user_id, course_key=str(course_key))
    return True


def course_key(text):
    """A CourseKey for the LMS's APIs, which want key objects; the text itself when it is not one (workbench)."""
    from opaque_keys import InvalidKeyError  # pylint: disable=import-outside-toplevel
    from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-outside-toplevel
    try:
        return CourseKey.from_string(str(text))
    except InvalidKeyError:
        return text
