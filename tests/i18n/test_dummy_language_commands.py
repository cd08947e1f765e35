"""The management commands in the dummy language: their help, the invoice commands' output and every error
an operator can meet (tests/i18n/test_dummy_language.py does the same for the views).

The scenario's organization and profile are Cyrillic, so an ASCII word left in what a command
prints is a string that never went through the catalogue. What an operator types stays as it is
in every language and is not counted: option names (--month), "FILE.pdf" in "--output FILE.pdf"
and the FT prefix of invoice numbers.
"""
import io
import os
import re

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection

from fee_training_xblock.models import CourseAssignment
from tests.i18n.conftest import untranslated
from tests.subscriptions.test_assignments import make_profile, subscribe
from tests.subscriptions.test_issued_invoices import OCT, start

pytestmark = pytest.mark.django_db

ORGANIZATION = "Ђорђе"
PROFILE = "Годишња"
TYPED = ("FT", "FILE", "pdf")
OPTION = re.compile(r"--[\w-]+")
COMMANDS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "fee_training_xblock", "management", "commands")
#: Options every Django command has: Django's own text, not ours.
DJANGO_OPTIONS = {"help", "version", "verbosity", "settings", "pythonpath", "traceback", "no_color", "force_color",
                  "skip_checks"}


def english(text):
    """English words an operator would read in a command's `text` (what they type aside)."""
    return untranslated(OPTION.sub(" ", text), *TYPED)


def run(*args):
    """call_command capturing stdout."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refusal(*args):
    """The CommandError message of a command that must refuse."""
    with pytest.raises(CommandError) as refused:
        run(*args)
    return str(refused.value)


@pytest.fixture
def october():
    """Two learners of a Cyrillic organization started its course in October 2026 (a month that is over)."""
    profile = make_profile(PROFILE, org=ORGANIZATION, price=2500)
    for user in ("1", "2"):
        subscribe(profile, user, start=OCT.replace(day=1))
        start(user, OCT)
    return profile


def test_every_commands_help_is_translated(dummy):
    names = sorted(name[:-3] for name in os.listdir(COMMANDS) if name.endswith(".py") and name != "__init__.py")
    assert {"fee_training_issue_invoices", "fee_training_reconcile_invoices", "fee_training_invoice"} <= set(names)
    for name in names:
        command = load_command_class("fee_training_xblock", name)
        texts = [str(command.help)] + [str(action.help) for action in command.create_parser("manage.py", name)._actions
                                       if action.dest not in DJANGO_OPTIONS and action.help is not None]
        for text in texts:
            assert english(text) == [], (name, text)


def test_issuing_reconciling_and_printing_invoices_print_no_english(dummy, october, tmp_path):
    printed = [
        run("fee_training_issue_invoices", "--month", "2026-10"),  # issued
        run("fee_training_issue_invoices", "--month", "2026-10"),  # already issued
        run("fee_training_issue_invoices", "--month", "2026-09"),  # nothing to invoice
        run("fee_training_reconcile_invoices"),
    ]
    pdf = tmp_path / "ф.pdf"
    printed.append(run("fee_training_invoice", "--month", "2026-10", "--format", "pdf", "--output", str(pdf))
                   .replace(str(pdf), ""))
    assert "FT-000001" in printed[0] and pdf.read_bytes().startswith(b"%PDF")
    for text in printed:
        assert english(text) == [], text


def test_a_ledger_that_differs_from_its_invoice_fails_in_the_operators_language(dummy, october):
    run("fee_training_issue_invoices", "--month", "2026-10")
    with connection.cursor() as cursor:  # someone edits the ledger by hand, behind the application's back
        cursor.execute(f"UPDATE {CourseAssignment._meta.db_table} SET price_minor = 1 WHERE user_key = %s", ["2"])
    message = refusal("fee_training_reconcile_invoices", "--month", "2026-10")
    assert "2501" in message and english(message) == [], message


@pytest.mark.parametrize("args", [
    ("fee_training_issue_invoices", "--month", "0000-05"),  # out of range
    ("fee_training_issue_invoices", "--month", "2026-13"),  # not a month
    ("fee_training_issue_invoices", "--month", "2099-01"),  # not over yet
    ("fee_training_issue_invoices", "--time-zone", " "),
    ("fee_training_issue_invoices", "--time-zone", "Марс/База"),
    ("fee_training_reconcile_invoices", "--organization", " "),
    ("fee_training_reconcile_invoices", "--organization", "ж" * 256),
    ("fee_training_invoice", "--month", "2026-11", "--format", "pdf", "--output", "ф.pdf"),  # not issued
    ("fee_training_invoice", "--month", "2026-11", "--format", "pdf", "--organization", ORGANIZATION,
     "--output", "ф.pdf"),
    ("fee_training_invoice", "--month", "2026-10", "--format", "pdf"),  # issued, but no --output
    ("fee_training_invoice", "--month", "2026-11", "--output", "ф"),  # --output of the live view
    ("fee_training_invoice", "--month", "2026-10", "--output", "/нет/ф"),  # no such folder
])
def test_every_refusal_of_the_invoice_commands_is_translated(dummy, october, args):
    run("fee_training_issue_invoices", "--month", "2026-10")
    message = refusal(*args)
    assert english(message) == [], message
