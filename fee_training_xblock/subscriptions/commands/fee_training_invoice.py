"""`manage.py fee_training_invoice --month 2026-11`: the month's subscription invoice as CSV or JSON.

One line per profile, course and unit price (per learner too with --detail), then
totals per currency. Month boundaries are in FEE_TRAINING['BILLING_TIME_ZONE']
(default UTC) unless --time-zone is given. Lines are aggregated by the database
and streamed to stdout.
"""
import csv
import json
import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.subscriptions import assignments, invoices

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
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--detail", action="store_true", help=gettext_lazy("One line per learner as well."))
        parser.add_argument("--time-zone", default=None,
                            help=gettext_lazy("IANA time zone for month boundaries "
                                              "(default: FEE_TRAINING['BILLING_TIME_ZONE'] or UTC)."))

    def handle(self, *args, **options):
        """Print the invoice; a bad month or time zone is a CommandError saying what to type."""
        month, org, tz, detail = options["month"], options["organization"], options["time_zone"], options["detail"]
        try:
            zone = assignments.billing_time_zone(tz)
            cutoff = invoices.ledger_cutoff()  # lines and totals count the same rows
            totals = invoices.invoice_totals(month, org, tz, until=cutoff)
            lines = (with_amounts(line) for line in invoices.invoice_rows(month, org, tz, detail, until=cutoff))
            if options["format"] == "json":
                self.write_json(month, org, str(zone), detail, lines, totals)
            else:
                self.write_csv(detail, lines, totals)
        except DomainError as err:
            raise CommandError(err.localized(gettext)) from err
        log.info("Invoice for %s (%s) printed", month, org or "all organizations")

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
