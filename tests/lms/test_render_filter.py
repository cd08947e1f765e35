"""The RenderXBlockStarted step: a paywall page (not a 500) and no ERROR traceback for the intended stop.

The real openedx-filters package runs the pipeline configured by the plugin's settings
hook. Stand-ins (tests/support/lms; edx-platform cannot be installed here):
- views.py follows render_xblock in lms/djangoapps/courseware/views/views.py
  (openedx-platform @ 0216a318): staff_access computed before setup_masquerade,
  get_block_by_usage_id before the filter, RenderCustomResponse wrapped in
  Fragment(exc.response) with status 200, PreventXBlockBlockRender -> 500;
- masquerade.py follows lms/djangoapps/courseware/masquerade.py (@ 14f7dc89).
With the whole gate wired, a closed block never reaches the step (404 first); the
paywall tests therefore take the field override out, as a course structure or a
provider list changed by hand would.
"""
import logging

import pytest
from django.test import Client
from openedx_filters.learning.filters import RenderXBlockStarted

from fee_training_xblock.lms import filters as fee_filters
from fee_training_xblock.lms import partitions
from fee_training_xblock.settings.lms import OVERRIDE_PROVIDER
from tests.lms.conftest import PAID_HTML, paid_unit_course
from tests.support.lms.harness import reset_lms_state
from tests.support.lms.masquerade import MASQUERADE_SETTINGS_KEY, CourseMasquerade


@pytest.fixture
def without_override(lms, settings):
    """The gate minus its field override: closed blocks reach render_xblock's filter."""
    settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS = tuple(
        path for path in settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS if path != OVERRIDE_PROVIDER)
    reset_lms_state()
    return lms


def render(user, course, block_id, session=None):
    """render_xblock of a block, optionally with session data (masquerade)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    if session:
        stored = client.session
        stored.update(session)
        stored.save()
    return client.get(f"/xblock/{course.usage(block_id)}")


def test_paywall_page_with_title_price_and_link(without_override, learner):
    course = paid_unit_course(without_override)
    response = render(learner, course, "html_inside")
    page = response.content.decode()
    assert response.status_code == 200
    assert "fee-training-paywall" in page and PAID_HTML not in page
    assert "Paid lesson" in page and "49.99 USD" in page
    assert f'href="/courses/{course.key}/jump_to/{course.usage("gate")}"' in page


def test_payers_and_staff_get_the_content(without_override, payer, course_staff):
    from tests.support.lms.access import grant_role  # pylint: disable=import-outside-toplevel
    course = paid_unit_course(without_override)
    course.grant(payer, "gate")
    grant_role(course_staff, course.key, "staff")
    for user in (payer, course_staff):
        assert PAID_HTML in render(user, course, "html_inside").content.decode()


def test_the_stop_is_one_info_line_not_an_error_traceback(without_override, learner, caplog):
    course = paid_unit_course(without_override)
    with caplog.at_level(logging.INFO):
        render(learner, course, "html_inside")
    runner = [record for record in caplog.records if record.name == "openedx_filters.tooling"]
    assert runner and all(record.levelno == logging.INFO and not record.exc_info for record in runner)
    assert "Paywall shown" in runner[0].getMessage()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_other_filter_exceptions_keep_their_error_log(caplog):
    fee_filters.install_log_filter()
    runner = logging.getLogger("openedx_filters.tooling")
    try:
        raise RenderXBlockStarted.PreventXBlockBlockRender("someone else's stop")
    except RenderXBlockStarted.PreventXBlockBlockRender:
        with caplog.at_level(logging.INFO):
            runner.exception("Exception raised while running '%s'", "OtherStep")
    assert caplog.records[-1].levelno == logging.ERROR and caplog.records[-1].exc_info
    assert sum(isinstance(f, fee_filters.PaywallLogFilter) for f in runner.filters) == 1


def test_staff_masquerading_as_not_paid_see_the_paywall_and_as_paid_the_content(without_override):
    course = paid_unit_course(without_override)
    staff = without_override.user("staffer", is_staff=True)
    without_override.request_for(None)
    pid = partitions.partition_ids(course.key)[str(course.usage("gate"))]

    def as_group(group_id):
        """The page while staff view as this group of the gate's partition."""
        masquerade = CourseMasquerade(course.key, role="student", user_partition_id=pid, group_id=group_id)
        return render(staff, course, "html_inside", {MASQUERADE_SETTINGS_KEY: {course.key: masquerade}}).content.decode()

    assert "fee-training-paywall" in as_group(1)
    assert PAID_HTML in as_group(2)


def test_with_the_whole_gate_a_closed_block_is_404_even_for_masquerading_staff(lms):
    course = paid_unit_course(lms)
    staff = lms.user("staffer", is_staff=True)
    lms.request_for(None)
    pid = partitions.partition_ids(course.key)[str(course.usage("gate"))]
    not_paid = CourseMasquerade(course.key, role="student", user_partition_id=pid, group_id=1)
    paid = CourseMasquerade(course.key, role="student", user_partition_id=pid, group_id=2)
    assert render(staff, course, "html_inside", {MASQUERADE_SETTINGS_KEY: {course.key: not_paid}}).status_code == 404
    assert render(staff, course, "html_inside", {MASQUERADE_SETTINGS_KEY: {course.key: paid}}).status_code == 200
    assert render(staff, course, "html_inside").status_code == 200


def test_the_step_passes_blocks_without_gates_and_contexts_without_a_block(lms, learner):
    course = paid_unit_course(lms)
    assert PAID_HTML not in render(learner, course, "intro").content.decode()
    assert "FREE-INTRO" in render(learner, course, "intro").content.decode()
    context, student_view_context = RenderXBlockStarted.run_filter(context={}, student_view_context={"a": 1})
    assert context == {} and student_view_context == {"a": 1}


def test_an_internal_error_leaves_the_decision_to_the_lms_and_is_logged(without_override, learner, monkeypatch, caplog):
    course = paid_unit_course(without_override)
    monkeypatch.setattr(fee_filters.course_tree, "gates_for_block", lambda block: 1 / 0)
    with caplog.at_level(logging.ERROR):
        response = render(learner, course, "intro")
    assert response.status_code == 200
    assert any("Could not check paid access" in record.getMessage() for record in caplog.records)


def test_paywall_text_is_escaped(without_override, learner):
    course = paid_unit_course(without_override, display_name="<script>alert(1)</script>")
    page = render(learner, course, "html_inside").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
