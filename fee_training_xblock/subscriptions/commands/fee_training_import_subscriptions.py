"""`manage.py fee_training_import_subscriptions FILE.csv`: subscribe many learners at once.

The CSV has a header row with the columns user (username, email or user id),
profile (profile name or id) and optionally starts_at (2026-11-01 = midnight in the
billing time zone, or an ISO 8601 date-time; empty = now). Every row is checked
before anything is written; running the same file twice creates nothing new.
"""
import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.subscriptions import subscribing

log = logging.getLogger(__name__)


class Command(BaseCommand):
    """Create subscriptions from a CSV file."""

    help = gettext_lazy("Create subscriptions from a CSV file with columns user, profile[, starts_at].")

    def add_arguments(self, parser):
        """The CSV path and the --dry-run / --raw-user-keys switches."""
        parser.add_argument("csv_file", help=gettext_lazy("Path to the CSV file ('-' reads stdin)."))
        parser.add_argument("--dry-run", action="store_true", help=gettext_lazy("Check every row, write nothing."))
        parser.add_argument("--raw-user-keys", action="store_true",
                            help=gettext_lazy(
                                "Accept unknown users as raw user keys (the SDK workbench has no Django users)."))

    def handle(self, *args, **options):
        """Import the file; every problem is listed and nothing is written if there is one."""
        path = options["csv_file"]
        try:
            if path == "-":
                import sys  # pylint: disable=import-outside-toplevel
                report = self.run(sys.stdin, options)
            else:
                with open(path, encoding="utf-8-sig", newline="") as handle:
                    report = self.run(handle, options)
        except OSError as err:
            raise CommandError(gettext("Cannot read {path}: {reason}").format(path=path, reason=err.strerror)) from err
        if report.problems:
            for line, message in report.problems:
                self.stderr.write(gettext("line {line}: {problem}").format(line=line, problem=message))
            count = len(report.problems)
            raise CommandError(ngettext("{count} problem found; nothing was imported. Fix it and run again.",
                                        "{count} problems found; nothing was imported. Fix them and run again.",
                                        count).format(count=count))
        if options["dry_run"]:
            self.stdout.write(gettext("All rows are valid (dry run: nothing written)."))
        else:
            self.stdout.write(ngettext("{created} subscription created, {existing} already existed.",
                                       "{created} subscriptions created, {existing} already existed.",
                                       report.created).format(created=report.created, existing=report.existing))

    def run(self, handle, options):
        """Import from an open file."""
        return subscribing.import_subscriptions(handle, allow_raw=options["raw_user_keys"], dry_run=options["dry_run"])
