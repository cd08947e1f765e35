"""Subscription billing rules: when starting a course creates a (billable) course assignment.

Pure functions over plain values; `now` is always passed in, nothing here reads a clock.

The rules, from the seed (a training-lab platform's subscription billing):

* A course assignment is created when a subscriber with an active subscription that
  covers the course *starts* the course. Its creation is the billable event; it is
  billed in the month it is created, whatever the learner does afterwards.
* The assignment duration begins when it is created and lasts the course's full
  assignment duration, **even past the end of the subscription** (the seed: a
  course started in month 1 of a one-year subscription "expires after 6 months";
  nothing shortens it). So access may outlive the subscription; no new assignment
  can be created after the subscription ends.
* Intervals are half-open: an assignment is live while `starts_at <= now < expires_at`,
  a subscription is active while `starts_at <= now < ends_at`. Starting the course at
  the exact instant an assignment expires creates a new one (if the subscription is
  still active).
* Two active subscriptions covering the same course: the one that started first
  (then the lower id) is billed, so a learner given a second subscription keeps
  being billed to the first while it runs.
* Worst case per course: ceil(subscription days / assignment days) assignments.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from fee_training_xblock.core.domain.errors import InvalidConfiguration, Label
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.time import billing_month, load_time_zone, month_bounds, parse_month  # noqa: F401

LIVE = "live"
CREATE = "create"
ENDED = "ended"
UPCOMING = "upcoming"
NOT_SUBSCRIBED = "not_subscribed"
# Not decided here: the use case reports it when staff withdrew the access a live assignment gave.
REVOKED = "revoked"

MAX_DAYS = 3660
ASSIGNMENT_DURATION = Label(_("Assignment duration"))
SUBSCRIPTION_DURATION = Label(_("Subscription duration"))


@dataclass(frozen=True)
class SubscriptionTerms:
    """One of the learner's subscriptions that covers the course, with the price for this course."""

    subscription_id: int
    profile_id: int
    starts_at: datetime
    ends_at: datetime
    price_minor: int
    currency: str

    def is_active(self, now):
        """True while the subscription runs at `now` (half-open interval)."""
        return self.starts_at <= now < self.ends_at


@dataclass(frozen=True)
class AssignmentSnapshot:
    """The learner's latest course assignment in the course (any subscription)."""

    sequence: int
    starts_at: datetime
    expires_at: datetime
    subscription_id: int

    def is_live(self, now):
        """True while the assignment gives access at `now` (half-open interval)."""
        return self.starts_at <= now < self.expires_at


@dataclass(frozen=True)
class Decision:
    """What starting the course means now.

    `outcome` is LIVE (an assignment gives access; nothing is billed), CREATE (make
    assignment number `sequence` on `subscription`, from `starts_at` to `expires_at`,
    billed `price_minor` `currency`), ENDED (every covering subscription has ended;
    `ended_at` says when the last one did), UPCOMING (a covering subscription starts
    at `starts_at`) or NOT_SUBSCRIBED.
    """

    outcome: str
    subscription: SubscriptionTerms = None
    sequence: int = 0
    starts_at: datetime = None
    expires_at: datetime = None
    price_minor: int = 0
    currency: str = ""
    ended_at: datetime = None

    @property
    def gives_access(self):
        """True when the learner sees the course content after this decision."""
        return self.outcome in (LIVE, CREATE)


def check_days(days, label):
    """Return `days` as an int in 1..MAX_DAYS, or raise InvalidConfiguration naming `label`."""
    try:
        value = int(days)
    except (TypeError, ValueError):
        value = 0
    if isinstance(days, bool) or value < 1 or value > MAX_DAYS or str(days).strip() != str(value):
        raise InvalidConfiguration(
            _("{label} must be a whole number of days between 1 and {maximum} (got '{value}')."),
            field="assignment_days", label=label, maximum=MAX_DAYS, value=days,
        )
    return value


def pick_subscription(now, subscriptions):
    """The active subscription to bill: the earliest started, then the lowest id; None if none is active."""
    active = [sub for sub in subscriptions if sub.is_active(now)]
    if not active:
        return None
    return min(active, key=lambda sub: (sub.starts_at, sub.subscription_id))


def decide_assignment(now, subscriptions, latest, assignment_days):
    """Decide what starting the course at `now` does.

    `subscriptions`: the learner's subscriptions covering this course (any state).
    `latest`: the learner's latest AssignmentSnapshot in this course, or None.
    `assignment_days`: the course's assignment duration.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if latest is not None and latest.is_live(now):
        return Decision(LIVE, sequence=latest.sequence, starts_at=latest.starts_at, expires_at=latest.expires_at)
    chosen = pick_subscription(now, subscriptions)
    if chosen is not None:
        return Decision(
            CREATE,
            subscription=chosen,
            sequence=(latest.sequence if latest else 0) + 1,
            starts_at=now,
            expires_at=now + timedelta(days=check_days(assignment_days, ASSIGNMENT_DURATION)),
            price_minor=chosen.price_minor,
            currency=chosen.currency,
        )
    upcoming = [sub for sub in subscriptions if sub.starts_at > now]
    if upcoming:
        return Decision(UPCOMING, starts_at=min(sub.starts_at for sub in upcoming))
    ended = [sub for sub in subscriptions if sub.ends_at <= now]
    if ended:
        return Decision(ENDED, ended_at=max(sub.ends_at for sub in ended))
    return Decision(NOT_SUBSCRIBED)


def subscription_end(starts_at, duration_days):
    """When a subscription that starts at `starts_at` and lasts `duration_days` ends."""
    return starts_at + timedelta(days=check_days(duration_days, SUBSCRIPTION_DURATION))


def max_billings(subscription_days, assignment_days):
    """How many times one subscriber can be billed for one course: ceil(subscription / assignment days)."""
    subscription = check_days(subscription_days, SUBSCRIPTION_DURATION)
    return math.ceil(subscription / check_days(assignment_days, ASSIGNMENT_DURATION))
