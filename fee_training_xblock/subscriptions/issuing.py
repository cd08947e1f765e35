"""Issuing invoices: once a month is over, each organization's course assignments become a numbered invoice.

Issuing is idempotent per month and organization (the existing invoice is returned),
refuses a month that is not over, and never rewrites anything issued: an assignment
written after its month was issued lands on the organization's next invoice as an
adjustment line (invoice_models explains the region each invoice covers). The lines
are grouped by the database, and their sum is checked against an independent
aggregate of the same region before anything is written.
"""
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Max, Q, Sum, Value, When
from django.utils import timezone

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions.assignments import billing_time_zone
from fee_training_xblock.subscriptions.invoice_models import Invoice, InvoiceLine, InvoiceTotal
from fee_training_xblock.subscriptions.invoices import ledger_cutoff
from fee_training_xblock.subscriptions.models import CourseAssignment, SubscriptionProfile

log = logging.getLogger(__name__)

# A course start dated before midnight commits within milliseconds; waiting a little after
# the month ends keeps such a row from being left out of its month by an issue run at 00:00.
ISSUE_AFTER = timedelta(minutes=10)
NUMBER_RETRIES = 3


class InvoiceError(DomainError):
    """A month or organization that cannot be issued now, with what to do instead."""


class Mismatch(DomainError):
    """One difference between an invoice's figures and the ledger (a template marked for translation)."""


class ReconciliationError(Exception):
    """Issued totals and the ledger disagree: `problems` lists each difference (Mismatch errors)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("Invoice reconciliation failed:\n" + "\n".join(problem.message for problem in self.problems))

    def localized(self, gettext):
        """Every difference in the language of `gettext`, under one heading (what a command prints)."""
        return "\n".join([gettext("Invoice reconciliation failed:"),
                          *(problem.localized(gettext) for problem in self.problems)])


def covered_rows(organization, period_start, period_end, cutoff, previous):
    """The ledger rows an invoice with these bounds covers (see invoice_models); `previous` is an Invoice or None.

    The first invoice of an organization covers its own month only: earlier months
    belong to the live report. Later ones take everything the previous one did not.
    """
    rows = CourseAssignment.objects.filter(organization=organization, created_at__lt=period_end, id__lte=cutoff)
    if previous is None:
        return rows.filter(created_at__gte=period_start)
    return rows.filter(Q(id__gt=previous.ledger_cutoff) | Q(created_at__gte=previous.period_end))


def rows_of(invoice):
    """The ledger rows an issued invoice covers (to reproduce or reconcile it)."""
    return covered_rows(invoice.organization, invoice.period_start, invoice.period_end, invoice.ledger_cutoff,
                        invoice.previous)


def group_lines(rows, month, period_start):
    """Invoice lines of `rows`: charges of the month first, then adjustments by the month they belong to."""
    charge = Q(created_at__gte=period_start)
    grouped = (
        rows.annotate(line_kind=Case(When(charge, then=Value(InvoiceLine.CHARGE)), default=Value(
            InvoiceLine.ADJUSTMENT)), line_month=Case(When(charge, then=Value(month)), default=F("billing_month")))
        .values("line_kind", "line_month", "profile_id", "course_key", "currency", "price_minor")
        .annotate(count=Count("id"), amount=Sum("price_minor")).order_by()
    )
    return sorted(grouped, key=lambda row: (row["line_kind"] != InvoiceLine.CHARGE, row["line_month"],
                                            row["profile_id"], row["course_key"], row["currency"],
                                            row["price_minor"]))


def ledger_totals(rows):
    """{currency: (assignments, amount_minor)} of ledger rows, aggregated by the database."""
    return {row["currency"]: (row["count"], int(row["amount"]))
            for row in rows.values("currency").annotate(count=Count("id"), amount=Sum("price_minor")).order_by()}


def line_totals(lines):
    """{currency: (assignments, amount_minor)} summed over lines (dicts with currency, count, amount)."""
    totals = {}
    for line in lines:
        count, amount = totals.get(line["currency"], (0, 0))
        totals[line["currency"]] = (count + line["count"], amount + int(line["amount"]))
    return totals


def organizations_to_issue(period_end):
    """Every organization with assignments made before the end of the month."""
    rows = CourseAssignment.objects.filter(created_at__lt=period_end).values_list("organization", flat=True)
    return sorted(set(rows.distinct().order_by()))


def issue_month(month, organization=None, now=None, tz=None):
    """Issue `month` for one organization or all: [(Invoice, created)], skipping organizations with nothing to bill.

    Raises InvoiceError for a month that is not over (plus ISSUE_AFTER) or already
    superseded by a later invoice of the organization.
    """
    zone = billing_time_zone(tz)
    start, end = rules.month_bounds(month, zone)
    now = now or timezone.now()
    if now < end + ISSUE_AFTER:
        raise InvoiceError(_("{month} is not over yet: issue it from {when} on."), field="month", month=month,
                           when=(end + ISSUE_AFTER).isoformat())
    results = []
    for org in [organization] if organization else organizations_to_issue(end):
        issued = _issue_with_retries(org, month, str(zone), start, end, now)
        if issued[0] is not None:
            results.append(issued)
    return results


def _issue_with_retries(organization, month, zone, start, end, now):
    """Issue one invoice; a concurrent issuer taking the same number makes us try again with the next one."""
    for attempt in range(NUMBER_RETRIES):
        try:
            return _issue_one(organization, month, zone, start, end, now)
        except IntegrityError:
            if attempt == NUMBER_RETRIES - 1:
                raise
            log.info("Invoice number or month of %s taken concurrently; trying again", organization)
    raise AssertionError("unreachable")


def _issue_one(organization, month, zone, start, end, now):
    """(invoice, True) once issued, (existing, False) when it was, (None, False) when there is nothing to bill."""
    with transaction.atomic():
        latest = Invoice.objects.select_for_update().filter(organization=organization).order_by("-month").first()
        if latest is not None and latest.month == month:
            return latest, False
        existing = Invoice.objects.filter(organization=organization, month=month).first()
        if existing is not None:
            return existing, False
        if latest is not None and latest.month > month:
            raise InvoiceError(_("{organization} is invoiced up to {latest}, so {month} can no longer be issued: "
                                 "its assignments were on that invoice or go on the next one as adjustments."),
                               field="month", organization=organization, latest=latest.month, month=month)
        cutoff = ledger_cutoff()
        rows = covered_rows(organization, start, end, cutoff, latest)
        lines = group_lines(rows, month, start)
        if not lines:
            return None, False
        totals = ledger_totals(rows)
        if line_totals(lines) != totals:
            raise ReconciliationError([Mismatch(
                _("{organization} {month}: the invoice lines ({lines}) do not add up to the ledger ({ledger})."),
                organization=organization, month=month, lines=line_totals(lines), ledger=totals)])
        number = (Invoice.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        invoice = Invoice.objects.create(number=number, organization=organization, month=month, time_zone=zone,
                                         period_start=start, period_end=end, ledger_cutoff=cutoff, previous=latest,
                                         issued_at=now)
        names = dict(SubscriptionProfile.objects.values_list("id", "name"))
        InvoiceLine.objects.bulk_create(InvoiceLine(
            invoice=invoice, position=index, kind=line["line_kind"], for_month=line["line_month"],
            profile_id=line["profile_id"], profile_name=names.get(line["profile_id"], f"#{line['profile_id']}"),
            course_key=line["course_key"], currency=line["currency"], unit_price_minor=line["price_minor"],
            assignments=line["count"], amount_minor=int(line["amount"])) for index, line in enumerate(lines, 1))
        InvoiceTotal.objects.bulk_create(InvoiceTotal(invoice=invoice, currency=currency, assignments=count,
                                                      amount_minor=amount)
                                         for currency, (count, amount) in sorted(totals.items()))
    log.info("Invoice %s issued for %s %s: %s lines", invoice.label, organization, month, len(lines))
    return invoice, True


def reconciliation_problems(invoice):
    """Differences between an invoice's stored totals, the sum of its lines and the ledger it covers ([] if none)."""
    stored = {t.currency: (t.assignments, t.amount_minor) for t in invoice.totals.all()}
    lines = {row["currency"]: (row["count"], int(row["amount"])) for row in invoice.lines.values("currency").annotate(
        count=Sum("assignments"), amount=Sum("amount_minor")).order_by()}
    ledger = ledger_totals(rows_of(invoice))
    problems = []
    for currency in sorted(set(stored) | set(lines) | set(ledger)):
        figures = {"issued": stored.get(currency, (0, 0)), "lines": lines.get(currency, (0, 0)),
                   "ledger": ledger.get(currency, (0, 0))}
        if len(set(figures.values())) > 1:
            problems.append(Mismatch(
                _("{invoice} ({organization} {month}) {currency}: issued {issued_count} assignments {issued_amount} "
                  "minor, lines {lines_count} assignments {lines_amount} minor, ledger {ledger_count} assignments "
                  "{ledger_amount} minor"),
                invoice=invoice.label, organization=invoice.organization, month=invoice.month, currency=currency,
                **{f"{name}_{part}": value for name, (count, amount) in figures.items()
                   for part, value in (("count", count), ("amount", amount))}))
    return problems


def reconcile(invoices):
    """Check each invoice against its lines and the ledger; raises ReconciliationError listing every difference."""
    problems = [problem for invoice in invoices for problem in reconciliation_problems(invoice)]
    if problems:
        for problem in problems:
            log.error("Invoice reconciliation: %s", problem.message)
        raise ReconciliationError(problems)
    return len(invoices)
