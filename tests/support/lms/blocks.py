"""Stand-in course blocks: the XModuleMixin behaviour the plugin depends on, and a stand-in paid block.

`XModuleMixinStandIn` follows xmodule/x_module.py (P @ 68a5285b1defe164711815c28decebada10d6edb):
`location`, `get_children()` dropping the None the LMS runtime returns for
children the user may not load, `get_child()` answering None for a missing one,
and `bind_for_student(user_id, wrappers)` (re-bind only for another user; clear
user-scoped cached values; wrap the unbound field data with the wrappers, in order).

The block classes are minimal versions of course, chapter, sequential, vertical,
html, problem and video with what the tested paths read: children, scores
(has_score, weight, graded), `student_view_data` (collected by the blocks API),
completion modes (xblock.completable, the real XBlock enumeration), and handlers
under the names the LMS uses (`xmodule_handler` with the suffixes problem_get and
problem_check; video `transcript`). `FeeGateBlock` stands in for the plugin's
`fee_training` block with the fields the LMS integration reads through getattr:
access_mode, gate_scope, display_name, fee, currency; it is an AGGREGATOR.
"""
import json
from types import SimpleNamespace

from web_fragments.fragment import Fragment
from webob import Response
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Float, List, Scope, String, UserScope

from tests.support.lms.modulestore import ItemNotFoundError


class XModuleMixinStandIn(XBlock):
    """The parts of XModuleMixin the paths under test use."""

    display_name = String(default=None, scope=Scope.settings)
    has_access_error = False

    @property
    def location(self):
        """The usage key."""
        return self.scope_ids.usage_id

    @property
    def category(self):
        """The block type."""
        return self.scope_ids.block_type

    def get_child(self, usage_id):
        """The child, or None when it does not exist."""
        try:
            return super().get_child(usage_id)
        except ItemNotFoundError:
            return None

    def get_children(self, usage_id_filter=None, usage_key_filter=None):  # pylint: disable=arguments-differ
        """The loadable children (None dropped)."""
        if usage_id_filter is None and usage_key_filter is not None:
            usage_id_filter = usage_key_filter
        return [child for child in super().get_children(usage_id_filter) if child is not None]

    def bind_for_student(self, user_id, wrappers=None):
        """Bind this block to a user (see module docstring)."""
        if self.scope_ids.user_id is not None and user_id == self.scope_ids.user_id:
            return
        self.scope_ids = self.scope_ids._replace(user_id=user_id)
        self.clear_child_cache()
        for field in self.fields.values():
            if field.scope in (Scope.parent, Scope.children):
                continue
            if field.scope.user == UserScope.ONE:
                field._del_cached_value(self)  # pylint: disable=protected-access
                self._dirty_fields.pop(field, None)  # pylint: disable=protected-access
        if wrappers:
            field_data = self.runtime.service(self, "field-data-unbound")
            for wrapper in wrappers:
                field_data = wrapper(field_data)
            self._bound_field_data = field_data  # pylint: disable=attribute-defined-outside-init

    def student_view(self, context=None):
        """Children's HTML in order (containers), or this block's own text (leaves)."""
        fragment = Fragment()
        for child in self.get_children():
            fragment.add_content(child.render("student_view", context or {}).content)
        return fragment


class CourseBlock(XModuleMixinStandIn):
    """The course root: `id`, authored user_partitions, teams configuration."""

    has_children = True
    user_partitions = List(default=[], scope=Scope.settings)
    teams_partition_ids = List(default=[], scope=Scope.settings)  # what TeamsConfig team-sets carry

    @property
    def id(self):  # pylint: disable=invalid-name
        """The course key."""
        return self.location.course_key

    @property
    def teams_configuration(self):
        """Team-sets with their user_partition_id, as openedx/core/lib/teams_config.py exposes them."""
        return SimpleNamespace(teamsets=[SimpleNamespace(user_partition_id=pid) for pid in self.teams_partition_ids])


class ChapterBlock(XModuleMixinStandIn):
    """A section."""

    has_children = True
    completion_mode = XBlockCompletionMode.AGGREGATOR


class SequenceBlock(XModuleMixinStandIn):
    """A subsection."""

    has_children = True
    completion_mode = XBlockCompletionMode.AGGREGATOR


class VerticalBlock(XModuleMixinStandIn):
    """A unit."""

    has_children = True
    completion_mode = XBlockCompletionMode.AGGREGATOR


class HtmlBlock(XModuleMixinStandIn):
    """Text content."""

    data = String(default="", scope=Scope.content)

    def student_view(self, context=None):
        """The authored content."""
        return Fragment(self.data)

    def student_view_data(self, context=None):  # pylint: disable=unused-argument
        """What the blocks API returns with student_view_data=html."""
        return {"html": self.data}


class ProblemBlock(XModuleMixinStandIn):
    """A scored problem answered through `xmodule_handler` (dispatches problem_get and problem_check)."""

    has_score = True
    weight = Float(default=1.0, scope=Scope.settings)
    graded = Boolean(default=True, scope=Scope.settings)
    data = String(default="", scope=Scope.content)
    answer = Dict(default={}, scope=Scope.user_state)

    def student_view(self, context=None):
        """The authored content."""
        return Fragment(self.data)

    @XBlock.handler
    def xmodule_handler(self, request, suffix=""):
        """problem_get: the problem HTML; problem_check: record the answer."""
        if suffix == "problem_get":
            return Response(json.dumps({"html": self.data}), content_type="application/json", charset="utf-8")
        if suffix == "problem_check":
            self.answer = dict(request.POST)
            self.runtime.publish(self, "grade", {"value": 1, "max_value": self.weight})
            return Response(json.dumps({"success": "correct"}), content_type="application/json", charset="utf-8")
        return Response(status=404)


class VideoBlock(XModuleMixinStandIn):
    """A video: URLs in student_view_data, a transcript handler."""

    video_url = String(default="", scope=Scope.settings)
    transcript_text = String(default="", scope=Scope.content)

    def student_view_data(self, context=None):  # pylint: disable=unused-argument
        """Encoded video URLs (what the mobile apps read)."""
        return {"encoded_videos": {"desktop_mp4": {"url": self.video_url}}}

    @XBlock.handler
    def transcript(self, request, suffix=""):  # pylint: disable=unused-argument
        """The transcript text."""
        return Response(self.transcript_text, content_type="text/plain", charset="utf-8")


class FeeGateBlock(XModuleMixinStandIn):
    """Stand-in for the plugin's fee_training block (see module docstring)."""

    has_children = True
    completion_mode = XBlockCompletionMode.AGGREGATOR
    access_mode = String(default="fee", scope=Scope.settings)
    gate_scope = String(default="children", scope=Scope.settings)
    fee = String(default="49.00", scope=Scope.settings)
    currency = String(default="USD", scope=Scope.settings)

    @XBlock.handler
    def pay_info(self, request, suffix=""):  # pylint: disable=unused-argument
        """The gate's own handler stays reachable for everyone."""
        return Response(json.dumps({"fee": self.fee}), content_type="application/json", charset="utf-8")


class LtiBlock(XModuleMixinStandIn):
    """A block with a server-to-server callback handler (the name xblock-lti-consumer uses)."""

    @XBlock.handler
    def outcome_service_handler(self, request, suffix=""):  # pylint: disable=unused-argument
        """LTI 1.1 grade passback (the tool signs its request)."""
        return Response("<ok/>", content_type="application/xml", charset="utf-8")


BLOCK_CLASSES = {
    "course": CourseBlock, "chapter": ChapterBlock, "sequential": SequenceBlock, "vertical": VerticalBlock,
    "html": HtmlBlock, "problem": ProblemBlock, "video": VideoBlock, "fee_training": FeeGateBlock,
    "lti_consumer": LtiBlock,
}
