"""The block in subscription mode on a real runtime and database: learner views, events, staff summary, Studio."""
import re
from datetime import UTC, datetime, timedelta

import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import CourseAssignment, ProfileCourse, SubscriptionProfile
from fee_training_xblock.subscriptions import subscribing
from fee_training_xblock.subscriptions.handlers import ASSIGNMENT_EVENT
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = pytest.mark.django_db

UTC = UTC
MARKER = "SUBSCRIBED-CONTENT"
OLX = f"""
<fee_training display_name="Cloud lab" fee="0" currency="USD" access_mode="subscription" assignment_days="180">
  <html_demo><p>{MARKER}</p></html_demo>
</fee_training>
"""
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


class Course:
    """A subscription-mode block (one 'course') with a profile covering it."""

    def __init__(self, days=365, price=2500, olx=OLX):
        self.factory = BlockFactory(olx)
        self.course_key = block_ref(self.factory.block_for("author", staff=True)).course_key
        self.profile = SubscriptionProfile.objects.create(name=f"Profile {days}", organization="workbench",
                                                          duration_days=days, price_minor=price)
        ProfileCourse.objects.create(profile=self.profile, course_key=self.course_key)

    def block(self, user="42", staff=False, now=NOW):
        """The block as `user` sees it at `now`."""
        block = self.factory.block_for(user, staff=staff)
        block.billing_now = lambda: now
        return block


def start(block):
    """Press Start course (the POST a page view never makes)."""
    return call_json(block, "start_course", {})


def test_subscriber_starting_the_course_sees_content_and_one_assignment_is_billed():
    course = Course()
    subscribing.create_subscription(course.profile, "42", NOW - timedelta(days=10))
    html = student_html(course.block())
    assert MARKER not in html and 'data-outcome="ready"' in html and 'data-role="start-course"' in html
    assert CourseAssignment.objects.count() == 0  # viewing bills nothing
    block = course.block()
    status, reply = start(block)
    assert status == 200 and reply["created"] and reply["expires_on"] == "2026-09-06"
    assert block.course_assignments[0]["sequence"] == 1 and block.access_via == "subscription"
    html = student_html(course.block())
    assert MARKER in html and 'data-outcome="live"' in html and "until 2026-09-06" in html
    events = [data for name, data in block.runtime.events if name == ASSIGNMENT_EVENT]
    assert len(events) == 1
    assert events[0]["amount_minor"] == 2500 and events[0]["currency"] == "USD"
    assert events[0]["course_key"] == course.course_key and events[0]["profile_id"] == course.profile.pk
    assert events[0]["starts_at"].startswith("2026-03-10") and events[0]["expires_at"].startswith("2026-09-06")

    later = course.block(now=NOW + timedelta(days=20))
    html = student_html(later)
    assert MARKER in html and 'data-outcome="live"' in html
    assert not [name for name, _ in later.runtime.events if name == ASSIGNMENT_EVENT]
    assert CourseAssignment.objects.count() == 1


def test_after_the_subscription_ends_the_learner_is_told_what_to_do():
    course = Course(days=30)
    subscribing.create_subscription(course.profile, "42", NOW - timedelta(days=400))
    html = student_html(course.block())
    assert MARKER not in html and 'data-outcome="ended"' in html
    assert "renew your subscription" in html
    assert CourseAssignment.objects.count() == 0


def test_learner_without_subscription_is_not_billed_and_sees_no_content():
    course = Course()
    html = student_html(course.block())
    assert MARKER not in html and 'data-outcome="not_subscribed"' in html
    assert 'data-state="waiting"' in html
    status, _ = start(course.block())
    assert status == 400
    assert CourseAssignment.objects.count() == 0


def test_staff_grant_opens_a_subscription_block_without_billing():
    course = Course()
    services.grant_access(block_ref(course.block("7")), "7", via="staff", reference="staff:1")
    html = student_html(course.block("7", now=datetime.now(UTC)))
    assert MARKER in html
    assert CourseAssignment.objects.count() == 0


def test_staff_view_shows_the_billing_summary_and_the_foresight_warning_and_loads_figures_on_demand():
    course = Course(days=365)
    subscribing.create_subscription(course.profile, "42", NOW - timedelta(days=10))
    assert start(course.block())[0] == 200
    html = student_html(course.block("staff-1", staff=True))
    assert 'data-role="billing-summary"' in html and 'data-role="staff-figures-load"' in html
    assert "billed up to 3 times" in html
    assert MARKER in html  # staff preview
    assert "data-month" not in html  # the month totals grow with the course: not computed on a page view
    status, reply = call_json(course.block("staff-1", staff=True), "staff_counts", {})
    assert status == 200
    assert '<tr data-month="2026-03"><td>2026-03</td><td>1</td><td>$25.00</td></tr>' in reply["html"]
    assert "giving access now: 1" in reply["html"]
    assert call_json(course.block("42"), "staff_counts", {})[0] == 403


def test_studio_warns_with_the_ceil_number_for_each_longer_profile():
    course = Course(days=365)
    longer = SubscriptionProfile.objects.create(name="Two years", organization="workbench", duration_days=730, price_minor=1)
    ProfileCourse.objects.create(profile=longer, course_key=course.course_key)
    same = SubscriptionProfile.objects.create(name="Half year", organization="workbench", duration_days=180, price_minor=1)
    ProfileCourse.objects.create(profile=same, course_key=course.course_key)
    messages = course.block("author", staff=True).validate().messages
    texts = [(m.type, m.text) for m in messages]
    assert [t for t in texts if "Profile 365" in t[1]] == [("warning", texts[0][1])]
    assert any("'Two years' lasts 730 days" in text and "up to 5 times" in text for _, text in texts)
    assert not any("Half year" in text for _, text in texts)


def test_studio_refuses_a_bad_assignment_duration():
    course = Course()
    author = course.block("author", staff=True)
    status, body = call_json(author, "submit_studio_edits", {"values": {"assignment_days": 0}, "defaults": []})
    assert status == 400 and "Assignment duration must be a whole number" in str(body)
    status, _ = call_json(author, "submit_studio_edits", {"values": {"assignment_days": 365}, "defaults": []})
    assert status == 200


def test_fee_mode_blocks_ignore_subscriptions():
    course = Course(olx=OLX.replace('access_mode="subscription"', 'access_mode="fee"').replace('fee="0"', 'fee="10"'))
    subscribing.create_subscription(course.profile, "42", NOW - timedelta(days=10))
    html = student_html(course.block())
    assert MARKER not in html and 'data-state="locked"' in html
    assert CourseAssignment.objects.count() == 0


def test_workbench_subscription_scenario_bills_a_subscribed_learner(client):
    index = client.get("/").content.decode()
    scenario = next(url for url in re.findall(r'href="(/scenario/[^"]+)"', index)
                    if "subscription-marker" in client.get(url + "?student=staff1").content.decode())
    staff_html = client.get(scenario + "?student=staff1").content.decode()
    course_key = re.search(r'data-role="course-key">([^<]+)<', staff_html).group(1)
    assert "not_subscribed" in client.get(scenario + "?student=learner7").content.decode()
    profile = SubscriptionProfile.objects.create(name="Demo", organization="workbench", duration_days=365, price_minor=1500)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    subscribing.create_subscription(profile, "learner7", datetime.now(UTC) - timedelta(days=1))
    html = client.get(scenario + "?student=learner7").content.decode()
    assert 'data-role="content"' not in html and 'data-outcome="ready"' in html
    assert not CourseAssignment.objects.exists()
    usage = re.search(r"data-usage='([^']+)' data-block-type='fee_training'", html).group(1)
    reply = client.post(f"/handler/{usage}/start_course/?student=learner7", data="{}", content_type="application/json")
    assert reply.status_code == 200, reply.content
    html = client.get(scenario + "?student=learner7").content.decode()
    assert 'data-role="content"' in html and 'data-outcome="live"' in html
    assert CourseAssignment.objects.get().user_key == "learner7"


def test_staff_revoke_in_a_subscription_block_is_not_undone_by_the_next_visit():
    course = Course()
    subscribing.create_subscription(course.profile, "42", NOW - timedelta(days=10))
    assert start(course.block())[0] == 200
    assert MARKER in student_html(course.block())
    services.revoke_access(block_ref(course.block()).usage_key, "42", "staff decision")  # what staff_revoke does
    html = student_html(course.block(now=NOW + timedelta(days=1)))
    assert MARKER not in html and 'data-outcome="revoked"' in html
    assert CourseAssignment.objects.count() == 1


def test_anonymous_visitor_is_asked_to_sign_in_and_nothing_is_billed():
    course = Course()
    html = student_html(course.factory.block_for("x", anonymous=True))
    assert 'data-role="sign-in"' in html and 'data-role="price"' not in html and MARKER not in html
    assert CourseAssignment.objects.count() == 0
    assert start(course.factory.block_for("x", anonymous=True))[0] == 403


def test_staff_cannot_start_a_course_as_a_learner():
    course = Course()
    subscribing.create_subscription(course.profile, "staff-1", NOW - timedelta(days=10))
    status, body = start(course.block("staff-1", staff=True))
    assert status == 403 and "Staff cannot start a course" in body["error"]
    assert CourseAssignment.objects.count() == 0
