"""compat.py's LMS functions, against the stand-ins and outside the LMS (edx-platform cannot be installed here).

Stand-ins: lms/djangoapps/courseware/access.py (openedx-platform @ 4d227972) for roles and
administrative access, common/djangoapps/student/models for enrollment,
lms/djangoapps/grades/tasks.py (@ 16462918) for the regrade task, edx-django-utils'
RequestCache and django-crum.
"""
from opaque_keys.edx.locator import CourseLocator

from fee_training_xblock import compat
from tests.support.lms import install, student_and_grades
from tests.support.lms.access import grant_role

COURSE = CourseLocator("FeeOrg", "PAID101", "2030")


def test_outside_the_lms_every_function_answers_harmlessly():
    install.uninstall()
    user = type("U", (), {"id": 1, "is_authenticated": True, "is_staff": True})()
    assert compat.user_role(user, COURSE) == "student"
    assert compat.course_masquerade(user, COURSE) is None
    assert compat.is_masquerading_as_specific_student(user, COURSE) is False
    assert compat.administrative_access(user, COURSE) == (False, False, False)
    assert compat.is_enrolled(user, COURSE) is None
    assert compat.recalculate_grades_for_user(1, COURSE) is False
    assert compat.current_request() is None
    cache = compat.request_cache("x")
    cache["k"] = 1
    compat.clear_request_cache()
    assert "k" not in compat.request_cache("x")


def test_roles_enrollment_and_regrade_through_the_lms(lms, learner, course_staff):
    grant_role(course_staff, COURSE, "instructor")
    assert compat.administrative_access(course_staff, COURSE) == (False, False, True)
    assert compat.user_role(course_staff, COURSE) == "instructor"
    assert compat.is_enrolled(learner, COURSE) is False
    student_and_grades.CourseEnrollment.enroll(learner, COURSE)
    assert compat.is_enrolled(learner, COURSE) is True
    assert compat.recalculate_grades_for_user(learner.id, COURSE) is True
    assert student_and_grades.QUEUED[-1] == {"user_id": learner.id, "course_key": str(COURSE)}
