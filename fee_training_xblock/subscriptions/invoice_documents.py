"""An issued invoice as a document: a dict (JSON), CSV rows and a PDF, all read from its stored lines.

Reading costs O(lines): the ledger is not touched, whatever the month's volume. The
same invoice always gives the same bytes in a given language (the PDF writer adds no
timestamp), so a document can be re-created at any time instead of being archived.
The CSV and JSON are for machines: their keys and column names (and the CSV's TOTAL
rows) stay English in every language. The PDF is for people: its labels follow the
active language when its fonts can print it (as_pdf).
"""
import csv
import io
import json

from django.utils import translation

from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.subscriptions.pdf import printable as text_printable
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


class _Labels:
    """gettext and ngettext of the active language that remember every translated text they gave."""

    def __init__(self):
        self.given = []

    def gettext(self, message):
        """The translation of `message`, remembered."""
        self.given.append(translation.gettext(message))
        return self.given[-1]

    def ngettext(self, singular, plural, number):
        """The plural form for `number`, remembered."""
        self.given.append(translation.ngettext(singular, plural, number))
        return self.given[-1]


def _pdf_lines(doc, labels):
    """The PDF's title and (text, bold) lines for an as_dict() document, worded by `labels`."""
    title = labels.gettext("Invoice {invoice}").format(invoice=doc["invoice"])
    lines = [(title, True),
             (labels.gettext("Organization: {organization}").format(organization=doc["organization"]), False),
             (labels.gettext("Month: {month} (boundaries in {time_zone})").format(
                 month=doc["month"], time_zone=doc["time_zone"]), False),
             (labels.gettext("Issued: {issued_at}").format(issued_at=doc["issued_at"]), False), ("", False),
             (labels.gettext("Course assignments (unit price x assignments = amount)"), True)]
    for line in doc["lines"]:
        values = {"position": line["position"], "profile": line["profile"], "course_key": line["course_key"]}
        if line["kind"] == "adjustment":
            text = labels.gettext("{position}. {profile} - {course_key} [adjustment: late assignments of {month}]")
            values["month"] = line["for_month"]
        else:
            text = "{position}. {profile} - {course_key}"
        lines.append((text.format(**values), False))
        lines.append((f"    {line['currency']} {line['unit_price']} x {line['assignments']} = "
                      f"{line['currency']} {line['amount']}", False))
    lines.append(("", False))
    for total in doc["totals"]:
        lines.append((labels.ngettext("Total {currency}: {amount} ({count} assignment)",
                                      "Total {currency}: {amount} ({count} assignments)", total["assignments"]).format(
            currency=total["currency"], amount=total["amount"], count=total["assignments"]), True))
    return title, lines


def as_pdf(invoice):
    """The invoice as PDF bytes, worded in the active language when the PDF's fonts can print it, else in English.

    The standard fonts (subscriptions/pdf.py) print English and Polish, not Cyrillic: a
    Ukrainian PDF would be question marks, so it keeps the English labels (its CSV and
    JSON carry full Unicode). The organization's and profiles' names are printed as stored.
    """
    doc = as_dict(invoice)
    labels = _Labels()
    title, lines = _pdf_lines(doc, labels)
    if not all(text_printable(text) for text in labels.given):
        with translation.override("en"):
            title, lines = _pdf_lines(doc, _Labels())
    return text_pdf(lines, title=title)
