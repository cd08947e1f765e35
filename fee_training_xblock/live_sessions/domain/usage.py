"""Measured usage after a session: people minutes from the learners who joined through the block.

The block knows when each person pressed Join, not when they left the conference, so
each joiner counts from their first join (or the start, if earlier) to the session's
end: an upper bound of the real people minutes. Teleconferencing minutes cannot be
measured by the block at all; the estimate's figure is kept.
"""
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.live_sessions.domain.estimate import exact_costs, round_to_minor


@dataclass(frozen=True)
class Measured:
    """What the block measured: joiners, people minutes (rounded once) and their cost at the agreed rates."""

    joiners: int
    people_minutes: int
    cost: Money
    difference: Money


def joined_seconds(first_join, starts_at, ends_at):
    """Seconds one joiner counts: from max(join, start) to the end, never negative, never beyond the duration."""
    counted_from = max(first_join, starts_at)
    return max(int((ends_at - counted_from) / timedelta(seconds=1)), 0)


def measured_people_minutes(first_joins, starts_at, ends_at):
    """Sum of every joiner's counted time in minutes, rounded half-up once at the end."""
    seconds = sum(joined_seconds(join, starts_at, ends_at) for join in first_joins)
    return int((Decimal(seconds) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def measure(first_joins, starts_at, ends_at, usage, rates, agreed):
    """Measured (people minutes of joiners; teleconference minutes as estimated) and its difference to `agreed`.

    The cost uses the rates agreed at the estimate, like the payment did, and is rounded once.
    """
    joins = list(first_joins)
    people_minutes = measured_people_minutes(joins, starts_at, ends_at)
    _people, _phones, exact_total = exact_costs(people_minutes, usage.teleconference_minutes, rates)
    cost = Money(round_to_minor(exact_total, rates.currency), rates.currency)
    return Measured(joiners=len(joins), people_minutes=people_minutes, cost=cost, difference=cost - agreed)
