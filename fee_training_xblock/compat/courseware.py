"""LMS access control and courseware: partitions, the modulestore, roles, handler authentication, search,
enrollment and grades (used by fee_training_xblock.lms and the block's staff tools).

Every import is done inside the function, so importing this module never needs
edx-platform. Files read to check these names are listed in docs/lms-gating.md.
"""
import logging

from fee_training_xblock.compat.platform import EdxPlatformUnavailable, _lms_import

log = logging.getLogger(__name__)


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


def published_block_fields(usage_key, names):
    """{name: value} of a block's published settings fields, read from the LMS's modulestore; None elsewhere.

    Lets the server know what a block charges without a request for it (e.g. to check
    a Stripe payment the ledger never recorded). Outside the LMS (workbench, tests: no
    modulestore) or for a key it cannot find, returns None: the caller must then not
    trust any other source for the price.
    """
    try:
        usage_key_class = _lms_import("opaque_keys.edx.keys").UsageKey
        store = modulestore()
    except EdxPlatformUnavailable:
        return None
    try:
        block = store.get_item(usage_key_class.from_string(str(usage_key)))
    except Exception:  # pylint: disable=broad-except  # invalid key, deleted block, store unavailable
        log.warning("Published settings of block %s could not be read", usage_key)
        return None
    return {name: getattr(block, name, None) for name in names}


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
