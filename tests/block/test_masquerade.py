"""Staff viewing a course as a learner (the LMS masquerade) is never billed and never granted.

The LMS is not installed here. The request carries the masquerade the way
lms/djangoapps/courseware/masquerade.py leaves it: `request.user.masquerade_settings`
(a dict from course key to an object with `role` and `user_name`) and, for a
specific learner, that learner as `request.user` with `.real_user` the staff user.
django-crum (which the LMS uses) supplies the current request to compat/.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import crum
import pytest
from django.test import RequestFactory

from fee_training_xblock import compat
from fee_training_xblock.models import CourseAssignment, ProfileCourse, SubscriptionProfile
from fee_training_xblock.subscriptions import subscribing
from tests.support.runtime import BlockFactory, call_json

pytestmark = pytest.mark.django_db

COURSE = "course-v1:Acme+Lab+2026"
OLX = """<fee_training display_name="Lab" fee="0" currency="USD" access_mode="subscription" assignment_days="30">
  <html_demo><p>LAB</p></html_demo></fee_training>"""


@dataclass
class CourseMasquerade:
    """The attributes of lms.djangoapps.courseware.masquerade.CourseMasquerade that the plugin reads."""

    course_key: str
    role: str = "student"
    user_partition_id: int = None
    group_id: int = None
    user_name: str = None


class User:
    """A signed-in user as request.user: an id, and what masquerade adds."""

    def __init__(self, pk, masquerade_settings=None, real_user=None):
        self.id, self.pk, self.is_authenticated = pk, pk, True
        self.masquerade_settings = masquerade_settings or {}
        if real_user is not None:
            self.real_user = real_user


@pytest.fixture
def request_as():
    """Make `user` the current request's user (as the LMS's crum middleware does); undone afterwards."""
    def install(user):
        request = RequestFactory().get("/courses/")
        request.user, request.session = user, {}
        crum.set_current_request(request)
    yield install
    crum.set_current_request(None)


def test_no_request_or_no_masquerade_is_not_a_masquerade(request_as):
    assert compat.is_masquerading(COURSE, "7") is False
    request_as(User(7))
    assert compat.is_masquerading(COURSE, "7") is False


def test_viewing_as_a_learner_or_as_a_specific_learner_is_a_masquerade(request_as):
    request_as(User(3, {COURSE: CourseMasquerade(COURSE)}))
    assert compat.is_masquerading(COURSE, "3") is True
    assert compat.is_masquerading("course-v1:Other+X+1", "3") is False
    request_as(User(3, {COURSE: CourseMasquerade(COURSE, role="staff")}))  # "view as staff" is not one
    assert compat.is_masquerading(COURSE, "3") is False
    request_as(User(42, real_user=User(3)))  # staff 3 views the course as learner 42
    assert compat.is_masquerading(COURSE, "42") is True


def test_a_masquerading_staff_member_cannot_start_a_learners_course(request_as):
    factory = BlockFactory(OLX)
    course_key = factory.block_for("author", staff=True).ref().course_key
    profile = SubscriptionProfile.objects.create(name="P", organization="Acme", duration_days=365, price_minor=100)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    subscribing.create_subscription(profile, "42", datetime.now(timezone.utc) - timedelta(days=1))
    request_as(User(42, real_user=User(3)))  # the runtime reports the learner; the request knows the truth
    status, body = call_json(factory.block_for("42"), "start_course", {})
    assert status == 403 and "Staff cannot start" in body["error"]
    assert not CourseAssignment.objects.exists()
