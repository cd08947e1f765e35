"""Who may see what a gate closes, decided the way the LMS decides group access.

- The ledger is asked once per request and learner for the whole course
  (`api.granted_usage_keys`, one indexed query), however many partitions there are.
- Course staff and instructors see everything, like `_has_group_access`
  (lms/djangoapps/courseware/access.py), which checks `get_user_role` first:
  staff masquerading as a learner get the learner's role, so no bypass.
- Masquerade is answered by the partition scheme itself (partitions.py).
"""
import logging

from fee_training_xblock import api, compat
from fee_training_xblock.lms import course_tree

log = logging.getLogger(__name__)

CACHE_NAMESPACE = "fee_training_xblock.lms.entitlement"
PRIVILEGED_ROLES = ("staff", "instructor")


def user_key_of(user):
    """The ledger's key for a Django user (its id, as a string); "" for anonymous users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(user.id)


def _normalized(usage_key_text):
    """A ledger usage key in the form partitions use (branch and version stripped when it parses)."""
    parsed = course_tree.as_usage_key(usage_key_text)
    return course_tree.key_string(parsed) if parsed is not None else str(usage_key_text)


def granted_gate_keys(course_key, user):
    """The gating blocks of the course this learner has paid for (usage keys as strings), cached per request."""
    user_key = user_key_of(user)
    if not user_key:
        return frozenset()
    course = course_tree.as_course_key(course_key)
    cache = compat.request_cache(CACHE_NAMESPACE)
    cache_key = (str(course), user_key)
    if cache_key not in cache:
        cache[cache_key] = frozenset(_normalized(key) for key in api.granted_usage_keys(str(course), user_key))
    return cache[cache_key]


def forget_granted(course_key, user_key):
    """Drop the cached grants of one learner, after a grant or refund within the same request."""
    course = course_tree.as_course_key(course_key)
    compat.request_cache(CACHE_NAMESPACE).pop((str(course), str(user_key)), None)


def is_privileged(user, course_key):
    """True for course staff and instructors who are not masquerading as a learner."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return compat.user_role(user, course_key) in PRIVILEGED_ROLES


def in_paid_group(user, course_key, gate):
    """True when the partition scheme puts `user` in PAID for `gate` (masquerade included)."""
    from fee_training_xblock.lms import partitions  # pylint: disable=import-outside-toplevel  # partitions imports us

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
