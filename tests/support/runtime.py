"""Blocks on a real XBlock runtime for tests: TestRuntime with a shared field store per course.

`BlockFactory` parses OLX once and hands out the same block as seen by
different users (their own user_state, shared settings), the way the LMS does.
"""
import json

import webob
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager, NullI18nService
from xblock.test.tools import TestRuntime

DEFAULT_OLX = """
<fee_training display_name="Paid lesson" fee="49.99" currency="USD" benefit="Two lessons.">
  <html_demo><p class="paid-marker">SECRET-PAID-CONTENT</p></html_demo>
</fee_training>
"""


class FakeLmsUserService(UserService):
    """A user service with the LMS's edx-platform.* attributes (not a mock: the real interface)."""

    def __init__(self, user_key, staff=False, anonymous=False, preferences=None):
        super().__init__()
        self.user_key, self.staff, self.anonymous = user_key, staff, anonymous
        self.preferences = preferences or {}

    def get_current_user(self):
        """The configured user, or an anonymous one."""
        if self.anonymous:
            return XBlockUser(is_current_user=False)
        user = XBlockUser(is_current_user=True, emails=[f"{self.user_key}@example.com"], full_name=f"Learner {self.user_key}")
        user.opt_attrs["edx-platform.user_id"] = self.user_key
        user.opt_attrs["edx-platform.username"] = f"user-{self.user_key}"
        user.opt_attrs["edx-platform.user_is_staff"] = self.staff
        user.opt_attrs["edx-platform.user_preferences"] = dict(self.preferences)  # LMS: 'pref-lang', 'time_zone'
        return user


class NoAsidesUnlessConfigured:
    """Runtime mixin: apply only the XBlock asides listed in `aside_types` (none by default), as the LMS does.

    The base Runtime scans every installed package's entry points for asides on each
    render (about 12 ms per render call here); the LMS returns no aside types unless
    XBlockAsidesConfig is enabled, so tests that scan measure a cost no learner pays.
    """

    aside_types = ()

    def applicable_aside_types(self, block):  # pylint: disable=unused-argument
        """The configured aside types (none unless a test sets `aside_types`)."""
        return list(self.aside_types)


class RecordingRuntime(NoAsidesUnlessConfigured, TestRuntime):
    """TestRuntime that records published events and builds handler URLs."""

    def __init__(self, store, ids, user_service):
        self.events = []
        self.user_key = getattr(user_service, "user_key", None)
        super().__init__(
            id_reader=ids, id_generator=ids,
            services={"field-data": KvsFieldData(store), "user": user_service, "i18n": NullI18nService()},
        )

    def get_block(self, usage_id, for_parent=None):
        """Build the block with this runtime's user in its scope ids (so user_state is per user)."""
        def_id = self.id_reader.get_definition_id(usage_id)
        block_type = self.id_reader.get_block_type(def_id)
        keys = ScopeIds(self.user_key, block_type, def_id, usage_id)
        return self.construct_xblock(block_type, keys, for_parent=for_parent)

    def publish(self, block, event_type, event_data):
        """Keep the event for assertions."""
        self.events.append((event_type, event_data))

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):  # pylint: disable=arguments-differ
        """A plausible handler URL (the real LMS one is not needed in unit tests)."""
        return f"/handler/{block.scope_ids.usage_id}/{handler_name}/{suffix}"

    def local_resource_url(self, block, uri):
        """A plausible resource URL."""
        return f"/resource/{block.scope_ids.block_type}/{uri}"


class BlockFactory:
    """One parsed block tree (a 'course') that can be viewed by several users."""

    def __init__(self, olx=DEFAULT_OLX, ids=None):
        """Parse `olx`; pass one MemoryIdManager as `ids` to several factories to give their blocks distinct keys."""
        self.store = DictKeyValueStore()
        self.ids = ids or MemoryIdManager()
        author = RecordingRuntime(self.store, self.ids, FakeLmsUserService("author", staff=True))
        self.usage_id = author.parse_xml_string(olx)

    def block_for(self, user_key="alice", staff=False, anonymous=False, preferences=None):
        """The block as `user_key` sees it, on a fresh runtime (like a new request)."""
        runtime = RecordingRuntime(self.store, self.ids, FakeLmsUserService(user_key, staff, anonymous, preferences))
        return runtime.get_block(self.usage_id)


def make_block(user_key="alice", staff=False, olx=DEFAULT_OLX):
    """A single block seen by one user (a new course each call)."""
    return BlockFactory(olx).block_for(user_key, staff)


def call_json(block, handler, payload, raw=None):
    """Call a JSON handler like the LMS does; returns (status, decoded body)."""
    body = raw if raw is not None else json.dumps(payload).encode()
    request = webob.Request.blank("/", method="POST", body=body, headers={"Content-Type": "application/json"})
    response = block.handle(handler, request)
    try:
        decoded = json.loads(response.body or b"null")
    except ValueError:
        decoded = response.body.decode()
    return response.status_code, decoded


def student_html(block):
    """The HTML of the block's student_view."""
    return block.runtime.render(block, "student_view", {}).content
