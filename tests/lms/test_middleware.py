"""The handler middleware's edge cases: which requests it looks at and how it reads the URL.

URL names and kwargs follow lms/urls.py (openedx-platform @ 06d1a0ef); aside keys and
`unquote_slashes` follow _invoke_xblock_handler in lms/djangoapps/courseware/block_render.py
(@ 5af5f01f) and openedx/core/lib/url_utils.py. Stand-ins in tests/support/lms;
edx-platform cannot be installed here.
"""
from django.test import Client
from opaque_keys.edx.asides import AsideUsageKeyV2

from fee_training_xblock import conf
from fee_training_xblock.lms import middleware
from tests.lms.conftest import PAID_PROBLEM, paid_unit_course


def test_only_handler_urls_are_examined(lms, learner):
    course = paid_unit_course(lms)
    assert Client().get(f"/courses/{course.key}/jump_to/{course.usage('p_inside')}").status_code == 200


def test_unparsable_keys_are_left_to_the_view():
    assert middleware.handler_target({"course_id": "not a key", "usage_id": "x"}) is None
    assert middleware.handler_target({"usage_id": "x"}) is None


def test_aside_handlers_are_judged_on_the_block_they_wrap(lms):
    course = paid_unit_course(lms)
    aside = AsideUsageKeyV2(course.usage("p_inside"), "some_aside")
    target = middleware.handler_target({"course_id": str(course.key), "usage_id": str(aside)})
    assert target == (course.key, course.usage("p_inside"))
    url = f"/courses/{course.key}/xblock/{aside}/handler_noauth/xmodule_handler/problem_get"
    response = Client().get(url)
    assert response.status_code == 404 and PAID_PROBLEM not in response.content.decode()


def test_quoted_slashes_are_undone_like_the_lms():
    assert middleware.unquote_slashes("i4x:;_;_org;_course;_problem;_p;;x") == "i4x://org/course/problem/p;x"


def test_the_allow_list_accepts_a_comma_separated_string(settings):
    settings.FEE_TRAINING = dict(settings.FEE_TRAINING, LMS_NOAUTH_HANDLER_ALLOWLIST=" a_handler, b_handler ,")
    assert middleware.allowed_handlers() == {"a_handler", "b_handler"}


def test_the_allow_list_defaults_to_the_lti_callbacks_and_reads_the_environment(settings, monkeypatch):
    settings.FEE_TRAINING = {}
    assert middleware.allowed_handlers() == set(middleware.DEFAULT_ALLOWLIST)
    monkeypatch.setenv("FEE_TRAINING_LMS_NOAUTH_HANDLER_ALLOWLIST", "only_this")
    conf.reload()  # the environment is read once (per settings change), as at a process start
    assert middleware.allowed_handlers() == {"only_this"}
    settings.FEE_TRAINING = {"LMS_NOAUTH_HANDLER_ALLOWLIST": "from_settings"}  # Django settings win
    assert middleware.allowed_handlers() == {"from_settings"}
