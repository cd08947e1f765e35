"""Management command: send the receipts a mail server refused or a worker never sent (schedule it, e.g. hourly).

A receipt goes out after the payment commits (payments/tasks.py); when the mail
server is down then, the payment stays paid and `receipt_sent_at` stays empty. This
sends those receipts again. It leaves alone receipts a worker may still be sending
(paid in the last `--older-than-minutes`) and payments older than `--days`, so an
operator who schedules it for the first time does not email receipts for old payments.
Receipts go out at least once: one that reached the payer but whose record failed is sent again.
"""
import argparse
import logging
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.payments import tasks
from fee_training_xblock.payments.models import Payment

log = logging.getLogger(__name__)


def positive(text):
    """argparse type: a whole number of at least 1, or an error saying so."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(gettext("expected a whole number of at least 1, got {text!r}").format(
            text=text))
    return value


class Command(BaseCommand):
    """Send the receipts of paid payments whose receipt never went out."""

    help = gettext_lazy("Send the receipts of paid payments whose receipt could not be sent (mail server down).")

    def add_arguments(self, parser):
        """--older-than-minutes, --days, --dry-run."""
        parser.add_argument("--older-than-minutes", type=positive, default=10,
                            help=gettext_lazy("Leave payments paid more recently than this alone (default 10): "
                                              "their receipt may still be on its way."))
        parser.add_argument("--days", type=positive, default=3,
                            help=gettext_lazy("Only payments paid in the last this many days (default 3)."))
        parser.add_argument("--dry-run", action="store_true",
                            help=gettext_lazy("Only say how many receipts are due; send none."))

    def handle(self, *args, **options):
        """Send every due receipt, one at a time (each re-read first); report how many went out and how many did not."""
        now = timezone.now()
        due = list(Payment.objects.receipts_due(now - timedelta(days=options["days"]),
                                                now - timedelta(minutes=options["older_than_minutes"]))
                   .values_list("pk", flat=True))
        if options["dry_run"]:
            self.stdout.write(ngettext("{count} receipt is due.", "{count} receipts are due.",
                                       len(due)).format(count=len(due)))
            return
        outcomes = [tasks.send_pending_receipt(pk) for pk in due]  # None: sent meanwhile by a worker
        sent, failed = outcomes.count(True), outcomes.count(False)
        log.info("Receipts due: %s, sent: %s, not sent: %s", len(due), sent, failed)
        self.stdout.write(ngettext("Sent {count} receipt.", "Sent {count} receipts.", sent).format(count=sent))
        if failed:
            self.stderr.write(ngettext("{count} receipt could not be sent (see the log); the next run tries again.",
                                       "{count} receipts could not be sent (see the log); the next run tries again.",
                                       failed).format(count=failed))
