"""Host payments per organization, division and month, reconciled with the payment ledger.

Amounts come from the payment ledger (what was charged and refunded, partial refunds
included); organization and division come from the session each payment names. Every
ledger payment must match its session (reference, amount, currency) and every session
opened by a payment in the month must have its ledger payment; anything else is listed
as a discrepancy. Months are calendar months in FEE_TRAINING['BILLING_TIME_ZONE'], by
payment date.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.domain.time import load_time_zone, month_bounds
from fee_training_xblock.live_sessions.estimates import PRODUCT_TYPE
from fee_training_xblock.live_sessions.models import LiveSession
from fee_training_xblock.live_sessions.sales import DIFFERENCE_TYPE

_LEDGER = {}
KINDS = {PRODUCT_TYPE: "session", DIFFERENCE_TYPE: "difference"}


def use_payment_ledger(reader):
    """Install the payment-ledger reader: reader(product_types, paid_from, paid_until) -> [payment dicts]."""
    _LEDGER["reader"] = reader


@dataclass
class Report:
    """One month's reimbursement report: lines per organization/division/currency, payments, totals, problems."""

    month: str
    time_zone: str
    organization: str
    lines: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    totals: list = field(default_factory=list)
    ledger_payments: int = 0
    problems: list = field(default_factory=list)

    @property
    def reconciled(self):
        """True when every ledger payment matched its session and every paid session its payment."""
        return not self.problems


MISSING_SESSION = _("Payment {reference} names live session {session}, which does not exist.")
WRONG_CURRENCY = _("Payment {reference} is in {paid} but session {session} is in {agreed}.")
WRONG_AMOUNT = _("Payment {reference} charged {paid} minor units but session {session} agreed {agreed}.")
NOT_RECORDED = _("Payment {reference} is paid but session {session} records {recorded}.")
NOT_IN_LEDGER = _("Session {session} was opened by payment {reference}, which the payment ledger does not show "
                  "as paid in {month}.")


def _check(row, session):
    """A discrepancy between a ledger payment and its session, or ''."""
    reference, kind = row["reference"], KINDS[row["product_type"]]
    if session is None:
        return gettext(MISSING_SESSION).format(reference=reference, session=row["product_id"])
    if row["currency"] != session.currency:
        return gettext(WRONG_CURRENCY).format(reference=reference, paid=row["currency"], session=session.pk,
                                     agreed=session.currency)
    if kind == "session" and int(row["amount_minor"]) != session.amount_minor:
        return gettext(WRONG_AMOUNT).format(reference=reference, paid=row["amount_minor"], session=session.pk,
                                   agreed=session.amount_minor)
    recorded = session.payment_reference if kind == "session" else session.difference_reference
    if row["status"] == "paid" and recorded != reference:
        return gettext(NOT_RECORDED).format(reference=reference, session=session.pk,
                                            recorded=recorded or gettext("no payment"))
    return ""


def _payment_line(row, session, tz):
    charged, refunded = int(row["amount_minor"]), int(row["refunded_minor"])
    return {
        "month": row["paid_at"].astimezone(tz).strftime("%Y-%m"), "organization": session.organization,
        "division": session.division, "course_key": session.course_key, "session": session.pk,
        "title": session.title, "kind": KINDS[row["product_type"]], "host": row["payer_key"],
        "reference": row["reference"], "paid_at": row["paid_at"].isoformat(), "status": row["status"],
        "currency": row["currency"], "charged_minor": charged, "refunded_minor": refunded,
        "net_minor": charged - refunded,
    }


def _sum(items, keys):
    groups = defaultdict(lambda: {"payments": 0, "charged_minor": 0, "refunded_minor": 0, "net_minor": 0})
    for item in items:
        group = groups[tuple(item[key] for key in keys)]
        group["payments"] += 1
        for name in ("charged_minor", "refunded_minor", "net_minor"):
            group[name] += item[name]
    return [{**dict(zip(keys, key, strict=True)), **sums} for key, sums in sorted(groups.items())]


def report(month, organization=None, time_zone=None):
    """The Report of `month` ('YYYY-MM'), optionally of one organization; InvalidConfiguration for a bad month."""
    tz = load_time_zone(time_zone or setting("BILLING_TIME_ZONE"))
    start, end = month_bounds(month, tz)
    if "reader" not in _LEDGER:
        raise RuntimeError("No payment-ledger reader: the app's ready() installs it (apps.py).")
    rows = _LEDGER["reader"](tuple(KINDS), start, end)
    ids = {int(row["product_id"]) for row in rows if str(row["product_id"]).isdigit()}
    sessions = LiveSession.objects.in_bulk(ids)
    result = Report(month=month, time_zone=str(tz), organization=organization or "")
    for row in rows:
        pid = str(row["product_id"])
        session = sessions.get(int(pid)) if pid.isdigit() else None
        if organization and session is not None and session.organization != organization:
            continue
        result.ledger_payments += 1
        problem = _check(row, session)
        if problem:
            result.problems.append(problem)
        if session is not None:
            result.payments.append(_payment_line(row, session, tz))
    seen = {row["reference"] for row in rows}
    opened = LiveSession.objects.filter(paid_at__gte=start, paid_at__lt=end, amount_minor__gt=0).exclude(
        payment_reference="").exclude(status=LiveSession.STATUS_ESTIMATED)
    if organization:
        opened = opened.filter(organization=organization)
    for session in opened:
        if session.payment_reference not in seen:
            result.problems.append(gettext(NOT_IN_LEDGER).format(
                session=session.pk, reference=session.payment_reference, month=month))
    result.lines = _sum(result.payments, ("organization", "division", "currency"))
    result.totals = _sum(result.payments, ("currency",))
    return result


def decimal_text(minor, currency):
    """Minor units as plain decimal text ('180.00', '5000' for JPY)."""
    return Money(int(minor), currency).decimal_text()


def with_amounts(row):
    """A line, payment or total with decimal amounts added next to the minor units."""
    return {**row, **{name[:-len("_minor")]: decimal_text(row[name], row["currency"])
                      for name in ("charged_minor", "refunded_minor", "net_minor")}}
