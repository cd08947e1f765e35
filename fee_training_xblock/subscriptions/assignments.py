"""Subscription billing use cases on the ORM: start a course, subscribe, import, invoice, summarize.

The rules come from domain/billing.py; this module reads the rows those rules need,
writes the ledger under database uniqueness rules, and aggregates it for invoices.
Every function takes `now` (default: the current time) so tests run on a frozen clock.
"""
import csv
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from fee_training_xblock.core import ledger as services
from fee_training_xblock.conf import setting
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.core.domain.errors import DomainError, InvalidConfiguration
from fee_training_xblock.models import AccessGrant, CourseAssignment, ProfileCourse, Subscription, SubscriptionProfile

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
    return rules.load_time_zone(name or setting("BILLING_TIME_ZONE") or "UTC")


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
    return CourseAssignment.objects.filter(course_key=str(course_key), user_key=str(user_key)).order_by("-sequence").first()


def snapshot(assignment):
    """The domain view of an assignment row (None stays None)."""
    if assignment is None:
        return None
    return rules.AssignmentSnapshot(assignment.sequence, assignment.created_at, assignment.expires_at, assignment.subscription_id)


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
    if AccessGrant.objects.filter(usage_key=str(ref.usage_key), user_key=user_key, revoked_at__isnull=False,
                                  reference=f"assignment:{assignment.pk}").exists():
        return StartResult(rules.Decision(rules.REVOKED, sequence=assignment.sequence))
    _grant(ref, user_key, assignment)
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
            _grant(ref, user_key, assignment)
    except IntegrityError:
        # Another request created this sequence number first: that row is the assignment.
        log.info("Assignment race for %s in %s: using the existing row", user_key, ref.course_key)
        assignment = latest_assignment(ref.course_key, user_key)
        return _live(ref, user_key, rules.Decision(rules.LIVE, sequence=assignment.sequence), assignment)
    log.info("Course assignment %s #%s for %s in %s (%s %s)", assignment.pk, assignment.sequence, user_key,
             ref.course_key, assignment.price_minor, assignment.currency)
    return StartResult(decision, assignment, created=True)


def _grant(ref, user_key, assignment):
    """Give block access for the assignment's lifetime (a no-op while an equal grant is active)."""
    services.grant_access(
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


def create_subscription(profile, user_key, starts_at=None, source=Subscription.SOURCE_STAFF, payment_reference=""):
    """Subscribe a learner to a profile from `starts_at` for the profile's duration.

    Returns (subscription, created); the same profile, learner and start twice gives the existing row.
    """
    starts_at = starts_at or timezone.now()
    ends_at = rules.subscription_end(starts_at, profile.duration_days)
    try:
        with transaction.atomic():
            return Subscription.objects.get_or_create(
                profile=profile, user_key=str(user_key), starts_at=starts_at,
                defaults={"ends_at": ends_at, "source": source, "payment_reference": payment_reference},
            )
    except IntegrityError:
        return Subscription.objects.get(profile=profile, user_key=str(user_key), starts_at=starts_at), False


def profiles_covering(course_key):
    """(name, duration_days) of every profile covering the course, by name."""
    return list(
        SubscriptionProfile.objects.filter(courses__course_key=str(course_key))
        .order_by("name").values_list("name", "duration_days")
    )


# ---- import ----------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import did: rows created, rows already there, and (line, message) problems."""

    created: int = 0
    existing: int = 0
    problems: list = field(default_factory=list)


def parse_start(text, tz):
    """A start instant from 'YYYY-MM-DD' (midnight in `tz`) or an ISO 8601 date-time; None if empty."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        if len(raw) == 10:
            return datetime.combine(datetime.strptime(raw, "%Y-%m-%d").date(), time(0), tzinfo=tz)
        moment = datetime.fromisoformat(raw)
    except ValueError as err:
        raise InvalidConfiguration("starts_at must be a date such as 2026-11-01 (got '{value}').",
                                   field="starts_at", value=raw) from err
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def import_subscriptions(lines, now=None, allow_raw=False, dry_run=False, source=Subscription.SOURCE_IMPORT):
    """Create subscriptions from CSV text lines with columns user, profile[, starts_at].

    `user` is a username, email or user id; `profile` a profile name or id; an empty
    starts_at means `now`. Every row is checked first; if any row has a problem,
    nothing is created (fix the file and run it again). Rows already imported are
    counted as existing, so running the same file twice is safe.
    """
    now = now or timezone.now()
    tz = billing_time_zone()
    report = ImportReport()
    planned = []
    reader = csv.DictReader(lines)
    missing = {"user", "profile"} - set(reader.fieldnames or [])
    if missing:
        report.problems.append((1, f"The header must name the columns user, profile and optionally starts_at (missing: {', '.join(sorted(missing))})."))
        return report
    for row in reader:
        line = reader.line_num
        checks = (
            lambda: services.find_learner_key(row.get("user"), allow_raw=allow_raw),
            lambda: find_profile(row.get("profile")),
            lambda: parse_start(row.get("starts_at"), tz),
        )
        values = []
        for check in checks:  # every column is checked, so one run lists every problem
            try:
                values.append(check())
            except DomainError as err:
                report.problems.append((line, err.message))
        if len(values) == len(checks):
            user_key, profile, starts_at = values
            planned.append((profile, user_key, starts_at))
    if report.problems or dry_run:
        return report
    with transaction.atomic():
        for profile, user_key, starts_at in planned:
            if starts_at is None:
                # "Start now": running the same file again must not stack a second subscription.
                if Subscription.objects.filter(profile=profile, user_key=str(user_key), ends_at__gt=now).exists():
                    report.existing += 1
                    continue
                starts_at = now
            _sub, created = create_subscription(profile, user_key, starts_at, source=source)
            if created:
                report.created += 1
            else:
                report.existing += 1
    log.info("Subscription import: %s created, %s already there", report.created, report.existing)
    return report


def find_profile(identifier):
    """The active SubscriptionProfile named (or numbered) `identifier`; InvalidConfiguration otherwise."""
    text = (identifier or "").strip()
    query = Q(name=text) | (Q(pk=int(text)) if text.isdigit() else Q(pk__in=[]))
    profile = SubscriptionProfile.objects.filter(query, active=True).first()
    if profile is None:
        raise InvalidConfiguration("No active subscription profile named '{value}'.", field="profile", value=text)
    return profile


# ---- invoices and summaries ------------------------------------------------

def month_filter(month, organization=None, tz=None, until=None):
    """The ledger rows created in `month` (YYYY-MM, boundaries in `tz`), optionally for one organization.

    `until` (a ledger id from `ledger_cutoff`) caps the rows, so an invoice's
    lines and totals, read by two queries, count the same rows even while new
    assignments are being created.
    """
    start, end = rules.month_bounds(month, billing_time_zone(tz))
    rows = CourseAssignment.objects.filter(created_at__gte=start, created_at__lt=end)
    if until is not None:
        rows = rows.filter(id__lte=until)
    if organization:
        rows = rows.filter(organization=organization)
    return rows


def ledger_cutoff():
    """The newest ledger id now: pass it as `until` to invoice_rows and invoice_totals (the ledger only grows)."""
    return CourseAssignment.objects.aggregate(newest=Max("id"))["newest"] or 0


def invoice_rows(month, organization=None, tz=None, detail=False, until=None):
    """Invoice lines for a month, aggregated in the database and streamed.

    One line per profile, course and unit price (and learner, with `detail`):
    profile, organization, course_key, [user_key], currency, unit_price_minor,
    assignments, amount_minor; ordered by profile (oldest first), course, learner.
    The query groups on the ledger's own columns (no join: joining the profile
    table made MariaDB walk the ledger by profile, about 3x slower on a million
    rows); profile names come from one small query.
    """
    keys = ["profile_id", "organization", "course_key", "currency", "price_minor"]
    if detail:
        keys.insert(3, "user_key")
    query = (
        month_filter(month, organization, tz, until).values(*keys)
        .annotate(assignments=Count("id"), amount_minor=Sum("price_minor"))
        .order_by(*keys)
    )
    names = dict(SubscriptionProfile.objects.values_list("id", "name"))
    for row in query.iterator(chunk_size=2000):
        line = {
            "profile": names.get(row["profile_id"], f"#{row['profile_id']}"),
            "organization": row["organization"],
            "course_key": row["course_key"],
            "currency": row["currency"],
            "unit_price_minor": row["price_minor"],
            "assignments": row["assignments"],
            "amount_minor": int(row["amount_minor"]),
        }
        if detail:
            line["user_key"] = row["user_key"]
        yield line


def invoice_totals(month, organization=None, tz=None, until=None):
    """Per-currency totals for a month: [{currency, assignments, amount_minor}], by currency."""
    query = (
        month_filter(month, organization, tz, until).values("currency")
        .annotate(assignments=Count("id"), amount_minor=Sum("price_minor")).order_by("currency")
    )
    return [{**row, "amount_minor": int(row["amount_minor"])} for row in query]


def billing_summary(course_key, now=None, tz=None):
    """The staff view's numbers for one course: this and last month per currency, and live assignments."""
    now = now or timezone.now()
    zone = billing_time_zone(tz)
    this_month = rules.billing_month(now, zone)
    start, _end = rules.month_bounds(this_month, zone)
    last_month = rules.billing_month(start - timedelta(seconds=1), zone)
    course_rows = CourseAssignment.objects.filter(course_key=str(course_key))
    months = []
    for month in (this_month, last_month):
        m_start, m_end = rules.month_bounds(month, zone)
        totals = (
            course_rows.filter(created_at__gte=m_start, created_at__lt=m_end).values("currency")
            .annotate(assignments=Count("id"), amount_minor=Sum("price_minor")).order_by("currency")
        )
        months.append({"month": month, "totals": [{**t, "amount_minor": int(t["amount_minor"])} for t in totals]})
    return {
        "time_zone": str(zone),
        "months": months,
        "live_assignments": course_rows.filter(created_at__lte=now, expires_at__gt=now).count(),
        "profiles": profiles_covering(course_key),
    }
