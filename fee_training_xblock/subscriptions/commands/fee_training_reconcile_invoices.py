"""`manage.py fee_training_reconcile_invoices [--month M] [--organization ORG]`: issued totals against the ledger.

For every issued invoice (or those asked for), the stored totals, the sum of its
lines and the ledger aggregate of the assignments it covers must agree to the
minor unit. Any difference fails loudly: each one is logged as an error and the
command exits with an error naming the invoice, currency and figures.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.subscriptions import issuing
from fee_training_xblock.subscriptions.commands.options import checked_month, checked_organization
from fee_training_xblock.subscriptions.invoice_models import Invoice


class Command(BaseCommand):
    """Reconcile issued invoices with the assignment ledger."""

    help = gettext_lazy("Check that every issued invoice equals its lines and the ledger aggregate it covers; "
                        "fail if not.")

    def add_arguments(self, parser):
        """Month and organization filters."""
        parser.add_argument("--month", default=None, help=gettext_lazy("Only invoices of this month (YYYY-MM)."))
        parser.add_argument("--organization", default=None, help=gettext_lazy("Only this organization's invoices."))

    def handle(self, *args, **options):
        """Reconcile; exits with an error listing every difference."""
        invoices = Invoice.objects.order_by("number")
        if options["month"] is not None:
            invoices = invoices.filter(month=checked_month(options["month"]))
        if options["organization"] is not None:
            invoices = invoices.filter(organization=checked_organization(options["organization"]))
        try:
            checked = issuing.reconcile(list(invoices))
        except issuing.ReconciliationError as err:
            raise CommandError(err.localized(gettext)) from err
        self.stdout.write(ngettext("{count} issued invoice agrees with the ledger.",
                                   "{count} issued invoices agree with the ledger.", checked).format(count=checked))
