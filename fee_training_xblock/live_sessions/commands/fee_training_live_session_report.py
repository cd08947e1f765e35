"""`manage.py fee_training_live_session_report --month 2026-11`: host payments per organization and division.

For reimbursement: CSV (default) or JSON, totals per currency, and a reconciliation
with the payment ledger. Discrepancies are listed on stderr and make the command
exit with an error after printing the report.
"""
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.live_sessions import reimbursement
from fee_training_xblock.live_sessions.commands.report_formats import csv_text, json_document


class Command(BaseCommand):
    """Print one month's reimbursement report of pay-per-use sessions."""

    help = gettext_lazy("Host payments of pay-per-use live sessions in one month, per organization and division "
                        "(division = cost centre), with totals per currency, reconciled with the payment ledger.")

    def add_arguments(self, parser):
        """Month, organization, format, detail and time zone."""
        parser.add_argument("--month", required=True, help=gettext_lazy("The month of payment, e.g. 2026-11."))
        parser.add_argument("--organization", default=None, help=gettext_lazy("Only sessions of this organization."))
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--detail", action="store_true", help=gettext_lazy("One row per payment instead "
                                                                               "of per division."))
        parser.add_argument("--time-zone", default=None,
                            help=gettext_lazy(
                                "IANA time zone of month boundaries (default: FEE_TRAINING['BILLING_TIME_ZONE'])."))

    def handle(self, *args, **options):
        """Print the report; a bad month or time zone is a CommandError saying what to type."""
        try:
            result = reimbursement.report(options["month"], options["organization"], options["time_zone"])
        except DomainError as err:
            raise CommandError(err.localized(gettext)) from err
        if options["format"] == "json":
            self.stdout.write(json.dumps(json_document(result, options["detail"]), indent=1))
        else:
            self.stdout.write(csv_text(result, options["detail"]), ending="")
        if not result.reconciled:
            for problem in result.problems:
                self.stderr.write(problem)
            count = len(result.problems)
            raise CommandError(ngettext("{count} discrepancy with the payment ledger (listed above).",
                                        "{count} discrepancies with the payment ledger (listed above).",
                                        count).format(count=count))
        self.stderr.write(ngettext("Reconciled with the payment ledger: {count} payment.",
                                   "Reconciled with the payment ledger: {count} payments.",
                                   result.ledger_payments).format(count=result.ledger_payments))
