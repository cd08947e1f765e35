"""Issued invoices on the real database: numbering, idempotency, immutability, adjustment lines, reconciliation."""
import io
import json
from datetime import UTC, datetime, timedelta

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import CourseAssignment, Invoice, InvoiceLine, InvoiceTotal
from fee_training_xblock.subscriptions import assignments, invoice_documents, issuing
from fee_training_xblock.subscriptions.invoice_models import InvoiceImmutable
from tests.subscriptions.test_assignments import make_profile, subscribe

pytestmark = pytest.mark.django_db

COURSE = "course-v1:Acme+Labs+2026"
REF = BlockRef(COURSE, "block-v1:Acme+Labs+2026+type@fee_training+block@a")
OCT, NOV, DEC = datetime(2026, 10, 5, tzinfo=UTC), datetime(2026, 11, 5, tzinfo=UTC), datetime(2026, 12, 5, tzinfo=UTC)
AFTER_NOV = datetime(2026, 12, 1, 1, tzinfo=UTC)
AFTER_DEC = datetime(2027, 1, 1, 1, tzinfo=UTC)


def start(user, when, profile_start=datetime(2026, 9, 1, tzinfo=UTC)):
    """A learner (subscribed to the Acme profile since September) starts the course at `when`."""
    result = assignments.start_course(REF, user, 30, now=when)
    assert result.created, "the test expects a billed start"
    return result.assignment


@pytest.fixture
def acme():
    """An Acme profile at $25 per assignment, and the subscribers of the tests."""
    profile = make_profile(org="Acme", price=2500)
    for user in ("1", "2", "3", "4"):
        subscribe(profile, user, start=datetime(2026, 9, 1, tzinfo=UTC))
    return profile


def run(*args, **kwargs):
    """call_command capturing stdout."""
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_issuing_a_month_makes_one_numbered_invoice_per_organization_and_is_idempotent(acme):
    jp = make_profile("Labs JP", org="AcmeJP", price=3000, currency="JPY")
    subscribe(jp, "9", start=datetime(2026, 9, 1, tzinfo=UTC))
    start("1", NOV)
    start("2", NOV + timedelta(days=3))
    start("9", NOV)
    start("3", DEC)  # next month: not on November's invoice
    first = issuing.issue_month("2026-11", now=AFTER_NOV)
    assert [(i.label, i.organization, created) for i, created in first] == [
        ("FT-000001", "Acme", True), ("FT-000002", "AcmeJP", True)]
    again = issuing.issue_month("2026-11", now=AFTER_NOV)
    assert [(i.pk, created) for i, created in again] == [(i.pk, False) for i, _ in first]
    assert Invoice.objects.count() == 2 and InvoiceLine.objects.count() == 2
    acme_invoice = first[0][0]
    assert [(t.currency, t.assignments, t.amount_minor) for t in acme_invoice.totals.all()] == [("USD", 2, 5000)]
    line = acme_invoice.lines.get()
    assert (line.kind, line.for_month, line.profile_name, line.unit_price_minor, line.assignments) == (
        "charge", "2026-11", "Labs yearly", 2500, 2)


def test_a_month_that_is_not_over_cannot_be_issued(acme):
    start("1", NOV)
    with pytest.raises(issuing.InvoiceError, match="not over yet"):
        issuing.issue_month("2026-11", now=datetime(2026, 11, 30, 23, tzinfo=UTC))
    with pytest.raises(CommandError, match="Month must look like 2026-11"):
        run("fee_training_issue_invoices", "--month", "November")


def test_issued_rows_cannot_be_changed_or_deleted(acme):
    start("1", NOV)
    invoice = issuing.issue_month("2026-11", now=AFTER_NOV)[0][0]
    invoice.organization = "Someone else"
    with pytest.raises(InvoiceImmutable):
        invoice.save()
    with pytest.raises(InvoiceImmutable):
        InvoiceLine.objects.filter(invoice=invoice).update(amount_minor=1)
    with pytest.raises(InvoiceImmutable):
        InvoiceTotal.objects.filter(invoice=invoice).delete()
    with pytest.raises(InvoiceImmutable):
        Invoice.objects.get(pk=invoice.pk).delete()
    assert Invoice.objects.get(pk=invoice.pk).organization == "Acme"


def test_an_assignment_written_after_its_month_was_issued_goes_on_the_next_invoice_as_an_adjustment(acme):
    start("1", NOV)
    november = issuing.issue_month("2026-11", now=AFTER_NOV)[0][0]
    late = start("2", datetime(2026, 11, 30, 23, 59, tzinfo=UTC))  # dated in November, written after issuing
    start("3", DEC)
    december = issuing.issue_month("2026-12", now=AFTER_DEC)[0][0]
    assert december.previous == november and december.number == november.number + 1
    assert [(line.kind, line.for_month, line.assignments, line.amount_minor) for line in december.lines.all()] == [
        ("charge", "2026-12", 1, 2500), ("adjustment", "2026-11", 1, 2500)]
    assert [(t.assignments, t.amount_minor) for t in november.totals.all()] == [(1, 2500)]  # unchanged
    every_row = CourseAssignment.objects.filter(organization="Acme").count()
    invoiced = sum(t.assignments for t in InvoiceTotal.objects.all())
    assert invoiced == every_row == 3 and late.pk > november.ledger_cutoff
    assert issuing.reconcile([november, december]) == 2


def test_an_earlier_month_cannot_be_issued_after_a_later_one(acme):
    start("1", DEC)
    issuing.issue_month("2026-12", now=AFTER_DEC)
    with pytest.raises(issuing.InvoiceError, match="invoiced up to 2026-12"):
        issuing.issue_month("2026-11", organization="Acme", now=AFTER_DEC)


def test_reconciliation_fails_loudly_when_an_issued_total_or_the_ledger_differs(acme):
    start("1", NOV)
    start("2", NOV)
    invoice = issuing.issue_month("2026-11", now=AFTER_NOV)[0][0]
    assert run("fee_training_reconcile_invoices") == "1 issued invoice agrees with the ledger.\n"
    table = CourseAssignment._meta.db_table
    with connection.cursor() as cursor:  # someone edits the ledger by hand, behind the application's back
        cursor.execute(f"UPDATE {table} SET price_minor = 1 WHERE user_key = %s", ["2"])
    with pytest.raises(issuing.ReconciliationError) as failure:
        issuing.reconcile([invoice])
    assert "FT-000001 (Acme 2026-11) USD: issued 2 assignments 5000 minor, lines 2 assignments 5000 minor, " \
           "ledger 2 assignments 2501 minor" in str(failure.value)
    with pytest.raises(CommandError, match="ledger 2 assignments 2501 minor"):
        run("fee_training_reconcile_invoices", "--month", "2026-11")


def test_an_issued_month_reads_back_from_its_lines_as_csv_json_and_pdf(acme, tmp_path, django_assert_max_num_queries):
    start("1", OCT)
    start("2", OCT)
    run("fee_training_issue_invoices", "--month", "2026-10", "--time-zone", "UTC")
    invoice = Invoice.objects.get()
    with django_assert_max_num_queries(3):  # the invoice, its lines, its totals: never the ledger
        document = invoice_documents.as_dict(Invoice.objects.get(pk=invoice.pk))
    assert document["totals"] == [{"currency": "USD", "assignments": 2, "amount_minor": 5000, "amount": "50.00"}]
    printed = json.loads(run("fee_training_invoice", "--month", "2026-10", "--format", "json"))
    assert printed["issued"] and printed["invoices"] == [document]
    csv_text = run("fee_training_invoice", "--month", "2026-10")
    assert csv_text.splitlines()[1] == "FT-000001,Acme,2026-10,charge,2026-10,Labs yearly,course-v1:Acme+Labs+2026," \
                                       "USD,25.00,2,50.00"
    live = run("fee_training_invoice", "--month", "2026-10", "--live")
    assert "TOTAL" in live and "FT-000001" not in live
    pdf_path = tmp_path / "invoice.pdf"
    run("fee_training_invoice", "--month", "2026-10", "--format", "pdf", "--output", str(pdf_path))
    text = pypdf.PdfReader(pdf_path).pages[0].extract_text()
    assert "Invoice FT-000001" in text and "Total USD: 50.00 (2 assignments)" in text
    assert invoice_documents.as_pdf(invoice) == pdf_path.read_bytes()  # reproducible to the byte


def test_the_pdf_is_worded_in_the_language_its_fonts_can_print(acme):
    """Polish labels (with ą, ę, ł through the Central European encoding); Ukrainian keeps English ones, not '?'."""
    start("1", OCT)
    start("2", OCT)
    invoice = issuing.issue_month("2026-10", now=AFTER_NOV)[0][0]

    def text(language):
        with translation.override(language):
            return pypdf.PdfReader(io.BytesIO(invoice_documents.as_pdf(invoice))).pages[0].extract_text()

    polish = text("pl")
    assert "Faktura FT-000001" in polish and "Miesiąc: 2026-10" in polish and "Razem USD: 50.00 (2 przydziały)" in polish
    assert "?" not in polish
    assert text("uk") == text("en") and "Total USD: 50.00 (2 assignments)" in text("en")


def test_a_pdf_of_a_month_not_issued_says_how_to_get_one(acme):
    start("1", NOV)
    with pytest.raises(CommandError, match="Issue the month with fee_training_issue_invoices"):
        run("fee_training_invoice", "--month", "2026-11", "--format", "pdf", "--output", "x.pdf")


def test_the_admin_lists_invoices_read_only_and_serves_their_documents(acme, admin_client):
    start("1", NOV)
    invoice = issuing.issue_month("2026-11", now=AFTER_NOV)[0][0]
    page = admin_client.get("/admin/fee_training_xblock/invoice/")
    assert page.status_code == 200 and b"FT-000001" in page.content and b"USD 2500 minor (1)" in page.content
    assert admin_client.get("/admin/fee_training_xblock/invoice/add/").status_code == 403
    detail = admin_client.get(f"/admin/fee_training_xblock/invoice/{invoice.pk}/change/")
    assert detail.status_code == 200 and b"Labs yearly" in detail.content
    pdf = admin_client.get(f"/admin/fee_training_xblock/invoice/{invoice.pk}/document/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == invoice_documents.as_pdf(invoice)
    assert admin_client.get(f"/admin/fee_training_xblock/invoice/{invoice.pk}/document/xml/").status_code == 404
    reconciled = admin_client.post("/admin/fee_training_xblock/invoice/", {
        "action": "reconcile_selected", "_selected_action": [invoice.pk]}, follow=True)
    assert b"1 invoice agrees with the ledger." in reconciled.content
