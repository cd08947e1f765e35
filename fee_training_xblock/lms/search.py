"""Courseware search results without closed content, and without another learner's view of the course.

edx-search post-processes each result with the class named in
SEARCH_RESULT_PROCESSOR (`SearchResultProcessor.process_result`); the LMS uses
`LmsSearchResultProcessor`, which drops a result unless its block is in the
searching user's transformed course structure. That class keeps the structure
in a class attribute, `_course_blocks = {}`, keyed by course only: the first
non-staff searcher's structure is reused for every later user of the process
(lms/lib/courseware_search/lms_result_processor.py). With partitions, that
would show one learner's paid results to another.

`FeeAwareSearchResultProcessor` subclasses the LMS class (built on first use,
PEP 562, because it needs the LMS), keys the structure by user for the request,
and drops results in closed blocks even if the structure says otherwise. The
settings hook installs it only when SEARCH_RESULT_PROCESSOR is the LMS default.
"""
import logging

from fee_training_xblock import compat
from fee_training_xblock.lms import access, course_tree, entitlement

log = logging.getLogger(__name__)

CLASS_NAME = "FeeAwareSearchResultProcessor"
CACHE_NAMESPACE = "fee_training_xblock.lms.search"
_BUILT = {}


def build_processor_class(base):
    """The result processor class on top of `base` (the LMS's LmsSearchResultProcessor)."""

    class FeeAwareSearchResultProcessor(base):
        """LmsSearchResultProcessor with a per-user structure cache and a paid-content check."""

        def __init__(self, dictionary, match_phrase):
            super().__init__(dictionary, match_phrase)
            # Shadow the LMS's class-level dict: never share a user's structure.
            self._course_blocks = {}

        def get_course_blocks(self, user):
            """The user's transformed course structure, cached for the request per (user, course)."""
            cache = compat.request_cache(CACHE_NAMESPACE)
            cache_key = (entitlement.user_key_of(user), str(self.get_course_key()))
            if cache_key not in cache:
                cache[cache_key] = super().get_course_blocks(user)
            return cache[cache_key]

        def should_remove(self, user):
            """Remove what the LMS removes, and any result inside content closed for this user."""
            if super().should_remove(user):
                return True
            gates = course_tree.gates_for_key(self.get_usage_key())
            return bool(gates) and not access.may_view(user, self.get_course_key(), gates)

    FeeAwareSearchResultProcessor.__module__ = __name__
    return FeeAwareSearchResultProcessor


def __getattr__(name):
    """Build FeeAwareSearchResultProcessor when edx-search first loads it by its dotted path."""
    if name != CLASS_NAME:
        raise AttributeError(name)
    if CLASS_NAME not in _BUILT:
        _BUILT[CLASS_NAME] = build_processor_class(compat.lms_search_result_processor_class())
    return _BUILT[CLASS_NAME]


def reset():
    """Forget the built class (tests swap the LMS class underneath)."""
    _BUILT.clear()
