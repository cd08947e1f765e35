"""Stand-in for courseware search result processing.

Follows edx-search's search/result_processor.py (openedx/edx-search @ 06a7d578):
`SearchResultProcessor.process_result(dictionary, match_phrase, user)` loads the
class named by SEARCH_RESULT_PROCESSOR (search/utils._load_class), builds it with
``(dictionary, match_phrase)``, drops the result when `should_remove(user)` is true
and otherwise adds its @property values to the result.
And lms/lib/courseware_search/lms_result_processor.py (E @ 0105e7bd, unchanged in the
weup-tutor/hexafret-openedx-platform fork @ d11c2920): `LmsSearchResultProcessor`
keeps the structure in the *class* attribute ``_course_blocks = {}`` keyed by course
key only; staff keep every result; otherwise a result is removed unless its usage
key is among ``get_course_blocks(user, root).get_block_keys()``.
"""
import importlib
import inspect

from django.conf import settings
from opaque_keys.edx.keys import CourseKey, UsageKey

from tests.support.lms.access import has_access
from tests.support.lms.course_blocks import get_course_blocks
from tests.support.lms.modulestore import modulestore


def _load_class(class_path, default):
    if class_path is None:
        return default
    module_path, _, name = class_path.rpartition(".")
    return getattr(importlib.import_module(module_path), name, default) if module_path else default


class SearchResultProcessor:
    """edx-search's base result processor."""

    def __init__(self, dictionary, match_phrase):
        self._results_fields = dictionary
        self._match_phrase = match_phrase

    def should_remove(self, user):  # pylint: disable=unused-argument
        """Override to drop results the user may not see."""
        return False

    def add_properties(self):
        """Expose every @property in the result."""
        for name, member in inspect.getmembers(self.__class__):
            if isinstance(member, property):
                self._results_fields[name] = getattr(self, name, None)

    @classmethod
    def process_result(cls, dictionary, match_phrase, user):
        """The result with its properties, or None when it must be removed."""
        processor = _load_class(getattr(settings, "SEARCH_RESULT_PROCESSOR", None), cls)(dictionary, match_phrase)
        if processor.should_remove(user):
            return None
        processor.add_properties()
        return dictionary


class LmsSearchResultProcessor(SearchResultProcessor):
    """The LMS's processor, including its class-level structure cache."""

    _course_key = None
    _usage_key = None
    _course_blocks = {}

    def get_course_key(self):
        """The result's course key."""
        if self._course_key is None:
            self._course_key = CourseKey.from_string(self._results_fields["course"])
        return self._course_key

    def get_usage_key(self):
        """The result's usage key, mapped into the course."""
        if self._usage_key is None:
            self._usage_key = UsageKey.from_string(self._results_fields["id"]).map_into_course(self.get_course_key())
        return self._usage_key

    def get_course_blocks(self, user):
        """The structure, cached by course key in the class-level dict."""
        course_key = self.get_course_key()
        if course_key not in self._course_blocks:
            root = modulestore().make_course_usage_key(course_key)
            self._course_blocks[course_key] = get_course_blocks(user, root)
        return self._course_blocks[course_key]

    @property
    def url(self):
        """Where the result links to."""
        return f"/courses/{self._results_fields['course']}/jump_to/{self._results_fields['id']}"

    def should_remove(self, user):
        """Staff keep everything; others keep what is in their course structure."""
        if has_access(user, "staff", self.get_course_key()):
            return False
        return self.get_usage_key() not in self.get_course_blocks(user).get_block_keys()
