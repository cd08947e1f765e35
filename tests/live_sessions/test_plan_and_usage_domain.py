"""The host's session options (domain/plan.py) and the measured usage (domain/usage.py)."""
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.live_sessions.domain.estimate import Rates, Usage
from fee_training_xblock.live_sessions.domain.plan import InvalidSessionPlan, parse_plan
from fee_training_xblock.live_sessions.domain.usage import measure, measured_people_minutes

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
GOOD = {"title": "Onboarding", "kind": "scheduled", "starts_at": "2026-11-21T14:00:00+01:00",
        "duration_minutes": "60", "session_computers": "25", "teleconference_computers": "10",
        "division": "Sales EMEA", "join_url": "https://meet.example.com/onboarding"}


def problems(**changes):
    """The fields named by the problems of GOOD with `changes`, and the whole message."""
    with pytest.raises(InvalidSessionPlan) as caught:
        parse_plan({**GOOD, **changes}, NOW)
    return [problem.field for problem in caught.value.problems], caught.value.message


def test_good_options_make_a_plan():
    plan = parse_plan(GOOD, NOW)
    assert plan.usage == Usage(60, 25, 10)
    assert plan.starts_at == datetime(2026, 11, 21, 13, 0, tzinfo=UTC)
    assert (plan.title, plan.division, plan.kind) == ("Onboarding", "Sales EMEA", "scheduled")


def test_start_session_needs_no_start_time_and_numbers_may_arrive_as_numbers():
    plan = parse_plan({**GOOD, "kind": "now", "starts_at": None, "duration_minutes": 90, "join_url": ""}, NOW)
    assert plan.starts_at is None and plan.usage.duration_minutes == 90 and plan.join_url == ""


@pytest.mark.parametrize("field, value, words", [
    ("duration_minutes", "0", "Duration (minutes) must be a whole number from 1 to 1440"),
    ("duration_minutes", "1441", "from 1 to 1440"),
    ("duration_minutes", "1.5", "whole number"),
    ("duration_minutes", "-5", "whole number"),
    ("duration_minutes", "", "whole number"),
    ("duration_minutes", True, "whole number"),
    ("session_computers", "10001", "Computers in the session must be a whole number from 1 to 10000"),
    ("session_computers", "lots", "whole number"),
    ("teleconference_computers", "-1", "Computers in the teleconference must be a whole number from 0"),
    ("teleconference_computers", "26", "cannot be more than the computers in the session (25)"),
    ("title", "   ", "Session title cannot be empty"),
    ("title", "x" * 201, "Session title is too long"),
    ("division", "", "Division or cost centre cannot be empty"),
    ("kind", "later", "Press Schedule or Start Session"),
    ("starts_at", "2026-11-21 14:00", "with a time zone"),
    ("starts_at", "tomorrow", "with a time zone"),
    ("starts_at", "2026-11-19T10:00:00+00:00", "must be in the future"),
    ("starts_at", "2028-01-01T10:00:00+00:00", "within 366 days"),
    ("join_url", "javascript:alert(1)", "Join link must be a web address"),
    ("join_url", "https://meet.example.com/a b", "Join link must be a web address"),
])
def test_each_bad_option_is_named_with_its_fix(field, value, words):
    fields, message = problems(**{field: value})
    assert fields == [field]
    assert words in message


def test_every_problem_is_reported_at_once():
    fields, _ = problems(title="", duration_minutes="0", session_computers="x", join_url="ftp://x")
    assert fields == ["title", "duration_minutes", "session_computers", "join_url"]


def test_measured_people_minutes_count_each_joiner_from_join_or_start_to_the_end():
    start, end = NOW, NOW + timedelta(minutes=60)
    joins = [start - timedelta(minutes=5), start + timedelta(minutes=30), end + timedelta(minutes=1)]
    assert measured_people_minutes(joins, start, end) == 60 + 30 + 0
    assert measured_people_minutes([start + timedelta(seconds=30)], start, end) == 60  # 59.5 rounds half-up
    assert measured_people_minutes([], start, end) == 0


def test_measured_cost_uses_the_agreed_rates_and_keeps_the_estimated_teleconference_minutes():
    rates = Rates("USD", Decimal("0.10"), Decimal("0.05"))
    start = NOW
    joins = [start] * 30  # five more people than estimated, all for the whole hour
    result = measure(joins, start, start + timedelta(minutes=60), Usage(60, 25, 10), rates, Money(18000, "USD"))
    assert (result.joiners, result.people_minutes) == (30, 1800)
    assert result.cost == Money(18000 + 3000, "USD") and result.difference == Money(3000, "USD")


@given(st.lists(st.integers(min_value=-120, max_value=200), max_size=40), st.integers(1, 600))
def test_measured_people_minutes_never_exceed_joiners_times_duration(offsets, duration):
    start = NOW
    joins = [start + timedelta(minutes=offset) for offset in offsets]
    minutes = measured_people_minutes(joins, start, start + timedelta(minutes=duration))
    assert 0 <= minutes <= len(joins) * duration
