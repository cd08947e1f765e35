"""Stand-in for lms/djangoapps/courseware/access.py (P @ 4d22797209228ef2a9eb5110c0f1dd880a5f8b0a).

Reproduced, for the objects the plugin's paths use (blocks and course keys):
- `has_access(user, action, obj, course_key=None)`: None means anonymous;
  'staff'/'instructor' on a course key; 'load'/'staff' on an XBlock.
- `_has_access_to_course`: anonymous denied, staff masquerading as a learner
  denied, global staff (``user.is_staff``) granted, then course roles.
- 'load' on a block: `_has_group_access` first, then staff, then
  visible_to_staff_only (start dates and milestones are not modelled).
- `_has_group_access(block, user, course_key)`: staff and instructors pass
  (`get_user_role`, which answers the masquerade role first); for each partition
  in ``block.merged_group_access``: unknown partition -> denied, False -> denied
  (NoAllowedPartitionGroupsError), inactive -> skipped; an unknown group id ->
  denied; then ``partition.scheme.get_group_for_user(course_key, user, partition)``
  must be *in* the allowed Group objects (namedtuple equality: id and name), else
  IncorrectPartitionGroupError carrying the partition's access_denied_message/fragment.
- `get_user_role(user, course_key)` and `administrative_accesses_to_course_for_user`
  (global staff, course staff, course instructor -- org roles are not modelled).
Course roles (CourseStaffRole/CourseInstructorRole in common/djangoapps/student/roles.py)
are a registry here: `grant_role(user, course_key, 'staff' | 'instructor')`.
"""
import logging

from django.contrib.auth.models import AnonymousUser
from opaque_keys.edx.keys import CourseKey
from xblock.core import XBlock

from tests.support.lms.masquerade import get_masquerade_role, is_masquerading_as_student
from tests.support.lms.partitions import NoSuchUserPartitionError, NoSuchUserPartitionGroupError

log = logging.getLogger(__name__)
_COURSE_ROLES = {}


class AccessResponse:
    """The answer of has_access: truthy when granted (lms/djangoapps/courseware/access_response.py)."""

    def __init__(self, has_access, error_code=None, developer_message=None, user_message=None, user_fragment=None):
        self.has_access = has_access
        self.error_code = error_code
        self.developer_message = developer_message
        self.user_message = user_message
        self.user_fragment = user_fragment

    def __bool__(self):
        return self.has_access


ACCESS_GRANTED = AccessResponse(True)
ACCESS_DENIED = AccessResponse(False)


class IncorrectPartitionGroupError(AccessResponse):
    """The user is not in an allowed group of a partition."""

    def __init__(self, partition, user_group, allowed_groups, user_message=None, user_fragment=None):
        super().__init__(False, "incorrect_user_group", None, user_message, user_fragment)
        self.partition, self.user_group, self.allowed_groups = partition, user_group, allowed_groups


class NoAllowedPartitionGroupsError(AccessResponse):
    """Merged rules leave no group of a partition with access."""

    def __init__(self, partition, user_message=None, user_fragment=None):
        super().__init__(False, "no_allowed_user_groups", None, user_message, user_fragment)
        self.partition = partition


def grant_role(user, course_key, role):
    """Give `user` the course role 'staff' or 'instructor'."""
    _COURSE_ROLES[(str(course_key), user.id)] = role


def clear_roles():
    """Forget every course role."""
    _COURSE_ROLES.clear()


def has_access(user, action, obj, course_key=None):
    """Whether `user` may do `action` on `obj` (an XBlock or a course key)."""
    user = user or AnonymousUser()
    if isinstance(obj, XBlock):
        return _has_access_to_block(user, action, obj, course_key)
    if isinstance(obj, CourseKey):
        return _has_access_to_course(user, action, obj)
    raise TypeError(f"Unknown object type in has_access(): '{type(obj)}'")


def _has_access_to_course(user, access_level, course_key):
    if user is None or not user.is_authenticated:
        return ACCESS_DENIED
    if is_masquerading_as_student(user, course_key):
        return ACCESS_DENIED
    if user.is_staff:
        return ACCESS_GRANTED
    role = _COURSE_ROLES.get((str(course_key), user.id))
    if access_level == "staff" and role in ("staff", "instructor"):
        return ACCESS_GRANTED
    if access_level == "instructor" and role == "instructor":
        return ACCESS_GRANTED
    return ACCESS_DENIED


def administrative_accesses_to_course_for_user(user, course_key):
    """(global staff, staff access, instructor access), without looking at masquerade."""
    role = _COURSE_ROLES.get((str(course_key), user.id))
    return bool(user.is_staff), role in ("staff",), role in ("instructor",)


def get_user_role(user, course_key):
    """'instructor', 'staff' or 'student' -- or the masquerade role when masquerading."""
    role = get_masquerade_role(user, course_key)
    if role:
        return role
    if has_access(user, "instructor", course_key):
        return "instructor"
    if has_access(user, "staff", course_key):
        return "staff"
    return "student"


def _has_group_access(block, user, course_key):
    if get_user_role(user, course_key) in ["staff", "instructor"]:
        return ACCESS_GRANTED
    merged_access = block.merged_group_access
    partitions = []
    for partition_id, group_ids in merged_access.items():
        try:
            partition = block._get_user_partition(partition_id)  # pylint: disable=protected-access
        except NoSuchUserPartitionError:
            log.warning("Error looking up user partition, access will be denied.")
            return ACCESS_DENIED
        if group_ids is False:
            return NoAllowedPartitionGroupsError(partition)
        if partition.active and group_ids is not None:
            partitions.append(partition)
    partition_groups = []
    try:
        for partition in partitions:
            groups = [partition.get_group(group_id) for group_id in merged_access[partition.id]]
            if groups:
                partition_groups.append((partition, groups))
    except NoSuchUserPartitionGroupError:
        return ACCESS_DENIED
    missing = []
    block_key = block.scope_ids.usage_id
    for partition, groups in partition_groups:
        user_group = partition.scheme.get_group_for_user(course_key, user, partition)
        if user_group not in groups:
            missing.append((
                partition, user_group, groups,
                partition.access_denied_message(block_key, user, user_group, groups),
                partition.access_denied_fragment(block, user, user_group, groups),
            ))
    if missing:
        missing.sort(key=lambda details: (details[3] is None, details[4] is None))
        partition, user_group, allowed, message, fragment = missing[0]
        return IncorrectPartitionGroupError(partition, user_group, allowed, message, fragment)
    return ACCESS_GRANTED


def _has_access_to_block(user, action, block, course_key):
    if action == "staff":
        return _has_access_to_course(user, "staff", course_key)
    if action != "load":
        raise ValueError(f"Unknown action for block: {action}")
    group_access = _has_group_access(block, user, course_key)
    if not group_access:
        return group_access
    staff = _has_access_to_course(user, "staff", course_key)
    if staff:
        return staff
    return ACCESS_DENIED if block.visible_to_staff_only else ACCESS_GRANTED
