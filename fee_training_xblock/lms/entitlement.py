"""What a learner has paid for in a course, from the ledger, once per request.

The ledger is asked once per request and learner for the whole course
(`api.granted_usage_keys`, one indexed query), however many partitions there are.
"""
import logging

from fee_training_xblock import api, compat
from fee_training_xblock.lms import course_tree

log = logging.getLogger(__name__)

CACHE_NAMESPACE = "fee_training_xblock.lms.entitlement"


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
