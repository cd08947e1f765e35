"""Each LMS path to a closed block, for a learner who has not paid, a payer and course staff.

Requests go through Django's test client, the stand-in LMS URLconf and the middleware
the plugin's settings hook installs. Stand-ins (tests/support/lms; edx-platform
cannot be installed here):
- urls.py: names and kwargs of lms/urls.py (openedx-platform @ 06d1a0ef);
- block_render.py: handle_xblock_callback(_noauth), get_block_by_usage_id and
  get_block_for_descriptor of lms/djangoapps/courseware/block_render.py (@ 5af5f01f),
  including the `known` flag that skips has_access;
- views.py: render_xblock of lms/djangoapps/courseware/views/views.py (@ 0216a318);
- access.py: has_access/_has_group_access of lms/djangoapps/courseware/access.py (@ 4d227972);
- course_blocks.py: UserPartitionTransformer (user_partitions.py @ e57a655d) and the blocks API;
- search.py: edx-search's result processing and LmsSearchResultProcessor
  (lms/lib/courseware_search/lms_result_processor.py, edx-platform @ 0105e7bd);
- grades.py: CourseData.structure (lms/djangoapps/grades/course_data.py);
- auth.py: the JWT and bearer authenticators the handler view tries.
"""
import pytest
from django.test import Client

from tests.lms.conftest import PAID_HTML, PAID_PROBLEM, paid_unit_course
from tests.support.lms import auth
from tests.support.lms.access import grant_role
from tests.support.lms.course_blocks import get_blocks
from tests.support.lms.grades import CourseData
from tests.support.lms.search import SearchResultProcessor


@pytest.fixture
def course(lms):
    """A course with a paid block (children scope) in unit1."""
    return paid_unit_course(lms)


def client_for(user=None):
    """A test client signed in as `user` (anonymous when None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def handler_url(course, block_id, handler="xmodule_handler", suffix="problem_get", noauth=False):
    """An LMS handler URL for a block of the course."""
    kind = "handler_noauth" if noauth else "handler"
    return f"/courses/{course.key}/xblock/{course.usage(block_id)}/{kind}/{handler}/{suffix}"


def test_session_handler_calls_on_closed_blocks_are_404_until_paid(course, learner, payer, course_staff):
    grant_role(course_staff, course.key, "staff")
    course.grant(payer, "gate")
    assert client_for(learner).get(handler_url(course, "p_inside")).status_code == 404
    assert client_for(learner).post(handler_url(course, "p_inside", suffix="problem_check"), {"a": "1"}).status_code == 404
    assert PAID_PROBLEM in client_for(payer).get(handler_url(course, "p_inside")).content.decode()
    assert client_for(payer).post(handler_url(course, "p_inside", suffix="problem_check"), {"a": "1"}).status_code == 200
    assert PAID_PROBLEM in client_for(course_staff).get(handler_url(course, "p_inside")).content.decode()


def test_open_content_and_the_gate_itself_stay_reachable(course, learner):
    assert client_for(learner).get(handler_url(course, "p_unit2")).status_code == 200
    assert client_for(learner).get(handler_url(course, "gate", "pay_info", "")).status_code == 200
    assert client_for(None).get(handler_url(course, "gate", "pay_info", "", noauth=True)).status_code == 200


def test_anonymous_get_to_xblock_handler_is_closed_by_the_middleware(course):
    assert client_for(None).get(handler_url(course, "p_inside")).status_code == 404
    assert client_for(None).get(handler_url(course, "p_unit2")).status_code == 200  # open content: unchanged


def test_without_the_middleware_the_lms_would_serve_anonymous_and_noauth_calls(course, settings):
    """The hole the middleware closes: these requests skip has_access (`known` is False)."""
    settings.MIDDLEWARE = [path for path in settings.MIDDLEWARE if not path.startswith("fee_training_xblock")]
    assert PAID_PROBLEM in client_for(None).get(handler_url(course, "p_inside")).content.decode()
    assert PAID_PROBLEM in client_for(None).get(handler_url(course, "p_inside", noauth=True)).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_noauth_handler_calls_on_closed_blocks_are_404(course, learner, who):
    client = client_for(None if who == "anonymous" else learner)
    response = client.get(handler_url(course, "p_inside", noauth=True))
    assert response.status_code == 404 and PAID_PROBLEM not in response.content.decode()
    assert client.get(handler_url(course, "video_after", "transcript", "translation/en", noauth=True)).status_code == 200


def test_noauth_handler_calls_pass_for_payers_and_staff(course, payer, course_staff):
    course.grant(payer, "gate")
    grant_role(course_staff, course.key, "instructor")
    for user in (payer, course_staff):
        assert PAID_PROBLEM in client_for(user).get(handler_url(course, "p_inside", noauth=True)).content.decode()


def test_allow_listed_callbacks_are_not_blocked(lms, settings):
    from tests.support.lms.harness import B  # pylint: disable=import-outside-toplevel
    course = lms.course(B("chapter", "c", B("sequential", "s", B("vertical", "u",
        B("fee_training", "gate", B("lti_consumer", "lti"))))))
    url = handler_url(course, "lti", "outcome_service_handler", "", noauth=True)
    assert client_for(None).post(url, "<xml/>", content_type="application/xml").status_code == 200
    settings.FEE_TRAINING = dict(settings.FEE_TRAINING, LMS_NOAUTH_HANDLER_ALLOWLIST="")
    assert client_for(None).post(url, "<xml/>", content_type="application/xml").status_code == 404


def test_token_requests_are_left_to_the_views_access_check(course, learner, payer):
    auth.register_token("Bearer", "learner-token", learner)
    auth.register_token("JWT", "payer-token", payer)
    course.grant(payer, "gate")
    url = handler_url(course, "p_inside")
    assert client_for(None).get(url, HTTP_AUTHORIZATION="Bearer learner-token").status_code == 404
    assert PAID_PROBLEM in client_for(None).get(url, HTTP_AUTHORIZATION="JWT payer-token").content.decode()
    # A made-up token does not authenticate: the view would treat the GET as anonymous and skip the check.
    assert client_for(None).get(url, HTTP_AUTHORIZATION="Bearer made-up").status_code == 404


def test_render_xblock_of_a_closed_child_is_404_before_any_filter(course, learner, payer):
    course.grant(payer, "gate")
    url = f"/xblock/{course.usage('html_inside')}"
    assert client_for(learner).get(url).status_code == 404
    assert PAID_HTML in client_for(payer).get(url).content.decode()
    unit = client_for(learner).get(f"/xblock/{course.usage('unit1')}").content.decode()
    assert "FREE-INTRO" in unit and PAID_HTML not in unit and PAID_PROBLEM not in unit


def test_xblock_view_endpoint_is_closed(course, learner):
    url = f"/courses/{course.key}/xblock/{course.usage('html_inside')}/view/student_view"
    assert client_for(learner).get(url).status_code == 404


def test_blocks_api_leaves_closed_blocks_out(lms, course, learner, payer, course_staff):
    course.grant(payer, "gate")
    grant_role(course_staff, course.key, "staff")
    closed = {str(course.usage(b)) for b in ("p_inside", "html_inside")}

    def listed(user):
        """The blocks API answer for `user`."""
        lms.request_for(user)
        return get_blocks(user, course.key, student_view_data=["html", "video"])["blocks"]

    learner_blocks = listed(learner)
    assert not closed & set(learner_blocks)
    assert str(course.usage("gate")) in learner_blocks
    assert PAID_HTML not in repr(learner_blocks)
    assert closed <= set(listed(payer)) and closed <= set(listed(course_staff))
    assert listed(payer)[str(course.usage("html_inside"))]["student_view_data"] == {"html": PAID_HTML}


def test_search_drops_closed_results_per_user(lms, course, learner, payer):
    course.grant(payer, "gate")
    result = {"course": str(course.key), "id": str(course.usage("html_inside")), "content": {"text": PAID_HTML}}
    # The payer searches first: the LMS processor would now cache the payer's structure for everyone.
    lms.request_for(payer)
    assert SearchResultProcessor.process_result(dict(result), "secret", payer) is not None
    lms.request_for(learner)
    assert SearchResultProcessor.process_result(dict(result), "secret", learner) is None
    open_result = dict(result, id=str(course.usage("intro")))
    assert SearchResultProcessor.process_result(open_result, "intro", learner) is not None


def test_the_lms_search_processor_alone_shares_one_users_structure(lms, course, learner, payer, settings):
    """Why the plugin replaces it: LmsSearchResultProcessor caches structures in a class attribute."""
    settings.SEARCH_RESULT_PROCESSOR = "lms.lib.courseware_search.lms_result_processor.LmsSearchResultProcessor"
    course.grant(payer, "gate")
    result = {"course": str(course.key), "id": str(course.usage("html_inside")), "content": {"text": PAID_HTML}}
    lms.request_for(payer)
    SearchResultProcessor.process_result(dict(result), "secret", payer)
    lms.request_for(learner)
    assert SearchResultProcessor.process_result(dict(result), "secret", learner) is not None  # the leak


def test_grades_leave_closed_problems_out_of_the_total_for_non_payers(lms, course, learner, payer):
    course.grant(payer, "gate")
    lms.request_for(learner)
    assert CourseData(learner, course.key).possible_points() == 1.0  # p_unit2 only
    lms.request_for(payer)
    assert CourseData(payer, course.key).possible_points() == 3.0  # p_unit2 + p_inside (weight 2)


def test_free_mode_gates_nothing_on_any_path(lms, learner):
    course = paid_unit_course(lms, access_mode="free", gate_scope="subsection")
    assert PAID_PROBLEM in client_for(learner).get(handler_url(course, "p_inside")).content.decode()
    assert PAID_PROBLEM in client_for(None).get(handler_url(course, "p_inside", noauth=True)).content.decode()
    assert PAID_HTML in client_for(learner).get(f"/xblock/{course.usage('html_inside')}").content.decode()


def test_unit_scope_closes_the_rest_of_the_unit_on_every_path(lms, learner, payer):
    course = paid_unit_course(lms, gate_scope="unit")
    course.grant(payer, "gate")
    after = f"/xblock/{course.usage('after')}"
    assert client_for(learner).get(after).status_code == 404
    assert client_for(None).get(handler_url(course, "video_after", "transcript", "", noauth=True)).status_code == 404
    assert "AFTER-GATE" in client_for(payer).get(after).content.decode()
    assert client_for(learner).get(f"/xblock/{course.usage('intro')}").status_code == 200
    assert client_for(learner).get(handler_url(course, "p_unit2")).status_code == 200


def test_subsection_scope_closes_the_other_units_of_the_subsection(lms, learner, payer):
    course = paid_unit_course(lms, gate_scope="subsection")
    course.grant(payer, "gate")
    assert client_for(learner).get(handler_url(course, "p_unit2")).status_code == 404
    assert client_for(learner).get(f"/xblock/{course.usage('intro')}").status_code == 404
    assert client_for(learner).get(f"/xblock/{course.usage('other_seq')}").status_code == 200
    assert client_for(learner).get(handler_url(course, "gate", "pay_info", "")).status_code == 200
    assert client_for(payer).get(handler_url(course, "p_unit2")).status_code == 200
    lms.request_for(learner)
    blocks = get_blocks(learner, course.key)["blocks"]
    assert str(course.usage("unit1")) in blocks and str(course.usage("unit2")) not in blocks
    assert blocks[str(course.usage("unit1"))]["children"] == [str(course.usage("gate"))]
