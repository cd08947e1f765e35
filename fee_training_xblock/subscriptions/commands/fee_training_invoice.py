"""`manage.py fee_training_invoice --month 2026-11`: the month's subscription invoice as CSV, JSON or PDF.

An issued month (fee_training_issue_invoices) prints its issued invoices, read from
their stored lines: the same document every time, in milliseconds whatever the
month's volume. A month not issued yet (the current one) prints the live view: one
line per profile, course and unit price (per learner too with --detail), then totals
per currency, aggregated by the database and streamed. Month boundaries are in
FEE_TRAINING['BILLING_TIME_ZONE'] (default UTC) unless --time-zone is given.
"""
import csv
import io
import json
import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.subscriptions import invoice_documents, invoices
from fee_training_xblock.subscriptions.commands.options import (
    checked_month,
    checked_organization,
    checked_output,
    checked_zone,
    option_error,
    write_output,
)
from fee_training_xblock.subscriptions.invoice_models import Invoice

log = logging.getLogger(__name__)


def decimal_text(minor, currency):
    """Minor units as plain decimal text in the currency ('25.00', '3000' for JPY)."""
    return Money(int(minor), currency).decimal_text()


def with_amounts(line):
    """An invoice line with decimal unit price and amount added next to the minor units."""
    return {
        **line,
        "unit_price": decimal_text(line["unit_price_minor"], line["currency"]),
        "amount": decimal_text(line["amount_minor"], line["currency"]),
    }


class Command(BaseCommand):
    """Print the subscription-billing invoice of one month."""

    help = gettext_lazy("Print the month's subscription invoice: course assignments per profile and course, "
                        "with totals per currency.")

    def add_arguments(self, parser):
        """Month, organization, format, detail and time zone."""
        parser.add_argument("--month", required=True, help=gettext_lazy("The billing month, e.g. 2026-11."))
        parser.add_argument("--organization", default=None, help=gettext_lazy("Only this organization's profiles."))
        parser.add_argument("--format", choices=["csv", "json", "pdf"], default="csv",
                            help=gettext_lazy("pdf: issued invoices only, one at a time, with --output."))
        parser.add_argument("--output", default=None,
                            help=gettext_lazy("Write to this file instead of the standard output."))
        parser.add_argument("--live", action="store_true",
                            help=gettext_lazy("The live ledger view even for an issued month."))
        parser.add_argument("--detail", action="store_true",
                            help=gettext_lazy("One line per learner as well (live view)."))
        parser.add_argument("--time-zone", default=None,
                            help=gettext_lazy("IANA time zone for month boundaries "
                                              "(default: FEE_TRAINING['BILLING_TIME_ZONE'] or UTC)."))

    def handle(self, *args, **options):
        """Print the invoice; a bad month or time zone is a CommandError saying what to type."""
        month, org = checked_month(options["month"]), checked_organization(options["organization"])
        zone, detail = checked_zone(options["time_zone"]), options["detail"]
        options.update(month=month, output=checked_output(options["output"]))
        issued = Invoice.objects.filter(month=month).order_by("number")
        issued = [] if options["live"] or detail else list(issued.filter(organization=org) if org else issued)
        if issued:
            self.write_issued(issued, options)
            return
        if options["format"] == "pdf":
            message = (gettext("No issued invoice for {month} and {organization}: a PDF is made of an issued invoice. "
                               "Issue the month with {command}, or use {option} csv or json for the live view.")
                       if org else
                       gettext("No issued invoice for {month}: a PDF is made of an issued invoice. Issue the month "
                               "with {command}, or use {option} csv or json for the live view."))
            raise CommandError(message.format(month=month, organization=org, command="fee_training_issue_invoices",
                                              option="--format"))
        if options["output"]:
            raise CommandError(gettext("{option} is for issued invoices; redirect the live view's output instead.")
                               .format(option="--output"))
        tz = str(zone)
        try:
            cutoff = invoices.ledger_cutoff()  # lines and totals count the same rows
            totals = invoices.invoice_totals(month, org, tz, until=cutoff)
            lines = (with_amounts(line) for line in invoices.invoice_rows(month, org, tz, detail, until=cutoff))
            if options["format"] == "json":
                self.write_json(month, org, str(zone), detail, lines, totals)
            else:
                self.write_csv(detail, lines, totals)
        except DomainError as err:
            raise option_error(f"--{err.field}" if err.field in ("month", "organization") else "fee_training_invoice",
                               err) from err
        log.info("Invoice for %s (%s) printed", month, org or "all organizations")

    def write_issued(self, issued, options):
        """The issued invoices of the month, from their stored lines."""
        if options["format"] == "pdf":
            if len(issued) != 1 or not options["output"]:
                raise CommandError(gettext("A PDF holds one invoice and is written to a file: add {organization} (one "
                                           "of {organizations}) and {output}.").format(
                    organization="--organization", organizations=", ".join(i.organization for i in issued),
                    output="--output FILE.pdf"))
            write_output(options["output"], invoice_documents.as_pdf(issued[0]))
            self.stdout.write(gettext("{invoice} written to {path}").format(invoice=issued[0].label,
                                                                            path=options["output"]))
            return
        if options["format"] == "json":
            text = json.dumps({"month": options["month"], "issued": True,
                               "invoices": [invoice_documents.as_dict(i) for i in issued]}, indent=1,
                              ensure_ascii=False)
        else:
            rows = [row for index, invoice in enumerate(issued)
                    for row in list(invoice_documents.csv_rows(invoice_documents.as_dict(invoice)))[bool(index):]]
            out = io.StringIO()
            csv.writer(out).writerows(rows)
            text = out.getvalue()
        if options["output"]:
            write_output(options["output"], text)
        else:
            self.stdout.write(text, ending="")

    def write_csv(self, detail, lines, totals):
        """Lines, then one TOTAL row per currency."""
        columns = ["profile", "organization", "course_key", *(["user_key"] if detail else []),
                   "currency", "unit_price", "assignments", "amount"]
        writer = csv.writer(self.stdout)
        writer.writerow(columns)
        for line in lines:
            writer.writerow([line[name] for name in columns])
        for total in totals:
            row = {"profile": "TOTAL", "currency": total["currency"], "assignments": total["assignments"],
                   "amount": decimal_text(total["amount_minor"], total["currency"])}
            writer.writerow([row.get(name, "") for name in columns])

    def write_json(self, month, org, zone, detail, lines, totals):
        """One JSON document; lines are written as they arrive so memory stays flat."""
        head = {"month": month, "organization": org, "time_zone": zone, "detail": detail}
        self.stdout.write(json.dumps(head)[:-1] + ', "lines": [', ending="")
        for index, line in enumerate(lines):
            self.stdout.write(("," if index else "") + json.dumps(line), ending="")
        tail = [{**t, "amount": decimal_text(t["amount_minor"], t["currency"])} for t in totals]
        self.stdout.write('], "totals": ' + json.dumps(tail) + "}")
