"""Reimbursement: host payments per organization, division and month (command and admin page), reconciled."""
import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from xblock.runtime import MemoryIdManager

from fee_training_xblock.models import LiveSession, LiveSessionRate, Payment
from fee_training_xblock.payments.fulfilment import refund_payment
from tests.live_sessions.conftest import SEED_EXAMPLE, live_olx
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]
MONTH = timezone.now().strftime("%Y-%m")
IDS = MemoryIdManager()  # one id space: each paid_session is a block (and course) of its own


def paid_session(server, **changes):
    """A new block whose host estimated (seed example + `changes`) and paid; returns the session row."""
    factory = BlockFactory(live_olx(), ids=IDS)
    assert call_json(factory.block_for("host", staff=True), "estimate_session", {**SEED_EXAMPLE, **changes})[0] == 200
    status, body = call_json(factory.block_for("host", staff=True), "start_payment",
                             {"card_token": card_token(server)})
    assert status == 200 and body["status"] == "paid", body
    return LiveSession.objects.get(payment_reference=body["payment_intent_id"])


@pytest.fixture
def month_of_sessions(live_on):
    """Sales EMEA paid $180.00 twice, Research paid $75.00 and was refunded; AcmeX's Training paid ¥2,400."""
    sales = [paid_session(live_on), paid_session(live_on)]
    research = paid_session(live_on, division="Research", session_computers="10", teleconference_computers="5")
    refund_payment(Payment.objects.get(payment_intent_id=research.payment_reference), by="test")
    LiveSessionRate.objects.create(organization="workbench", currency="JPY", people_minute_rate=Decimal("1.5"),
                                   teleconference_minute_rate=Decimal("0.25"))
    acme = paid_session(live_on, division="Training")
    # The test runtime puts every course in organization "workbench"; this one stands for an AcmeX course.
    LiveSession.objects.filter(pk=acme.pk).update(organization="AcmeX")
    return {"sales": sales, "research": research, "acme": acme}


def run(*args):
    """(stdout, stderr) of the report command."""
    out, err = io.StringIO(), io.StringIO()
    call_command("fee_training_live_session_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_lists_each_division_with_totals_per_currency_and_says_it_reconciled(month_of_sessions):
    out, err = run("--month", MONTH)
    rows = list(csv.DictReader(io.StringIO(out)))
    table = [(r["organization"], r["division"], r["currency"], r["payments"], r["charged"], r["refunded"], r["net"])
             for r in rows]
    assert table == [
        ("AcmeX", "Training", "JPY", "1", "2400", "0", "2400"),
        ("workbench", "Research", "USD", "1", "75.00", "75.00", "0.00"),
        ("workbench", "Sales EMEA", "USD", "2", "360.00", "0.00", "360.00"),
        ("TOTAL", "", "JPY", "1", "2400", "0", "2400"),
        ("TOTAL", "", "USD", "3", "435.00", "75.00", "360.00"),
    ]
    assert {r["month"] for r in rows} == {MONTH}
    assert "Reconciled with the payment ledger: 4 payments." in err


def test_json_has_the_lines_each_payment_and_the_reconciliation(month_of_sessions):
    out, _ = run("--month", MONTH, "--format", "json", "--detail", "--organization", "workbench")
    document = json.loads(out)
    assert document["organization"] == "workbench" and document["time_zone"] == "UTC"
    assert [(t["currency"], t["net_minor"], t["net"]) for t in document["totals"]] == [("USD", 36000, "360.00")]
    assert document["reconciliation"] == {"ledger_payments": 3, "reconciled": True, "problems": []}
    references = {p["reference"] for p in document["payments"]}
    assert references == {s.payment_reference for s in month_of_sessions["sales"]} | {
        month_of_sessions["research"].payment_reference}
    assert {p["host"] for p in document["payments"]} == {"host"}


def test_a_session_that_disagrees_with_the_payment_ledger_is_reported_and_fails_the_command(month_of_sessions):
    tampered = month_of_sessions["sales"][0]
    LiveSession.objects.filter(pk=tampered.pk).update(amount_minor=17000)
    with pytest.raises(CommandError, match="1 discrepancy with the payment ledger"):
        run("--month", MONTH)
    LiveSession.objects.filter(pk=tampered.pk).update(amount_minor=18000)
    Payment.objects.filter(payment_intent_id=tampered.payment_reference).delete()
    with pytest.raises(CommandError, match="1 discrepancy with the payment ledger"):
        run("--month", MONTH)


def test_another_month_is_empty_and_a_bad_month_says_what_to_type(month_of_sessions):
    out, _ = run("--month", "2001-01")
    assert out.splitlines() == ["month,organization,division,currency,payments,charged,refunded,net"]
    with pytest.raises(CommandError, match="Month must look like 2026-11"):
        run("--month", "November")


def test_the_admin_report_page_shows_the_same_figures_and_downloads_csv_and_json(month_of_sessions, client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    url = "/admin/fee_training_xblock/livesession/report/"
    page = client.get(url, {"month": MONTH})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Reconciled with the payment ledger: 4 payments, no discrepancies" in html
    assert "Sales EMEA" in html and "360.00" in html and "Total JPY" in html
    download = client.get(url, {"month": MONTH, "format": "csv"})
    assert download["Content-Type"] == "text/csv" and b"TOTAL" in download.content
    assert json.loads(client.get(url, {"month": MONTH, "format": "json"}).content)["totals"][0]["currency"] == "JPY"
    bad = client.get(url, {"month": "13/2026"})
    assert bad.status_code == 400 and "Month must look like 2026-11" in bad.content.decode()
    assert client.get("/admin/fee_training_xblock/livesession/").status_code == 200
    assert client.get("/admin/fee_training_xblock/livesessionrate/add/").status_code == 200


def test_learners_cannot_open_the_report(month_of_sessions, client):
    client.force_login(get_user_model().objects.create_user("learner", "l@example.com", "pw"))
    response = client.get("/admin/fee_training_xblock/livesession/report/", {"month": MONTH})
    assert response.status_code == 302  # to the admin login


def test_rates_are_set_in_the_admin_with_a_checked_currency_and_exact_decimals(db, client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    url = "/admin/fee_training_xblock/livesessionrate/add/"
    form = {"organization": "AcmeX", "currency": "eur", "people_minute_rate": "0.0125",
            "teleconference_minute_rate": "0.05"}
    bad = client.post(url, {**form, "currency": "XYZ"})
    assert bad.status_code == 200 and "Currency XYZ is not supported" in bad.content.decode()
    too_fine = client.post(url, {**form, "people_minute_rate": "0.0000001"})
    assert too_fine.status_code == 200 and "decimal places" in too_fine.content.decode()
    negative = client.post(url, {**form, "people_minute_rate": "-1"})
    assert negative.status_code == 200 and not LiveSessionRate.objects.exists()
    assert client.post(url, form).status_code == 302
    rate = LiveSessionRate.objects.get()
    assert (rate.currency, rate.people_minute_rate) == ("EUR", Decimal("0.0125"))
