"""Pure subscription-billing rules (domain/billing.py): the seed's examples and their edges."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.errors import InvalidConfiguration
from fee_training_xblock.subscriptions import domain as billing
from fee_training_xblock.subscriptions.domain import AssignmentSnapshot, SubscriptionTerms, decide_assignment

UTC = UTC
T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def sub(sid=1, start=T0, days=365, price=2500, currency="USD"):
    """A subscription covering the course."""
    return SubscriptionTerms(sid, sid, start, start + timedelta(days=days), price, currency)


def snapshot(decision):
    """The assignment a CREATE decision makes, as the next call sees it."""
    return AssignmentSnapshot(decision.sequence, decision.starts_at, decision.expires_at, decision.subscription.subscription_id)


def test_first_start_creates_a_full_length_assignment():
    decision = decide_assignment(T0 + timedelta(days=3), [sub()], None, 180)
    assert decision.outcome == billing.CREATE
    assert decision.sequence == 1
    assert decision.expires_at - decision.starts_at == timedelta(days=180)
    assert (decision.price_minor, decision.currency) == (2500, "USD")


def test_180_day_assignments_in_180_day_subscription_bill_once():
    subs = [sub(days=180)]
    created = []
    latest = None
    for day in range(0, 181):
        decision = decide_assignment(T0 + timedelta(days=day), subs, latest, 180)
        if decision.outcome == billing.CREATE:
            created.append(day)
            latest = snapshot(decision)
    assert created == [0]


def test_year_subscription_billed_in_month_1_and_month_8():
    subs = [sub(start=datetime(2026, 1, 1, tzinfo=UTC), days=365)]
    first = decide_assignment(datetime(2026, 1, 15, tzinfo=UTC), subs, None, 180)
    assert first.outcome == billing.CREATE
    in_month_5 = decide_assignment(datetime(2026, 5, 20, tzinfo=UTC), subs, snapshot(first), 180)
    assert in_month_5.outcome == billing.LIVE
    again = decide_assignment(datetime(2026, 8, 3, tzinfo=UTC), subs, snapshot(first), 180)
    assert again.outcome == billing.CREATE and again.sequence == 2
    months = [billing.billing_month(d.starts_at, UTC) for d in (first, again)]
    assert months == ["2026-01", "2026-08"]


def test_start_exactly_at_expiry_creates_a_new_assignment():
    first = decide_assignment(T0, [sub()], None, 30)
    at_expiry = decide_assignment(first.expires_at, [sub()], snapshot(first), 30)
    assert at_expiry.outcome == billing.CREATE and at_expiry.starts_at == first.expires_at
    just_before = decide_assignment(first.expires_at - timedelta(microseconds=1), [sub()], snapshot(first), 30)
    assert just_before.outcome == billing.LIVE


def test_assignment_outlives_the_subscription_but_no_new_one_after_it_ends():
    short = sub(days=30)
    first = decide_assignment(T0 + timedelta(days=29), [short], None, 180)
    assert first.expires_at > short.ends_at  # full duration, not cut at the subscription's end
    still = decide_assignment(T0 + timedelta(days=100), [short], snapshot(first), 180)
    assert still.outcome == billing.LIVE
    after = decide_assignment(first.expires_at, [short], snapshot(first), 180)
    assert after.outcome == billing.ENDED and after.ended_at == short.ends_at


def test_subscription_end_instant_is_exclusive():
    short = sub(days=30)
    assert decide_assignment(short.ends_at, [short], None, 10).outcome == billing.ENDED
    assert decide_assignment(short.ends_at - timedelta(seconds=1), [short], None, 10).outcome == billing.CREATE


def test_two_covering_subscriptions_bill_the_earliest_started():
    older = sub(sid=7, start=T0, price=1000)
    newer = sub(sid=3, start=T0 + timedelta(days=5), price=9000)
    decision = decide_assignment(T0 + timedelta(days=6), [newer, older], None, 30)
    assert decision.subscription.subscription_id == 7 and decision.price_minor == 1000
    tie = sub(sid=2, start=T0, price=5)
    assert decide_assignment(T0 + timedelta(days=6), [older, tie], None, 30).subscription.subscription_id == 2


def test_second_subscription_takes_over_after_the_first_ends():
    first_sub = sub(sid=1, start=T0, days=30)
    second_sub = sub(sid=2, start=T0 + timedelta(days=20), days=365)
    first = decide_assignment(T0, [first_sub, second_sub], None, 30)
    again = decide_assignment(first.expires_at, [first_sub, second_sub], snapshot(first), 30)
    assert again.outcome == billing.CREATE and again.subscription.subscription_id == 2 and again.sequence == 2


def test_not_subscribed_and_upcoming():
    assert decide_assignment(T0, [], None, 30).outcome == billing.NOT_SUBSCRIBED
    future = sub(start=T0 + timedelta(days=2))
    decision = decide_assignment(T0, [future], None, 30)
    assert decision.outcome == billing.UPCOMING and decision.starts_at == future.starts_at


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        decide_assignment(datetime(2026, 1, 1), [sub()], None, 30)


@pytest.mark.parametrize("sub_days,assign_days,expected", [(180, 180, 1), (365, 180, 3), (360, 180, 2), (30, 180, 1), (1, 1, 1)])
def test_max_billings_is_the_ceiling(sub_days, assign_days, expected):
    assert billing.max_billings(sub_days, assign_days) == expected


@given(st.integers(1, 800), st.integers(1, 400))
def test_greedy_restarts_never_exceed_the_foresight_number(sub_days, assign_days):
    subs = [sub(days=sub_days)]
    latest, count, now = None, 0, T0
    while now < subs[0].ends_at:
        decision = decide_assignment(now, subs, latest, assign_days)
        assert decision.outcome == billing.CREATE
        count += 1
        latest = snapshot(decision)
        now = decision.expires_at  # the learner restarts the very instant it expires
    assert count == billing.max_billings(sub_days, assign_days)


@pytest.mark.parametrize("bad", [0, -3, "x", "1.5", None, True, 99999])
def test_bad_day_counts_are_refused(bad):
    with pytest.raises(InvalidConfiguration):
        billing.check_days(bad, "Assignment duration")


def test_billing_month_follows_the_time_zone():
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert billing.billing_month(moment, UTC) == "2026-11"
    assert billing.billing_month(moment, ZoneInfo("Europe/Paris")) == "2026-12"
    assert billing.billing_month(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), ZoneInfo("America/New_York")) == "2026-11"


def test_month_bounds_in_a_time_zone_and_across_the_year():
    start, end = billing.month_bounds("2026-12", ZoneInfo("Europe/Paris"))
    assert start.astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert billing.month_bounds("2026-11", UTC) == (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))


@pytest.mark.parametrize("bad", ["2026-13", "2026", "26-01", "", "2026-1-1", "november"])
def test_bad_months_are_refused(bad):
    with pytest.raises(InvalidConfiguration, match="2026-11"):
        billing.parse_month(bad)


def test_unknown_time_zone_is_refused():
    with pytest.raises(InvalidConfiguration, match="IANA"):
        billing.load_time_zone("Mars/Olympus")
    assert billing.load_time_zone("UTC") == ZoneInfo("UTC")


def test_subscription_mode_accepts_a_zero_fee():
    from fee_training_xblock.core.domain.block_settings import validate_settings  # pylint: disable=import-outside-toplevel
    assert validate_settings("Course", "0", "USD", "subscription") == []
