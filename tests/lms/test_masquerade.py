"""Staff masquerade on the handler path: view as Paid / Not paid / a generic learner / a specific learner.

Stand-ins (tests/support/lms; edx-platform cannot be installed here): masquerade.py follows
lms/djangoapps/courseware/masquerade.py (openedx-platform @ 14f7dc89): setup_masquerade
stores the session's settings on the user and, for a specific learner, returns that
learner; access.py follows lms/djangoapps/courseware/access.py (@ 4d227972): get_user_role
answers the masquerade role, so staff viewing as a learner get no staff bypass.
Masquerade only reads the ledger: nothing is granted or billed.
"""
import pytest

from fee_training_xblock.lms import partitions
from fee_training_xblock.models import AccessGrant
from tests.lms.conftest import paid_unit_course
from tests.support.lms.masquerade import MASQUERADE_SETTINGS_KEY, CourseMasquerade


@pytest.fixture
def setup(lms, payer, learner):
    """A paid course, a payer, global staff and the gate's partition id."""
    course = paid_unit_course(lms)
    course.grant(payer, "gate")
    staff = lms.user("staffer", is_staff=True)
    lms.request_for(None)
    pid = partitions.partition_ids(course.key)[str(course.usage("gate"))]
    return course, staff, pid


def load_as(lms, staff, course, **masquerade):
    """The closed problem as staff masquerading with these settings see it (None: 404)."""
    session = {MASQUERADE_SETTINGS_KEY: {course.key: CourseMasquerade(course.key, **masquerade)}} if masquerade else {}
    return lms.load(staff, course, "p_inside", session=session)


def test_staff_without_masquerade_see_closed_content(lms, setup):
    course, staff, _ = setup
    assert load_as(lms, staff, course) is not None
    assert load_as(lms, staff, course, role="staff") is not None


def test_view_as_paid_and_not_paid_groups(lms, setup):
    course, staff, pid = setup
    assert load_as(lms, staff, course, role="student", user_partition_id=pid, group_id=partitions.PAID_ID) is not None
    assert load_as(lms, staff, course, role="student", user_partition_id=pid, group_id=partitions.UNPAID_ID) is None


def test_view_as_a_generic_learner_is_unpaid(lms, setup):
    course, staff, _ = setup
    assert load_as(lms, staff, course, role="student") is None


def test_view_as_a_specific_learner_uses_that_learners_grants_and_writes_nothing(lms, setup):
    course, staff, _ = setup
    grants = AccessGrant.objects.count()
    assert load_as(lms, staff, course, role="student", user_name="payer") is not None
    assert load_as(lms, staff, course, role="student", user_name="learner") is None
    assert AccessGrant.objects.count() == grants
