"""The reimbursement report as CSV text and as a JSON document (shared by the command and the admin page)."""
import csv
import io

from fee_training_xblock.live_sessions.reimbursement import with_amounts

LINE_COLUMNS = ["month", "organization", "division", "currency", "payments", "charged", "refunded", "net"]
PAYMENT_COLUMNS = ["month", "organization", "division", "course_key", "session", "title", "kind", "host",
                   "reference", "paid_at", "status", "currency", "charged", "refunded", "net"]


def json_document(report, detail=False):
    """A JSON-ready dict: lines, totals per currency, the reconciliation and (with `detail`) each payment."""
    document = {
        "month": report.month, "organization": report.organization, "time_zone": report.time_zone,
        "lines": [{"month": report.month, **with_amounts(line)} for line in report.lines],
        "totals": [with_amounts(total) for total in report.totals],
        "reconciliation": {"ledger_payments": report.ledger_payments, "reconciled": report.reconciled,
                           "problems": list(report.problems)},
    }
    if detail:
        document["payments"] = [with_amounts(item) for item in report.payments]
    return document


def csv_text(report, detail=False):
    """Lines (or, with `detail`, one row per payment), then a TOTAL row per currency."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = PAYMENT_COLUMNS if detail else LINE_COLUMNS
    writer.writerow(columns)
    rows = report.payments if detail else [{"month": report.month, **line} for line in report.lines]
    for row in rows:
        row = with_amounts(row)
        writer.writerow([row.get(name, "") for name in columns])
    for total in report.totals:
        row = {"month": report.month, "organization": "TOTAL", **with_amounts(total)}
        writer.writerow([row.get(name, "") for name in columns])
    return out.getvalue()
