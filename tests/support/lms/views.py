"""Stand-in for `render_xblock` in lms/djangoapps/courseware/views/views.py (P @ 0216a3187dc94b584bcc75394f93b31b94384288).

Reproduced in order: ``staff_access = bool(has_access(request.user, 'staff',
course_key))`` computed *before* the masquerade; the course loaded (the LMS also
checks enrollment: not modelled); ``request.user`` replaced by setup_masquerade's
user; `get_block_by_usage_id` (Http404 for a block the user may not load, before
any filter runs); the context keys 'course', 'block', 'staff_access', ...;
``RenderXBlockStarted.run_filter(context=..., student_view_context=...)`` from the
real openedx-filters; PreventXBlockBlockRender -> log.info and a 500 page;
RenderCustomResponse -> log.info and ``Fragment(exc.response)`` in the chromeless
page with status 200; otherwise the block's student_view in that page.
`jump_to` stands in for the LMS redirect to the unit of a block (name 'jump_to').
"""
import logging

from django.http import HttpResponse, HttpResponseServerError
from opaque_keys.edx.keys import UsageKey
from openedx_filters.learning.filters import RenderXBlockStarted
from web_fragments.fragment import Fragment

from tests.support.lms.access import has_access
from tests.support.lms.block_render import get_block_by_usage_id
from tests.support.lms.masquerade import setup_masquerade
from tests.support.lms.modulestore import modulestore

log = logging.getLogger(__name__)


def _chromeless_page(fragment):
    return HttpResponse(f'<html><body class="courseware-chromeless">{fragment.content}</body></html>')


def render_xblock(request, usage_key_string, check_if_enrolled=True):  # pylint: disable=unused-argument
    """The chromeless page of one block (what the Learning MFE and the mobile apps load)."""
    usage_key = UsageKey.from_string(usage_key_string)
    course_key = usage_key.course_key
    staff_access = bool(has_access(request.user, "staff", course_key))
    course = modulestore().get_course(course_key)
    _course_masquerade, request.user = setup_masquerade(request, course_key, staff_access)
    recheck_access = request.GET.get("recheck_access") == "1"
    block, _ = get_block_by_usage_id(request, str(course_key), str(usage_key), course=course,
                                     will_recheck_access=recheck_access)
    student_view_context = request.GET.dict()
    context = {"course": course, "block": block, "staff_access": staff_access, "disable_accordion": True}
    try:
        context, student_view_context = RenderXBlockStarted.run_filter(
            context=context, student_view_context=student_view_context,
        )
    except RenderXBlockStarted.PreventXBlockBlockRender as exc:
        log.info("Halted rendering block %s. Reason: %s", usage_key_string, exc.message)
        return HttpResponseServerError("<html><body>500</body></html>")
    except RenderXBlockStarted.RenderCustomResponse as exc:
        log.info("Rendering custom exception for block %s. Reason: %s", usage_key_string, exc.message)
        return _chromeless_page(Fragment(exc.response))
    return _chromeless_page(block.render("student_view", context=student_view_context))


def jump_to(request, course_id, location):  # pylint: disable=unused-argument
    """Where the paywall link points: the LMS redirects to the unit holding `location`."""
    return HttpResponse(f"jump to {location}")
