"""Issue 14's input rules for issued invoices: every bad option is a CommandError naming it, the admin never a 500."""
import io

import pytest
from django.core.management import CommandError, call_command

from fee_training_xblock.subscriptions import issuing
from tests.subscriptions.test_issued_invoices import AFTER_NOV, NOV, acme, start  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

COMMANDS = ("fee_training_issue_invoices", "fee_training_reconcile_invoices", "fee_training_invoice")


def run(*args):
    """call_command capturing stdout."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("month", ["November", "2026-13", "2026-00", "0000-05", "9999-12", "0001-01", "26-11",
                                   "2026-11-01", "", "2026\x00-11"])
def test_a_month_that_is_not_a_usable_month_names_the_month_option(command, month):
    with pytest.raises(CommandError, match="--month"):
        run(command, "--month", month, "--time-zone", "Asia/Tokyo") if command != COMMANDS[1] else run(
            command, "--month", month)


@pytest.mark.parametrize("command", [COMMANDS[0], COMMANDS[2]])
@pytest.mark.parametrize("zone", ["Mars/Base", "../../etc/passwd", "", "UTC\x00"])
def test_an_unknown_time_zone_names_the_time_zone_option(command, zone):
    with pytest.raises(CommandError, match="--time-zone"):
        run(command, "--month", "2026-11", "--time-zone", zone)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("organization", ["", "   ", "x" * 256])
def test_a_blank_or_overlong_organization_names_the_organization_option(command, organization):
    with pytest.raises(CommandError, match="--organization"):
        run(command, "--month", "2026-11", "--organization", organization)


def test_an_output_file_that_cannot_be_written_names_the_output_option(acme, tmp_path):  # noqa: F811
    start("1", NOV)
    issuing.issue_month("2026-11", now=AFTER_NOV)
    for target in (tmp_path / "missing-folder" / "invoice.csv", tmp_path):
        with pytest.raises(CommandError, match="--output"):
            run("fee_training_invoice", "--month", "2026-11", "--output", str(target))


@pytest.mark.parametrize("query", ["?q=abc", "?q=%00", "?q=" + "9" * 40, "?month=zzz", "?organization=%ff",
                                   "?o=99", "?p=-1"])
def test_the_invoice_admin_list_answers_any_filter_or_search_without_a_server_error(acme, admin_client, query):  # noqa: F811
    start("1", NOV)
    issuing.issue_month("2026-11", now=AFTER_NOV)
    assert admin_client.get("/admin/fee_training_xblock/invoice/" + query).status_code < 500


def test_an_unknown_invoice_or_format_is_a_404(admin_client):
    assert admin_client.get("/admin/fee_training_xblock/invoice/999/document/pdf/").status_code == 404
    assert admin_client.get("/admin/fee_training_xblock/invoice/999/document/%00/").status_code == 404
