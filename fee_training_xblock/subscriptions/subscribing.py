"""Making subscriptions: by staff, from a CSV import, or bought by card (subscriptions.sales).

Every import row is checked first; a file with any problem creates nothing, and
running the same file twice creates nothing new.
"""
import csv
import logging
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.core.domain.errors import DomainError, InvalidConfiguration
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.learners import find_learner_key
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions.assignments import billing_time_zone
from fee_training_xblock.subscriptions.models import Subscription, SubscriptionProfile

log = logging.getLogger(__name__)


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
        raise InvalidConfiguration(_("starts_at must be a date such as 2026-11-01 (got '{value}')."),
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
        problem = gettext("The header must name the columns user, profile and optionally starts_at "
                          "(missing: {missing}).").format(missing=", ".join(sorted(missing)))
        report.problems.append((1, problem))
        return report
    for row in reader:
        line = reader.line_num
        checks = (
            lambda row=row: find_learner_key(row.get("user"), allow_raw=allow_raw),
            lambda row=row: find_profile(row.get("profile")),
            lambda row=row: parse_start(row.get("starts_at"), tz),
        )
        values = []
        for check in checks:  # every column is checked, so one run lists every problem
            try:
                values.append(check())
            except DomainError as err:
                report.problems.append((line, err.localized(gettext)))
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
        raise InvalidConfiguration(_("No active subscription profile named '{value}'."), field="profile", value=text)
    return profile
