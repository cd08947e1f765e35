"""The host sees the Estimated Session Cost and pays by card before the session opens (real runtime, localstripe)."""
import pytest
from django.core import mail

from fee_training_xblock.core import ledger
from fee_training_xblock.models import AccessGrant, LiveSession, Payment
from tests.live_sessions.conftest import MARKER, SEED_EXAMPLE
from tests.support.runtime import call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def host(course):
    """The block as the host (course staff) sees it."""
    return course.block_for("host", staff=True)


def estimate(course, **changes):
    """Confirm an estimate as the host; returns the reply body (asserting 200)."""
    status, body = call_json(host(course), "estimate_session", {**SEED_EXAMPLE, **changes})
    assert status == 200, body
    return body


def pay(server, course, number=VISA):
    """The host pays the current estimate; returns (status, body)."""
    return call_json(host(course), "start_payment", {"card_token": card_token(server, number)})


def test_learners_see_only_that_the_host_has_not_opened_the_session(live_on, course):
    html = student_html(course.block_for("alice"))
    assert "This session has not been opened by its host yet." in html
    assert MARKER not in html and "meet.example.com" not in html and 'data-role="pay-form"' not in html
    assert "This session has not been opened" in student_html(course.block_for(None, anonymous=True))
    estimate(course)
    html = student_html(course.block_for("alice"))
    assert "has not been opened by its host yet" in html and MARKER not in html


def test_the_estimate_page_shows_the_calculation_line_by_line_with_change_and_the_card_form(live_on, course):
    html = student_html(host(course))
    assert 'data-role="session-form"' in html and "Schedule" in html and "Start Session" in html
    body = estimate(course)
    assert body["total"]["display"] == "$180.00"
    html = student_html(host(course))
    assert "Estimated Session Cost" in html
    for text in ("60 minutes × 25 computers connected in the session", ">1,500<",
                 "60 minutes × 10 computers connected in the teleconference", ">600<",
                 "1,500 × $0.10 per people minute", ">$150.00<", "600 × $0.05 per teleconferencing minute",
                 ">$30.00<", 'data-role="estimate-total">$180.00<', 'data-action="change-session"',
                 "Pay $180.00", "Sales EMEA"):
        assert text in html, text
    # Change keeps what was typed: the form is on the page (hidden) with the estimate's values.
    assert 'value="Quarterly onboarding"' in html and 'value="25"' in html and 'value="Sales EMEA"' in html


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_paying_opens_the_session_for_learners_with_the_host_as_payer(live_on, course):
    estimate(course)
    status, body = pay(live_on, course)
    assert status == 200 and body["status"] == "paid", body
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    session = LiveSession.objects.get()
    assert (payment.payer_key, payment.product_type, payment.product_id) == ("host", "live_session", str(session.pk))
    assert (payment.amount_minor, payment.currency, payment.status) == (18000, "USD", "paid")
    assert "Sales EMEA" in payment.title and payment.payer_email == "host@example.com"
    receipt = mail.outbox[-1]  # the receipt goes to the host and names the cost centre
    assert receipt.to == ["host@example.com"] and "Sales EMEA" in receipt.subject and "$180.00" in receipt.body
    assert (session.status, session.payment_reference, session.paid_by_key) == ("paid", payment.payment_intent_id,
                                                                                  "host")
    assert session.starts_at == payment.paid_at  # Start Session: it starts when paid
    html = student_html(course.block_for("alice"))
    assert MARKER in html and "https://meet.example.com/onboarding" in html and "live now" in html
    grant = AccessGrant.objects.get(user_key="alice")
    assert (grant.via, grant.reference) == ("live_session", f"live_session:{session.pk}")
    assert ledger.has_access(session.usage_key, "alice")
    assert "is open: learners can see it" in student_html(host(course))


def test_three_d_secure_host_payment_opens_the_session_on_confirm(live_on, course):
    estimate(course)
    status, body = pay(live_on, course, THREE_D_SECURE)
    assert status == 200 and body["status"] == "needs_authentication"
    assert MARKER not in student_html(course.block_for("alice"))
    authenticate_3ds(live_on, body["payment_intent_id"], body["client_secret"])
    status, body = call_json(host(course), "confirm_payment", {"payment_intent_id": body["payment_intent_id"]})
    assert status == 200, body
    assert MARKER in student_html(course.block_for("alice"))


def test_a_rate_change_after_the_estimate_does_not_change_what_the_host_pays(settings, live_on, course):
    estimate(course)
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.20"}
    assert "Pay $180.00" in student_html(host(course))
    status, body = pay(live_on, course)
    assert status == 200, body
    assert Payment.objects.get().amount_minor == 18000


def test_change_then_a_new_estimate_uses_the_current_rates_and_replaces_the_old_one(settings, live_on, course):
    first = estimate(course)
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "LIVE_SESSION_PEOPLE_MINUTE_RATE": "0.0125"}
    second = estimate(course, session_computers="30")
    # 60 x 30 x 0.0125 = 22.50, plus 600 x 0.05 = 30.00
    assert second["total"]["display"] == "$52.50"
    assert LiveSession.objects.get(pk=first["session"]).status == "superseded"
    status, body = pay(live_on, course)
    assert status == 200, body
    assert Payment.objects.get().amount_minor == 5250


def test_an_expired_estimate_is_refused_with_what_to_do(live_on, course):
    estimate(course)
    LiveSession.objects.update(valid_until="2000-01-01T00:00:00Z")
    status, body = pay(live_on, course)
    assert status == 400 and "expired" in body["error"] and "press Change" in body["error"]
    assert not Payment.objects.exists()
    assert "This estimate expired" in student_html(host(course))


def test_a_second_payment_for_an_open_session_is_refused(live_on, course):
    estimate(course)
    assert pay(live_on, course)[0] == 200
    status, body = pay(live_on, course)
    assert status == 400 and body["error"]
    status, body = call_json(host(course), "estimate_session", SEED_EXAMPLE)
    assert status == 400 and "already paid" in body["error"]
    assert Payment.objects.filter(status="paid").count() == 1


def test_learners_cannot_estimate_or_pay_for_the_session(live_on, course):
    status, body = call_json(course.block_for("alice"), "estimate_session", SEED_EXAMPLE)
    assert status == 403
    status, body = call_json(course.block_for("alice"), "start_payment", {"card_token": card_token(live_on)})
    assert status == 400 and "not been opened by its host" in body["error"]
    assert not LiveSession.objects.exists() and not Payment.objects.exists()


def test_a_payment_authenticated_after_the_host_pressed_change_opens_the_estimate_it_paid(live_on, course):
    first = estimate(course)
    status, body = pay(live_on, course, THREE_D_SECURE)
    assert status == 200 and body["status"] == "needs_authentication"
    second = estimate(course, session_computers="30")  # Change, then Start Session, in another tab
    authenticate_3ds(live_on, body["payment_intent_id"], body["client_secret"])
    status, reply = call_json(host(course), "confirm_payment", {"payment_intent_id": body["payment_intent_id"]})
    assert status == 200, reply
    opened = LiveSession.objects.get(status="paid")
    assert opened.pk == first["session"] and opened.amount_minor == 18000  # what was paid, not the newer estimate
    assert LiveSession.objects.get(pk=second["session"]).status == "estimated"
    status, reply = pay(live_on, course)  # the newer estimate can no longer be paid: the session is open
    assert status == 400 and "already paid" in reply["error"]
    assert Payment.objects.filter(status="paid").count() == 1
    assert MARKER in student_html(course.block_for("alice"))
