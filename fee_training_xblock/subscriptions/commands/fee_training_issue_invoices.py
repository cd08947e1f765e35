"""`manage.py fee_training_issue_invoices [--month 2026-11] [--organization ORG]`: issue a finished month's invoices.

Run it (or schedule it) after a month ends: each organization with course
assignments gets one numbered, immutable invoice. Running it again for the same
month and organization issues nothing new and prints the invoices already issued.
The default month is the previous one in the billing time zone.
"""
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions import issuing
from fee_training_xblock.subscriptions.commands.options import (
    checked_month,
    checked_organization,
    checked_zone,
    option_error,
)


def previous_month(now, zone):
    """The month before the one `now` falls in ('YYYY-MM', boundaries in `zone`)."""
    start, _end = rules.month_bounds(rules.billing_month(now, zone), zone)
    return rules.billing_month(start - timedelta(seconds=1), zone)


def totals_text(invoice):
    """The invoice's totals per currency, e.g. 'USD 5000 minor (2 assignments)', in the active language."""
    return ", ".join(
        ngettext("{currency} {amount} minor ({count} assignment)", "{currency} {amount} minor ({count} assignments)",
                 total.assignments).format(currency=total.currency, amount=total.amount_minor, count=total.assignments)
        for total in invoice.totals.all())


class Command(BaseCommand):
    """Issue the invoices of a finished month (idempotent per month and organization)."""

    help = gettext_lazy("Issue the subscription invoices of a finished month: one numbered, immutable invoice per "
                        "organization.")

    def add_arguments(self, parser):
        """Month, organization, time zone."""
        parser.add_argument("--month", default=None,
                            help=gettext_lazy("The month to issue, e.g. 2026-11 (default: last month)."))
        parser.add_argument("--organization", default=None, help=gettext_lazy("Only this organization."))
        parser.add_argument("--time-zone", default=None,
                            help=gettext_lazy("IANA time zone of the month boundaries "
                                              "(default: FEE_TRAINING['BILLING_TIME_ZONE'])."))

    def handle(self, *args, **options):
        """Issue, then print one line per invoice: number, organization, month, new or already issued, totals."""
        zone = checked_zone(options["time_zone"])
        month = checked_month(options["month"]) if options["month"] is not None else previous_month(
            timezone.now(), zone)
        organization = checked_organization(options["organization"])
        try:
            results = issuing.issue_month(month, organization, tz=str(zone))
        except DomainError as err:
            raise option_error(f"--{err.field}" if err.field == "month" else "fee_training_issue_invoices",
                               err) from err
        except issuing.ReconciliationError as err:
            raise CommandError(err.localized(gettext)) from err
        if not results:
            self.stdout.write(gettext("Nothing to invoice for {month}.").format(month=month))
        for invoice, created in results:
            line = (gettext("{invoice} {organization} {month}: issued; {totals}") if created else
                    gettext("{invoice} {organization} {month}: already issued; {totals}"))
            self.stdout.write(line.format(invoice=invoice.label, organization=invoice.organization,
                                          month=invoice.month, totals=totals_text(invoice)))
