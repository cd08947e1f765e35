"""Starting a course on the real database: assignments, access grants, the seed's billing examples, races."""
import os
from datetime import UTC, datetime, timedelta, timezone

import pytest

from fee_training_xblock.core import ledger as services
from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import CourseAssignment, ProfileCourse, SubscriptionProfile
from fee_training_xblock.subscriptions import assignments, invoices, subscribing
from fee_training_xblock.subscriptions import domain as rules
from tests.support.concurrency import run_concurrently

UTC = UTC
COURSE = "course-v1:Acme+Labs+2026"
REF = BlockRef(COURSE, "block-v1:Acme+Labs+2026+type@fee_training+block@intro")
OTHER_BLOCK = BlockRef(COURSE, "block-v1:Acme+Labs+2026+type@fee_training+block@part2")
JAN = datetime(2026, 1, 1, tzinfo=UTC)


def make_profile(name="Labs yearly", days=365, price=2500, currency="USD", courses=(COURSE,), org="Acme", override=None):
    """A profile covering `courses`."""
    profile = SubscriptionProfile.objects.create(name=name, organization=org, duration_days=days,
                                                 price_minor=price, currency=currency)
    for course in courses:
        ProfileCourse.objects.create(profile=profile, course_key=course, price_minor_override=override)
    return profile


def subscribe(profile, user="42", start=JAN):
    """A subscription created by staff."""
    return subscribing.create_subscription(profile, user, start)[0]


pytestmark = pytest.mark.django_db


def test_180_day_assignments_in_a_180_day_subscription_are_billed_once():
    subscribe(make_profile(days=180))
    for day in (0, 1, 30, 90, 179):
        assignments.start_course(REF, "42", 180, now=JAN + timedelta(days=day, hours=10))
    assert CourseAssignment.objects.count() == 1
    after = assignments.start_course(REF, "42", 180, now=JAN + timedelta(days=181))
    assert after.decision.outcome == rules.ENDED and not after.gives_access
    assert CourseAssignment.objects.count() == 1


def test_year_subscription_course_restarted_in_month_8_is_billed_in_month_1_and_month_8():
    subscribe(make_profile(days=365))
    first = assignments.start_course(REF, "42", 180, now=datetime(2026, 1, 20, 9, tzinfo=UTC))
    assert first.created and first.assignment.billing_month == "2026-01"
    assert not assignments.start_course(REF, "42", 180, now=datetime(2026, 6, 1, tzinfo=UTC)).created
    second = assignments.start_course(REF, "42", 180, now=datetime(2026, 8, 12, tzinfo=UTC))
    assert second.created and second.assignment.sequence == 2
    jan = list(invoices.invoice_rows("2026-01"))
    aug = list(invoices.invoice_rows("2026-08"))
    assert [(r["course_key"], r["assignments"], r["amount_minor"]) for r in jan] == [(COURSE, 1, 2500)]
    assert [(r["course_key"], r["assignments"], r["amount_minor"]) for r in aug] == [(COURSE, 1, 2500)]
    assert list(invoices.invoice_rows("2026-06")) == []


def test_assignment_grants_block_access_until_it_expires():
    subscribe(make_profile())
    now = JAN + timedelta(days=2)
    result = assignments.start_course(REF, "42", 30, now=now)
    grant = services.active_grant(REF.usage_key, "42", now=now)
    assert grant.via == "subscription" and grant.reference == f"assignment:{result.assignment.pk}"
    assert grant.expires_at == result.assignment.expires_at
    assert not services.has_access(REF.usage_key, "42", now=result.assignment.expires_at)


def test_another_block_in_the_same_course_reuses_the_live_assignment():
    subscribe(make_profile())
    now = JAN + timedelta(days=2)
    assignments.start_course(REF, "42", 30, now=now)
    other = assignments.start_course(OTHER_BLOCK, "42", 30, now=now + timedelta(hours=1))
    assert not other.created and other.gives_access
    assert services.has_access(OTHER_BLOCK.usage_key, "42", now=now + timedelta(hours=1))
    assert CourseAssignment.objects.count() == 1


def test_restart_exactly_at_expiry_creates_and_bills_a_new_assignment():
    subscribe(make_profile())
    first = assignments.start_course(REF, "42", 30, now=JAN)
    again = assignments.start_course(REF, "42", 30, now=first.assignment.expires_at)
    assert again.created and again.assignment.created_at == first.assignment.expires_at
    assert services.active_grant(REF.usage_key, "42", now=first.assignment.expires_at).reference == f"assignment:{again.assignment.pk}"


def test_assignment_keeps_its_full_duration_after_the_subscription_ends():
    sub = subscribe(make_profile(days=30))
    late = assignments.start_course(REF, "42", 180, now=JAN + timedelta(days=29))
    assert late.assignment.expires_at == JAN + timedelta(days=209) > sub.ends_at
    assert assignments.start_course(REF, "42", 180, now=JAN + timedelta(days=100)).gives_access
    ended = assignments.start_course(REF, "42", 180, now=late.assignment.expires_at)
    assert ended.decision.outcome == rules.ENDED and ended.decision.ended_at == sub.ends_at


def test_two_subscriptions_covering_the_course_bill_the_earlier_one_with_its_price():
    cheap = make_profile("Cheap", price=1000)
    dear = make_profile("Dear", price=9000, override=7000)
    subscribe(dear, start=JAN + timedelta(days=3))
    first_sub = subscribe(cheap)
    result = assignments.start_course(REF, "42", 30, now=JAN + timedelta(days=5))
    assert result.assignment.subscription_id == first_sub.pk and result.assignment.price_minor == 1000
    assert CourseAssignment.objects.count() == 1


def test_per_course_override_is_the_billed_price():
    subscribe(make_profile(price=2500, override=900))
    assert assignments.start_course(REF, "42", 30, now=JAN).assignment.price_minor == 900


def test_not_subscribed_and_not_covered_courses_create_nothing():
    assert assignments.start_course(REF, "42", 30, now=JAN).decision.outcome == rules.NOT_SUBSCRIBED
    subscribe(make_profile(courses=("course-v1:Acme+Other+2026",)))
    assert assignments.start_course(REF, "42", 30, now=JAN).decision.outcome == rules.NOT_SUBSCRIBED
    assert CourseAssignment.objects.count() == 0


def test_billing_month_and_invoice_follow_the_billing_time_zone(settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "BILLING_TIME_ZONE": "Europe/Paris"}
    subscribe(make_profile(), start=datetime(2026, 10, 1, tzinfo=UTC))
    # 23:30 UTC on 30 November is 00:30 on 1 December in Paris.
    result = assignments.start_course(REF, "42", 30, now=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert result.assignment.billing_month == "2026-12"
    assert [r["assignments"] for r in invoices.invoice_rows("2026-12")] == [1]
    assert list(invoices.invoice_rows("2026-11")) == []
    assert [r["assignments"] for r in invoices.invoice_rows("2026-11", tz="UTC")] == [1]


def test_invoice_groups_by_profile_course_and_price_with_totals_per_currency():
    other = "course-v1:Acme+Cloud+2026"
    usd = make_profile("USD labs", price=2500, courses=(COURSE, other))
    jpy = make_profile("JPY labs", price=3000, currency="JPY", courses=(COURSE,), org="AcmeJP")
    for user in ("1", "2", "3"):
        subscribe(usd, user)
    subscribe(jpy, "9")
    now = datetime(2026, 3, 5, tzinfo=UTC)
    for user in ("1", "2", "3"):
        assignments.start_course(REF, user, 30, now=now)
    assignments.start_course(BlockRef(other, "b"), "1", 30, now=now)
    assignments.start_course(REF, "9", 30, now=now)
    rows = [(r["profile"], r["course_key"], r["assignments"], r["unit_price_minor"], r["amount_minor"], r["currency"])
            for r in invoices.invoice_rows("2026-03")]
    assert rows == [  # by profile (oldest first), then course
        ("USD labs", other, 1, 2500, 2500, "USD"),
        ("USD labs", COURSE, 3, 2500, 7500, "USD"),
        ("JPY labs", COURSE, 1, 3000, 3000, "JPY"),
    ]
    assert invoices.invoice_totals("2026-03") == [
        {"currency": "JPY", "assignments": 1, "amount_minor": 3000},
        {"currency": "USD", "assignments": 4, "amount_minor": 10000},
    ]
    assert [r["currency"] for r in invoices.invoice_rows("2026-03", organization="AcmeJP")] == ["JPY"]
    detail = list(invoices.invoice_rows("2026-03", organization="Acme", detail=True))
    assert sorted((r["user_key"], r["course_key"]) for r in detail) == [("1", other), ("1", COURSE), ("2", COURSE), ("3", COURSE)]


def test_price_change_mid_month_gives_two_lines():
    profile = make_profile(price=2500)
    subscribe(profile, "1")
    subscribe(profile, "2")
    assignments.start_course(REF, "1", 30, now=datetime(2026, 3, 2, tzinfo=UTC))
    SubscriptionProfile.objects.filter(pk=profile.pk).update(price_minor=3000)
    assignments.start_course(REF, "2", 30, now=datetime(2026, 3, 20, tzinfo=UTC))
    assert [(r["unit_price_minor"], r["assignments"]) for r in invoices.invoice_rows("2026-03")] == [(2500, 1), (3000, 1)]


def test_billing_summary_counts_this_and_last_month():
    subscribe(make_profile(days=365), "1")
    subscribe(make_profile("Other", days=365, price=100), "2", start=JAN)
    assignments.start_course(REF, "1", 30, now=datetime(2026, 2, 27, tzinfo=UTC))
    assignments.start_course(REF, "2", 30, now=datetime(2026, 3, 2, tzinfo=UTC))
    summary = invoices.billing_figures(COURSE, now=datetime(2026, 3, 10, tzinfo=UTC))
    assert [m["month"] for m in summary["months"]] == ["2026-03", "2026-02"]
    assert summary["months"][0]["totals"] == [{"currency": "USD", "assignments": 1, "amount_minor": 100}]
    assert summary["months"][1]["totals"] == [{"currency": "USD", "assignments": 1, "amount_minor": 2500}]
    assert summary["live_assignments"] == 2
    assert invoices.profiles_covering(COURSE) == [("Labs yearly", 365), ("Other", 365)]


def test_creating_the_same_subscription_twice_gives_one_row():
    profile = make_profile()
    first, created = subscribing.create_subscription(profile, "42", JAN)
    again, created_again = subscribing.create_subscription(profile, "42", JAN)
    assert created and not created_again and first.pk == again.pk
    assert first.ends_at == JAN + timedelta(days=365)


@pytest.mark.mysql
@pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite", reason="row locks need a database server")
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_create_one_assignment():
    """Double click, two tabs, a retried request: eight simultaneous starts make one billed row."""
    subscribe(make_profile())
    now = JAN + timedelta(days=1)
    outcomes = run_concurrently(lambda i: assignments.start_course(REF, "42", 30, now=now), 8)
    assert [o.error for o in outcomes] == [None] * 8
    assert sum(o.result.created for o in outcomes) == 1
    assert all(o.result.gives_access for o in outcomes)
    assert CourseAssignment.objects.count() == 1


def test_staff_revocation_sticks_while_the_assignment_is_live():
    subscribe(make_profile())
    first = assignments.start_course(REF, "42", 30, now=JAN)
    services.revoke_access(REF.usage_key, "42", "staff decision")
    again = assignments.start_course(REF, "42", 30, now=JAN + timedelta(days=1))
    assert again.decision.outcome == rules.REVOKED and not again.gives_access
    assert not services.has_access(REF.usage_key, "42", now=JAN + timedelta(days=1))
    # Another block of the course is not affected, and after expiry a new assignment opens this one again.
    assert assignments.start_course(OTHER_BLOCK, "42", 30, now=JAN + timedelta(days=1)).gives_access
    renewed = assignments.start_course(REF, "42", 30, now=first.assignment.expires_at)
    assert renewed.created and services.has_access(REF.usage_key, "42", now=first.assignment.expires_at)


def test_each_learner_is_billed_to_their_own_subscription():
    profile = make_profile()
    other = subscribe(profile, "7", start=JAN - timedelta(days=10))  # started earlier: would win if mixed up
    mine = subscribe(profile, "42")
    result = assignments.start_course(REF, "42", 30, now=JAN + timedelta(days=1))
    assert result.assignment.subscription_id == mine.pk != other.pk
    assert [t.subscription_id for t in assignments.covering_subscriptions(COURSE, "42")] == [mine.pk]


def test_invoice_rows_and_totals_count_the_same_rows_while_assignments_arrive():
    profile = SubscriptionProfile.objects.create(name="Cap", organization="Acme", duration_days=365, price_minor=100)
    ProfileCourse.objects.create(profile=profile, course_key="course-v1:Acme+Cap+1")
    first = datetime(2026, 11, 3, tzinfo=timezone.utc)
    subscribing.create_subscription(profile, "1", datetime(2026, 10, 1, tzinfo=timezone.utc))
    assignments.start_course(BlockRef("course-v1:Acme+Cap+1", "b"), "1", 1, now=first)
    cutoff = invoices.ledger_cutoff()  # an invoice starts reading here...
    assignments.start_course(BlockRef("course-v1:Acme+Cap+1", "b"), "1", 1, now=first + timedelta(days=3))
    lines = list(invoices.invoice_rows("2026-11", until=cutoff))
    totals = invoices.invoice_totals("2026-11", until=cutoff)
    assert sum(line["assignments"] for line in lines) == totals[0]["assignments"] == 1
    assert CourseAssignment.objects.count() == 2
