"""Issue 14's rules applied to pay-per-use sessions (which came to main after issue 14 started).

- An intent the ledger never recorded opens a session only at the estimate the host
  confirmed (the product's current price), never on its metadata's word (item 4).
- A refund of the host's payment tells platform staff and the host what it took back (item 6).
- Staff revoking a learner admitted by the session is what happens: the next view does not
  admit them again, they are told why, and the staff list and email say how they had access.
"""
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fee_training_xblock.core import ledger
from fee_training_xblock.models import AccessGrant, LiveSession, Payment
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.live_sessions.conftest import MARKER, SEED_EXAMPLE
from tests.live_sessions.test_after_payment import open_session
from tests.support.runtime import call_json, student_html
from tests.support.stripe_cards import card_token, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def lost_host_intent(server, session, amount):
    """A paid intent for `session` that our code made but never recorded (the server died in between)."""
    gateway = get_gateway()
    intent = gateway.create_intent(amount, "USD", {
        "course_key": session.course_key, "usage_key": session.usage_key, "payer_key": "host",
        "product_type": "live_session", "product_id": str(session.pk), "fee_minor": str(amount)},
        f"k-lost-live-{session.pk}-{amount}")
    gateway.pay_with_card_token(intent.id, card_token(server))
    return intent


def deliver_succeeded(client, intent, event_id):
    """payment_intent.succeeded for `intent`, signed as Stripe signs it; the outcome the webhook recorded."""
    body, header = signed_event({"id": event_id, "type": "payment_intent.succeeded", "created": int(time.time()),
                                 "data": {"object": {"id": intent.id, "object": "payment_intent"}}})
    response = client.post(reverse("fee_training:stripe_webhook"), data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 200
    return response.json()["outcome"]


def test_an_unrecorded_host_intent_opens_the_session_only_at_the_confirmed_estimate(client, live_on, course):
    assert call_json(course.block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)[0] == 200
    session = LiveSession.objects.get()
    cheap = lost_host_intent(live_on, session, 50)
    outcome = deliver_succeeded(client, cheap, "evt_cheap_live")
    assert outcome.startswith("not fulfilled, left to staff") and str(session.amount_minor) in outcome
    assert LiveSession.objects.get().status == "estimated"
    right = lost_host_intent(live_on, session, session.amount_minor)
    assert deliver_succeeded(client, right, "evt_right_live") == "fulfilled"
    assert LiveSession.objects.get().status == "paid"
    assert MARKER in student_html(course.block_for("alice"))


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_an_admin_refund_of_the_host_payment_says_the_session_closed(live_on, course, client):
    host = get_user_model().objects.create_user("hosting", "host@example.com", "pw")
    open_session(live_on, course, host_key=str(host.pk))
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    payment = Payment.objects.get(product_type="live_session")
    response = client.post("/admin/fee_training_xblock/payment/",
                           {"action": "refund_selected", "_selected_action": [payment.pk]}, follow=True)
    page = response.content.decode()
    assert "Refunded 1 payment" in page
    assert "Quarterly onboarding" in page and "is closed" in page  # what the refund did, not "access revoked"
    from django.core import mail  # pylint: disable=import-outside-toplevel
    notice = mail.outbox[-1]
    assert notice.subject.startswith("Refund:") and "Quarterly onboarding" in notice.body and "closed" in notice.body


def test_a_revoked_learner_is_not_admitted_again_by_the_next_view(live_on, course, django_user_model, mailoutbox):
    open_session(live_on, course)
    learner = str(django_user_model.objects.create_user("lena", "lena@example.com", "pw").pk)
    assert MARKER in student_html(course.block_for(learner))  # admitted by viewing the open session
    staff = course.block_for("staff-1", staff=True)
    rows = call_json(staff, "staff_access_list", {})[1]["rows"]
    assert [row["how"] for row in rows] == ["Live session opened by its host's payment"]
    status, reply = call_json(staff, "staff_revoke", {"learner": "lena"})
    assert status == 200 and "needs_confirmation" not in reply  # the learner paid nothing
    assert "Live session opened by its host's payment" in reply["message"]
    assert mailoutbox[-1].to == ["lena@example.com"] and "Live session" in mailoutbox[-1].body
    html = student_html(course.block_for(learner))
    assert MARKER not in html and "withdrew your access" in html and 'data-role="join-link"' not in html
    assert not ledger.has_access(course.block_for(learner).ref().usage_key, learner)
    assert call_json(course.block_for(learner), "join_session", {})[0] == 403
    assert AccessGrant.objects.get(user_key=learner).revoked_at is not None  # still revoked after the views
    assert call_json(staff, "staff_grant", {"learner": "lena"})[0] == 200  # staff can let them back in
    assert MARKER in student_html(course.block_for(learner))


def test_after_a_refund_a_new_session_admits_learners_the_old_one_lost(live_on, course):
    """Only staff's revocation of this very session sticks; a refund's revocation does not block the next session."""
    session = open_session(live_on, course)
    assert MARKER in student_html(course.block_for("alice"))
    from fee_training_xblock.payments.fulfilment import refund_payment  # pylint: disable=import-outside-toplevel
    refund_payment(Payment.objects.get(payment_intent_id=session.payment_reference), by="test")
    assert MARKER not in student_html(course.block_for("alice"))
    open_session(live_on, course)
    assert MARKER in student_html(course.block_for("alice"))
