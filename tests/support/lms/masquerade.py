"""Stand-in for lms/djangoapps/courseware/masquerade.py (P @ 14f7dc8962faf4c8c762c1182add032f181a3180).

Reproduced: `CourseMasquerade(course_key, role='student', user_partition_id=None,
group_id=None, user_name=None)`; the session key 'masquerade_settings' (a dict from
course key to CourseMasquerade); `setup_masquerade(request, course_key,
staff_access=False, reset_masquerade_data=False)`, which does nothing unless
ENABLE_MASQUERADE and staff_access, stores the settings on ``request.user``, and for
a specific learner returns that learner's User with ``masquerade_settings`` and
``real_user`` set (the LMS looks the learner up among enrolled users; enrollment is
not modelled here); `get_course_masquerade`, `get_masquerade_role`,
`is_masquerading_as_student`, `is_masquerading_as_specific_student` and
`get_masquerading_user_group` (the chosen group of that partition, else None).
"""
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.support.lms.partitions import NoSuchUserPartitionGroupError

MASQUERADE_SETTINGS_KEY = "masquerade_settings"


class CourseMasquerade:
    """What staff chose to view a course as."""

    def __init__(self, course_key, role="student", user_partition_id=None, group_id=None, user_name=None):
        self.course_key = course_key
        self.role = role
        self.user_partition_id = user_partition_id
        self.group_id = group_id
        self.user_name = user_name


def setup_masquerade(request, course_key, staff_access=False, reset_masquerade_data=False):  # pylint: disable=unused-argument
    """(CourseMasquerade or None, the user to act as)."""
    if request.user is None or not getattr(settings, "ENABLE_MASQUERADE", True) or not staff_access:
        return None, request.user
    masquerade_settings = request.session.setdefault(MASQUERADE_SETTINGS_KEY, {})
    request.user.masquerade_settings = masquerade_settings
    course_masquerade = masquerade_settings.get(course_key)
    masquerade_user = None
    if course_masquerade and course_masquerade.user_name:
        user_model = get_user_model()
        try:
            masquerade_user = user_model.objects.get(username=course_masquerade.user_name)
        except user_model.DoesNotExist:
            course_masquerade = None
            del masquerade_settings[course_key]
        else:
            masquerade_user.masquerade_settings = request.user.masquerade_settings
            masquerade_user.real_user = request.user
    return course_masquerade, masquerade_user or request.user


def get_course_masquerade(user, course_key):
    """The user's masquerade for the course, or None."""
    return getattr(user, "masquerade_settings", {}).get(course_key, None)


def get_masquerade_role(user, course_key):
    """'student' or 'staff' while masquerading, else None."""
    masquerade = get_course_masquerade(user, course_key)
    return masquerade.role if masquerade else None


def is_masquerading_as_student(user, course_key):
    """True while viewing as a learner."""
    return get_masquerade_role(user, course_key) == "student"


def is_masquerading_as_specific_student(user, course_key):
    """True while viewing as one named learner."""
    masquerade = get_course_masquerade(user, course_key)
    return bool(masquerade and masquerade.user_name)


def get_masquerading_user_group(course_key, user, user_partition):
    """The group chosen for this partition, or None."""
    masquerade = get_course_masquerade(user, course_key)
    if masquerade and masquerade.user_partition_id == user_partition.id and masquerade.group_id is not None:
        try:
            return user_partition.get_group(masquerade.group_id)
        except NoSuchUserPartitionGroupError:
            return None
    return None
