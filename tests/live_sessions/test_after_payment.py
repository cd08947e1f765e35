"""After the host paid: learner fees on top, joins and measured usage, the difference setting, refunds, free rates."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fee_training_xblock.core import ledger
from fee_training_xblock.live_sessions import reimbursement
from fee_training_xblock.models import AccessGrant, LiveSession, LiveSessionAttendance, Payment
from tests.live_sessions.conftest import MARKER, SEED_EXAMPLE, live_olx, live_settings
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def open_session(server, factory, host_key="host", **changes):
    """The host estimates the seed's example (with `changes`) and pays it with 4242; returns the session row."""
    host = factory.block_for(host_key, staff=True)
    assert call_json(host, "estimate_session", {**SEED_EXAMPLE, **changes})[0] == 200
    status, body = call_json(factory.block_for(host_key, staff=True), "start_payment",
                             {"card_token": card_token(server, VISA)})
    assert status == 200 and body["status"] == "paid", body
    return LiveSession.objects.get(status="paid")


def test_a_learner_fee_on_top_asks_learners_to_pay_once_the_host_has_paid(live_on):
    factory = BlockFactory(live_olx(fee="20.00"))
    html = student_html(factory.block_for("alice"))
    assert "not been opened by its host yet" in html and 'data-role="pay-form"' not in html
    status, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": card_token(live_on)})
    assert status == 400 and "not been opened by its host" in body["error"]
    open_session(live_on, factory)
    html = student_html(factory.block_for("alice"))
    assert "$20.00" in html and 'data-role="pay-form"' in html and MARKER not in html
    assert 'data-role="join-link"' not in html and "Quarterly onboarding" in html
    status, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": card_token(live_on)})
    assert status == 200 and body["status"] == "paid", body
    learner_payment = Payment.objects.get(payer_key="alice")
    assert (learner_payment.product_type, learner_payment.amount_minor) == ("block_access", 2000)
    html = student_html(factory.block_for("alice"))
    assert MARKER in html and 'data-role="join-link"' in html


def test_joins_are_recorded_and_measured_beside_the_estimate(live_on, course):
    session = open_session(live_on, course)
    assert call_json(course.block_for("zoe"), "join_session", {})[0] == 403  # has not seen the session: no access
    for name in ("ann", "ben", "cy"):
        student_html(course.block_for(name))  # admitted by viewing the open session
        status, body = call_json(course.block_for(name), "join_session", {})
        assert status == 200 and body["join_url"] == "https://meet.example.com/onboarding"
    call_json(course.block_for("ann"), "join_session", {})  # a second join changes nothing measured
    assert LiveSessionAttendance.objects.filter(session=session).count() == 3
    assert LiveSessionAttendance.objects.get(user_key="ann").joins == 2
    # The hour is over: everyone joined at the start.
    earlier = timezone.now() - timedelta(minutes=61)
    LiveSession.objects.filter(pk=session.pk).update(starts_at=earlier)
    LiveSessionAttendance.objects.update(first_joined_at=earlier)
    html = student_html(course.block_for("host", staff=True))
    assert 'data-role="measured-people-minutes">180<' in html and ">1,500<" in html
    assert "3 people joined through this block" in html
    assert "not charged on this site" in html and 'data-role="pay-form"' not in html
    assert "This session ended" in student_html(course.block_for("ann"))
    status, body = call_json(course.block_for("ann"), "join_session", {})
    assert status == 400 and "ended" in body["error"]


def test_with_the_difference_setting_on_the_host_pays_what_the_measured_minutes_cost_beyond_the_estimate(
        settings, live_on, course):
    settings.FEE_TRAINING = live_settings(live_on, LIVE_SESSION_CHARGE_DIFFERENCE=True)
    session = open_session(live_on, course, session_computers="2", teleconference_computers="0")  # $12.00
    for name in ("ann", "ben", "cy"):
        student_html(course.block_for(name))
        assert call_json(course.block_for(name), "join_session", {})[0] == 200
    host = course.block_for("host", staff=True)
    status, body = call_json(host, "start_payment", {"card_token": card_token(live_on)})
    assert status == 400 and "nothing more is due" in body["error"]  # not before the end
    earlier = timezone.now() - timedelta(minutes=61)
    LiveSession.objects.filter(pk=session.pk).update(starts_at=earlier)
    LiveSessionAttendance.objects.update(first_joined_at=earlier)
    html = student_html(course.block_for("host", staff=True))
    assert "$6.00 is due" in html and "Pay $6.00" in html  # 180 measured - 120 estimated minutes at $0.10
    status, body = call_json(course.block_for("host", staff=True), "start_payment",
                             {"card_token": card_token(live_on)})
    assert status == 200 and body["status"] == "paid", body
    extra = Payment.objects.get(product_type="live_session_difference")
    assert (extra.amount_minor, extra.payer_key, extra.product_id) == (600, "host", str(session.pk))
    assert "You paid the difference of $6.00" in student_html(course.block_for("host", staff=True))
    report = reimbursement.report(timezone.now().strftime("%Y-%m"))
    assert [(p["kind"], p["net_minor"]) for p in report.payments] == [("session", 1200), ("difference", 600)]
    assert report.reconciled and [(t["currency"], t["net_minor"]) for t in report.totals] == [("USD", 1800)]
    status, body = call_json(course.block_for("host", staff=True), "start_payment",
                             {"card_token": card_token(live_on)})
    assert status == 400 and Payment.objects.filter(product_type="live_session_difference").count() == 1


def test_platform_staff_refund_in_admin_closes_the_session_and_takes_back_learners_access(live_on, course, client):
    host = get_user_model().objects.create_user("hosting-teacher", "teacher@example.com", "pw")
    session = open_session(live_on, course, host_key=str(host.pk))
    assert MARKER in student_html(course.block_for("alice"))
    # Course staff cannot refund the host's payment from the block (a host would run the session for free).
    status, body = call_json(course.block_for(str(host.pk), staff=True), "staff_refund",
                             {"learner": "hosting-teacher"})
    assert status == 400 and "platform staff" in body["error"]
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    payment = Payment.objects.get(product_type="live_session")
    response = client.post("/admin/fee_training_xblock/payment/",
                           {"action": "refund_selected", "_selected_action": [payment.pk]}, follow=True)
    assert response.status_code == 200 and "Refunded 1 payment" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.paid_slot) == ("refunded", None)
    assert not ledger.has_access(session.usage_key, "alice")
    assert AccessGrant.objects.get(user_key="alice").revoked_at is not None
    html = student_html(course.block_for("alice"))
    assert "not been opened by its host yet" in html and MARKER not in html
    # The host can estimate and pay again; the learner's grant re-opens with the new session.
    session = open_session(live_on, course)
    assert MARKER in student_html(course.block_for("alice"))
    assert AccessGrant.objects.get(user_key="alice").reference == f"live_session:{session.pk}"


def test_zero_rates_open_the_session_without_a_payment(settings, live_on, course):
    settings.FEE_TRAINING = live_settings(live_on, LIVE_SESSION_PEOPLE_MINUTE_RATE="0",
                                          LIVE_SESSION_TELECONFERENCE_MINUTE_RATE="0")
    host = course.block_for("host", staff=True)
    assert call_json(host, "estimate_session", SEED_EXAMPLE)[0] == 200
    html = student_html(course.block_for("host", staff=True))
    assert "nothing to pay" in html and 'data-role="pay-form"' not in html
    assert call_json(course.block_for("alice"), "open_free_session", {})[0] == 403
    status, body = call_json(course.block_for("host", staff=True), "open_free_session", {})
    assert status == 200, body
    assert MARKER in student_html(course.block_for("alice")) and not Payment.objects.exists()


def test_a_paid_estimate_cannot_be_opened_for_free(live_on, course):
    assert call_json(course.block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)[0] == 200
    status, body = call_json(course.block_for("host", staff=True), "open_free_session", {})
    assert status == 400 and "pay the estimate" in body["error"]
    assert MARKER not in student_html(course.block_for("alice"))
