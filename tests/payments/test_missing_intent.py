"""Issue 14, item 7: a learner whose open checkout points at an intent Stripe no longer knows is never stuck.

After an abandoned 3-D Secure attempt whose PaymentIntent no longer exists on the Stripe
side (here: the Stripe test server was emptied, as when the demo's localstripe restarts),
or whose intent is someone else's, the next Pay opens a fresh checkout and charges once.
"""
import pytest

from fee_training_xblock.models import Payment
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def pay(factory, learner, server, number=VISA):
    """start_payment with a fresh token."""
    return call_json(factory.block_for(learner), "start_payment", {"card_token": card_token(server, number)})


def test_an_intent_stripe_no_longer_knows_leads_to_a_fresh_checkout(payments_on):
    factory = BlockFactory()
    status, first = pay(factory, "alice", payments_on, THREE_D_SECURE)
    assert first["status"] == "needs_authentication"
    payments_on.flush()  # the abandoned intent is gone from Stripe's side
    status, second = pay(factory, "alice", payments_on)
    assert status == 200 and second["status"] == "paid", second
    assert second["payment_intent_id"] != first["payment_intent_id"]
    assert Payment.objects.get(payment_intent_id=first["payment_intent_id"]).status == "failed"
    assert "SECRET-PAID-CONTENT" in student_html(factory.block_for("alice"))


def test_a_foreign_intent_on_the_open_checkout_leads_to_a_fresh_checkout(payments_on):
    factory = BlockFactory()
    _, mallory = pay(factory, "mallory", payments_on, THREE_D_SECURE)
    _, alice = pay(factory, "alice", payments_on, THREE_D_SECURE)
    # The ledger row of Alice's open checkout names an intent made for someone else.
    Payment.objects.filter(payment_intent_id=mallory["payment_intent_id"]).update(payment_intent_id="pi_old_row")
    Payment.objects.filter(payment_intent_id=alice["payment_intent_id"]).update(
        payment_intent_id=mallory["payment_intent_id"])
    status, body = pay(factory, "alice", payments_on)
    assert status == 200 and body["status"] == "paid", body
    assert body["payment_intent_id"] not in (mallory["payment_intent_id"], alice["payment_intent_id"])
