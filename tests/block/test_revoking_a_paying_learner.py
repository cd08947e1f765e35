"""Issue 14, item 5 (and the emails of item 16): revoking a learner who paid is never a silent second charge.

Staff are told what revoking a paying learner means (no refund, no second payment) and
confirm it; the learner is emailed and, on the block, told why the content is closed,
with no card form; paying again is refused before anything is charged.
"""
import pytest

from fee_training_xblock.models import AccessGrant, Payment
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


@pytest.fixture
def paid_learner(payments_on, django_user_model):
    """(factory, learner key, payment) for a learner 'alice' who paid $49.99."""
    alice = str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)
    factory = BlockFactory()
    status, body = call_json(factory.block_for(alice), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and body["status"] == "paid"
    return factory, alice, Payment.objects.get(payment_intent_id=body["payment_intent_id"])


def test_staff_must_confirm_revoking_a_learner_who_paid(paid_learner, mailoutbox):
    factory, alice, payment = paid_learner
    staff = factory.block_for("staff-1", staff=True)
    status, reply = call_json(staff, "staff_revoke", {"learner": "alice"})
    assert status == 200 and reply["needs_confirmation"]
    assert "$49.99" in reply["message"] and payment.payment_intent_id in reply["message"]
    assert "does not refund" in reply["message"] and "Refund payment" in reply["message"]
    assert AccessGrant.objects.get(user_key=alice).revoked_at is None  # nothing happened yet
    status, reply = call_json(staff, "staff_revoke", {"learner": "alice", "confirmed": True})
    assert status == 200 and "not refunded" in reply["message"]
    assert AccessGrant.objects.get(user_key=alice).revoked_at is not None
    assert mailoutbox[-1].to == ["alice@example.com"] and "withdrawn" in mailoutbox[-1].body


def test_the_learner_is_told_why_and_cannot_pay_twice(paid_learner, payments_on):
    factory, alice, payment = paid_learner
    call_json(factory.block_for("staff-1", staff=True), "staff_revoke", {"learner": "alice", "confirmed": True})
    html = student_html(factory.block_for(alice))
    assert "SECRET-PAID-CONTENT" not in html
    assert 'data-role="access-notice"' in html and "withdrew your access" in html
    assert payment.payment_intent_id in html and 'data-role="pay-form"' not in html
    status, body = call_json(factory.block_for(alice), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 400 and "You already paid for this content" in body["error"]
    assert Payment.objects.filter(payer_key=alice).count() == 1  # nothing charged, no new intent


def test_a_refunded_learner_is_told_so_and_may_pay_again(paid_learner, payments_on, django_user_model):
    factory, alice, _ = paid_learner
    admin = django_user_model.objects.create_user("admin", "admin@example.com", "pw", is_staff=True)
    staff = factory.block_for(str(admin.pk), staff=True)  # platform staff: may refund (main's refund rights)
    assert call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})[0] == 200
    html = student_html(factory.block_for(alice))
    assert "was refunded on" in html and 'data-role="pay-form"' in html
    status, body = call_json(factory.block_for(alice), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and body["status"] == "paid"


def test_revoking_a_staff_grant_needs_no_confirmation_and_emails_the_learner(payments_on, django_user_model,
                                                                             mailoutbox):
    bob = str(django_user_model.objects.create_user("bob", "bob@example.com", "pw").pk)
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    assert call_json(staff, "staff_grant", {"learner": "bob"})[0] == 200
    status, reply = call_json(staff, "staff_revoke", {"learner": "bob"})
    assert status == 200 and "needs_confirmation" not in reply
    assert mailoutbox[-1].to == ["bob@example.com"]
    html = student_html(factory.block_for(bob))
    assert "withdrew your access" in html and 'data-role="pay-form"' in html
