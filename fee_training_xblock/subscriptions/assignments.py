"""Starting a course with a subscription: decide, then create (and bill) a course assignment or reuse the live one.

The rules come from subscriptions/domain.py; this module reads the rows those rules
need and writes the ledger under database uniqueness rules. Every function takes
`now` (default: the current time) so tests run on a frozen clock. Nothing here runs
on a page view: the learner starts the course with an explicit POST.
"""
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from fee_training_xblock.conf import setting
from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.time import load_time_zone
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions.models import CourseAssignment, ProfileCourse, Subscription, SubscriptionProfile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StartResult:
    """What starting a course did: the decision, the assignment giving access (if any), and whether it is new."""

    decision: rules.Decision
    assignment: CourseAssignment = None
    created: bool = False

    @property
    def gives_access(self):
        """True when the learner now sees the course content."""
        return self.assignment is not None


def billing_time_zone(name=None):
    """The ZoneInfo for month boundaries: `name`, else FEE_TRAINING['BILLING_TIME_ZONE'] (default UTC)."""
    return load_time_zone(name or setting("BILLING_TIME_ZONE") or "UTC")


def covering_subscriptions(course_key, user_key):
    """The learner's subscriptions whose profile covers the course, as domain SubscriptionTerms."""
    rows = ProfileCourse.objects.filter(
        course_key=str(course_key), profile__subscriptions__user_key=str(user_key),
    ).values_list(
        "profile__subscriptions__id", "profile_id", "profile__subscriptions__starts_at",
        "profile__subscriptions__ends_at", "price_minor_override", "profile__price_minor", "profile__currency",
    )
    return [
        rules.SubscriptionTerms(sid, pid, starts, ends, profile_price if override is None else override, currency)
        for sid, pid, starts, ends, override, profile_price, currency in rows
    ]


def latest_assignment(course_key, user_key):
    """The learner's latest CourseAssignment in the course, or None."""
    rows = CourseAssignment.objects.filter(course_key=str(course_key), user_key=str(user_key))
    return rows.order_by("-sequence").first()


def snapshot(assignment):
    """The domain view of an assignment row (None stays None)."""
    if assignment is None:
        return None
    return rules.AssignmentSnapshot(assignment.sequence, assignment.created_at, assignment.expires_at,
                                    assignment.subscription_id)


def decide(ref, user_key, assignment_days, now=None):
    """The decision for this learner starting this course now, without writing anything."""
    now = now or timezone.now()
    return rules.decide_assignment(
        now, covering_subscriptions(ref.course_key, user_key), snapshot(latest_assignment(ref.course_key, user_key)),
        assignment_days,
    )


def start_course(ref, user_key, assignment_days, now=None):
    """A learner opens a subscription-mode block: reuse the live assignment or create (and bill) a new one.

    Idempotent under concurrency: the subscription row is locked while the latest
    assignment is re-read, and the unique (user, course, sequence) rule turns a
    racing duplicate into a read of the winner's row. Grants block access until
    the assignment expires.
    """
    now = now or timezone.now()
    user_key = str(user_key)
    decision = decide(ref, user_key, assignment_days, now)
    if decision.outcome == rules.CREATE:
        return _create_assignment(ref, user_key, assignment_days, now)
    if decision.outcome == rules.LIVE:
        return _live(ref, user_key, decision, latest_assignment(ref.course_key, user_key))
    return StartResult(decision)


def _live(ref, user_key, decision, assignment):
    """Access from a live assignment, unless staff revoked the access it gave in this block."""
    if ledger.revoked_with(ref.usage_key, user_key, f"assignment:{assignment.pk}"):
        return StartResult(rules.Decision(rules.REVOKED, sequence=assignment.sequence))
    grant_for(ref, user_key, assignment)
    return StartResult(decision, assignment, created=False)


def _create_assignment(ref, user_key, assignment_days, now):
    """Create the next assignment inside a transaction; fall back to the winner's row on a race."""
    try:
        with transaction.atomic():
            decision = decide(ref, user_key, assignment_days, now)
            if decision.outcome == rules.CREATE:
                # Serialise starts by the same subscriber: the second waits, then sees the first's row.
                Subscription.objects.select_for_update().filter(pk=decision.subscription.subscription_id).first()
                decision = decide(ref, user_key, assignment_days, now)
            if decision.outcome == rules.LIVE:
                return _live(ref, user_key, decision, latest_assignment(ref.course_key, user_key))
            if decision.outcome != rules.CREATE:
                return StartResult(decision)
            terms = decision.subscription
            profile = SubscriptionProfile.objects.get(pk=terms.profile_id)
            assignment = CourseAssignment.objects.create(
                subscription_id=terms.subscription_id, profile=profile, organization=profile.organization,
                user_key=user_key, course_key=str(ref.course_key), usage_key=str(ref.usage_key),
                sequence=decision.sequence, created_at=decision.starts_at, expires_at=decision.expires_at,
                billing_month=rules.billing_month(decision.starts_at, billing_time_zone()),
                price_minor=decision.price_minor, currency=decision.currency,
            )
            grant_for(ref, user_key, assignment)
    except IntegrityError:
        # Another request created this sequence number first: that row is the assignment.
        log.info("Assignment race for %s in %s: using the existing row", user_key, ref.course_key)
        assignment = latest_assignment(ref.course_key, user_key)
        return _live(ref, user_key, rules.Decision(rules.LIVE, sequence=assignment.sequence), assignment)
    log.info("Course assignment %s #%s for %s in %s (%s %s)", assignment.pk, assignment.sequence, user_key,
             ref.course_key, assignment.price_minor, assignment.currency)
    return StartResult(decision, assignment, created=True)


def grant_for(ref, user_key, assignment):
    """Give block access for the assignment's lifetime (a no-op while an equal grant is active); the grant."""
    return ledger.grant_access(
        ref, user_key, via=AccessGrant.VIA_SUBSCRIPTION, reference=f"assignment:{assignment.pk}",
        expires_at=assignment.expires_at,
    )


def assignment_event(assignment):
    """The tracking-event payload for a created assignment."""
    return {
        "course_key": assignment.course_key,
        "user_key": assignment.user_key,
        "profile_id": assignment.profile_id,
        "subscription_id": assignment.subscription_id,
        "assignment_id": assignment.pk,
        "sequence": assignment.sequence,
        "starts_at": assignment.created_at.isoformat(),
        "expires_at": assignment.expires_at.isoformat(),
        "billing_month": assignment.billing_month,
        "amount_minor": assignment.price_minor,
        "currency": assignment.currency,
    }
