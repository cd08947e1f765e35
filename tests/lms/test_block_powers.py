"""Staff powers follow the LMS's roles, and the LMS hears about every change of access.

Stand-ins (edx-platform cannot run here): lms/djangoapps/courseware/access.py for
administrative access, common/djangoapps/student/models for enrollment,
lms/djangoapps/grades/tasks.py for the regrade task (see tests/support/lms/).
"""
import pytest
from opaque_keys.edx.locator import CourseLocator

from fee_training_xblock.block import permissions
from fee_training_xblock.core import ledger
from fee_training_xblock.data import BlockRef, Viewer
from tests.support.lms import student_and_grades
from tests.support.lms.access import grant_role

COURSE = CourseLocator("FeeOrg", "PAID101", "2030")
GATE = str(COURSE.make_usage_key("fee_training", "gate"))


def viewer_of(user, staff=True, masquerading=False):
    """The Viewer the block builds for `user` from the LMS user service."""
    return Viewer(str(user.id), user.username, "", "", is_staff=staff, is_masquerading=masquerading)


def test_refunds_need_platform_staff_or_a_role_the_operator_allows(lms, settings, course_staff, learner):
    settings.FEE_TRAINING = {}
    assert permissions.may_refund(viewer_of(course_staff), str(COURSE)) is False  # course staff: no
    grant_role(course_staff, COURSE, "instructor")
    assert permissions.may_refund(viewer_of(course_staff), str(COURSE)) is True  # instructor: yes by default
    assert permissions.may_refund(viewer_of(course_staff, masquerading=True), str(COURSE)) is False
    settings.FEE_TRAINING = {"REFUND_COURSE_ROLES": ""}
    assert permissions.may_refund(viewer_of(course_staff), str(COURSE)) is False  # platform staff only
    learner.is_staff = True
    learner.save()
    assert permissions.may_refund(viewer_of(learner), str(COURSE)) is True


def test_grants_go_only_to_enrolled_learners(lms, learner):
    assert permissions.may_receive_grant(str(learner.id), str(COURSE), in_workbench=False) is False
    student_and_grades.CourseEnrollment.enroll(learner, COURSE)
    try:
        assert permissions.may_receive_grant(str(learner.id), str(COURSE), in_workbench=False) is True
    finally:
        student_and_grades.CourseEnrollment.unenroll(learner, COURSE)
    assert permissions.may_receive_grant("no-such-user", str(COURSE), in_workbench=False) is False
    assert permissions.may_receive_grant("wb-student", "workbench:x", in_workbench=True) is True


@pytest.mark.django_db(transaction=True)
def test_a_grant_and_a_revocation_regrade_the_learner(lms, learner):
    queued = len(student_and_grades.QUEUED)
    ledger.grant_access(BlockRef(str(COURSE), GATE), str(learner.id), via="staff")
    assert student_and_grades.QUEUED[queued:] == [{"user_id": learner.id, "course_key": str(COURSE)}]
    ledger.grant_access(BlockRef(str(COURSE), GATE), str(learner.id), via="staff")  # no change, no regrade
    assert len(student_and_grades.QUEUED) == queued + 1
    ledger.revoke_access(GATE, str(learner.id), "test")
    assert student_and_grades.QUEUED[-1] == {"user_id": learner.id, "course_key": str(COURSE)}
    assert len(student_and_grades.QUEUED) == queued + 2
