"""An issued invoice as a document: a dict (JSON), CSV rows and a PDF, all read from its stored lines.

Reading costs O(lines): the ledger is not touched, whatever the month's volume. The
same invoice always gives the same bytes (the PDF writer adds no timestamp), so a
document can be re-created at any time instead of being archived.
"""
import csv
import io
import json

from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.subscriptions.pdf import text_pdf

CSV_COLUMNS = ["invoice", "organization", "month", "kind", "for_month", "profile", "course_key", "currency",
               "unit_price", "assignments", "amount"]


def decimal_text(minor, currency):
    """Minor units as plain decimal text in the currency ('25.00', '3000' for JPY)."""
    return Money(int(minor), currency).decimal_text()


def as_dict(invoice):
    """The invoice, its lines and totals as plain JSON-ready values (amounts in minor units and decimal text)."""
    return {
        "invoice": invoice.label, "number": invoice.number, "organization": invoice.organization,
        "month": invoice.month, "time_zone": invoice.time_zone, "issued_at": invoice.issued_at.isoformat(),
        "period_start": invoice.period_start.isoformat(), "period_end": invoice.period_end.isoformat(),
        "lines": [{
            "position": line.position, "kind": line.kind, "for_month": line.for_month,
            "profile": line.profile_name, "profile_id": line.profile_id, "course_key": line.course_key,
            "currency": line.currency, "unit_price_minor": line.unit_price_minor,
            "unit_price": decimal_text(line.unit_price_minor, line.currency), "assignments": line.assignments,
            "amount_minor": line.amount_minor, "amount": decimal_text(line.amount_minor, line.currency),
        } for line in invoice.lines.all()],
        "totals": [{"currency": total.currency, "assignments": total.assignments,
                    "amount_minor": total.amount_minor, "amount": decimal_text(total.amount_minor, total.currency)}
                   for total in invoice.totals.all()],
    }


def as_json(invoice):
    """The invoice as a JSON document (keys in a fixed order)."""
    return json.dumps(as_dict(invoice), indent=1, ensure_ascii=False)


def csv_rows(document):
    """CSV rows of an as_dict() document: a header, one row per line, one TOTAL row per currency."""
    yield CSV_COLUMNS
    head = [document["invoice"], document["organization"], document["month"]]
    for line in document["lines"]:
        yield head + [line["kind"], line["for_month"], line["profile"], line["course_key"], line["currency"],
                      line["unit_price"], line["assignments"], line["amount"]]
    for total in document["totals"]:
        yield head + ["TOTAL", "", "", "", total["currency"], "", total["assignments"], total["amount"]]


def as_csv(invoice):
    """The invoice as CSV text."""
    out = io.StringIO()
    csv.writer(out).writerows(csv_rows(as_dict(invoice)))
    return out.getvalue()


def as_pdf(invoice):
    """The invoice as PDF bytes (standard fonts; see subscriptions/pdf.py for the character limits)."""
    doc = as_dict(invoice)
    lines = [(f"Invoice {doc['invoice']}", True),
             (f"Organization: {doc['organization']}", False),
             (f"Month: {doc['month']} (boundaries in {doc['time_zone']})", False),
             (f"Issued: {doc['issued_at']}", False), ("", False),
             ("Course assignments (unit price x assignments = amount)", True)]
    for line in doc["lines"]:
        late = f" [adjustment: late assignments of {line['for_month']}]" if line["kind"] == "adjustment" else ""
        lines.append((f"{line['position']}. {line['profile']} - {line['course_key']}{late}", False))
        lines.append((f"    {line['currency']} {line['unit_price']} x {line['assignments']} = "
                      f"{line['currency']} {line['amount']}", False))
    lines.append(("", False))
    for total in doc["totals"]:
        lines.append((f"Total {total['currency']}: {total['amount']} ({total['assignments']} assignments)", True))
    return text_pdf(lines, title=f"Invoice {doc['invoice']}")
