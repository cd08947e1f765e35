"""Who may do what in the block's staff tools, as the LMS's roles say (through compat.py).

Course staff see the staff tools (the runtime says who is staff). Refunds move money,
so they need platform staff or one of the course roles in REFUND_COURSE_ROLES. A grant
goes only to a learner enrolled in the course (when the LMS can tell). In the
workbench, whose users are ids on the URL, the staff flag decides.
"""
from django.contrib.auth import get_user_model

from fee_training_xblock import compat
from fee_training_xblock.conf import setting


def django_user(user_key):
    """The Django user behind an LMS user id, or None."""
    key = str(user_key or "")
    return get_user_model().objects.filter(pk=int(key)).first() if key.isdigit() else None


def may_refund(viewer, course_key):
    """True for platform staff, and for course roles the operator listed in REFUND_COURSE_ROLES."""
    if viewer.in_workbench:
        return viewer.is_staff
    user = django_user(viewer.user_key)
    if user is None or viewer.is_masquerading:
        return False
    if user.is_staff:
        return True
    roles = {role.strip() for role in setting("REFUND_COURSE_ROLES").split(",") if role.strip()}
    global_staff, course_staff, instructor = compat.administrative_access(user, compat.course_key(course_key))
    return bool(global_staff or (instructor and roles & {"instructor", "staff"}) or (course_staff and "staff" in roles))


def may_receive_grant(learner_key, course_key, in_workbench):
    """False only when the LMS says the learner is not enrolled in the course (unknown elsewhere: allowed)."""
    if in_workbench:
        return True
    user = django_user(learner_key)
    if user is None:
        return False
    return compat.is_enrolled(user, compat.course_key(course_key)) is not False
