"""Invoices and summaries of the course-assignment ledger, aggregated by the database and streamed.

Month boundaries are in the billing time zone (FEE_TRAINING['BILLING_TIME_ZONE'],
or the one given). Lines and totals are read with the same ledger cut-off so they
always agree.
"""
from datetime import timedelta

from django.db.models import Count, Max, Sum
from django.utils import timezone

from fee_training_xblock.core.prepared import PreparedQuery
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions.assignments import billing_time_zone
from fee_training_xblock.subscriptions.models import CourseAssignment, SubscriptionProfile

# Read on every staff view of a subscription block: compiled once (see core.prepared).
_PROFILES_COVERING = PreparedQuery(SubscriptionProfile, lambda course_key: SubscriptionProfile.objects.filter(
    courses__course_key=course_key).order_by("name").values_list("name", "duration_days"), arity=1)


def profiles_covering(course_key):
    """(name, duration_days) of every profile covering the course, by name."""
    return _PROFILES_COVERING.rows(str(course_key))


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


def billing_figures(course_key, now=None, tz=None):
    """The staff figures of one course, loaded on demand: this and last month per currency, live assignments.

    Each reads index ranges of (course_key, created_at) that grow with the course,
    which is why no page view computes them.
    """
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
        "live_assignments": course_rows.filter(expires_at__gt=now, created_at__lte=now).count(),
    }
