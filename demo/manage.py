"""The demo's manage.py: `.venv/bin/python -m demo.manage <command> ...` runs a Django command on the demo database.

For example the plugin's commands, as they run in the demo (the LMS form is
`./manage.py lms <command>`)::

    .venv/bin/python -m demo.manage fee_training_invoice --month 2026-11
    .venv/bin/python -m demo.manage fee_training_import_subscriptions subs.csv --raw-user-keys --dry-run
"""
import os
import sys


def main(argv=None):
    """Run a Django management command with the demo's settings (from the repository's root folder)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo.settings"  # always the demo's, whatever the shell has
    os.environ.setdefault("EXCLUDE_SAMPLE_XBLOCKS", "yes")
    from django.core.management import execute_from_command_line  # pylint: disable=import-outside-toplevel
    execute_from_command_line(["demo.manage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
