"""Who may see what gates close, decided the way the LMS decides group access.

Used where the LMS itself does not decide (the handler middleware, the render
filter, search results):
- course staff and instructors see everything, like `_has_group_access`
  (lms/djangoapps/courseware/access.py), which checks `get_user_role` first:
  staff masquerading as a learner get the learner's role, so no bypass;
- everyone else must be in the PAID group of every closing gate's partition, as
  the partition scheme answers it (ledger and masquerade included).
"""
from fee_training_xblock import compat
from fee_training_xblock.lms import partitions

PRIVILEGED_ROLES = ("staff", "instructor")


def is_privileged(user, course_key):
    """True for course staff and instructors who are not masquerading as a learner."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return compat.user_role(user, course_key) in PRIVILEGED_ROLES


def in_paid_group(user, course_key, gate):
    """True when the partition scheme puts `user` in PAID for `gate` (masquerade included)."""
    partition = partitions.partition_for_gate(course_key, gate)
    group = partition.scheme.get_group_for_user(course_key, user, partition)
    return group is not None and group.id == partitions.PAID_ID


def unpaid_gates(user, course_key, gates):
    """The gates among `gates` this user has not paid for (all of them for anonymous users; none for staff)."""
    if not gates or is_privileged(user, course_key):
        return []
    return [gate for gate in gates if not in_paid_group(user, course_key, gate)]


def may_view(user, course_key, gates):
    """True when every gate in `gates` is paid for by `user`, or `user` is course staff."""
    return not unpaid_gates(user, course_key, gates)
