"""Issue 14, item 2: starting payments is throttled, so the card form is no card-testing oracle.

Failed card payments (declines, made-up card tokens, failed 3-D Secure) count per learner
and per client address in the Django cache; past the limit nothing reaches Stripe until the
lockout ends. A made-up token never creates a PaymentIntent, and after a decline the next
try reuses the intent (on Stripe; localstripe cannot re-confirm a declined intent, so that
part runs on an in-process gateway with Stripe's semantics).
"""
import json

import pytest
import webob

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.products import Offer, Payer
from fee_training_xblock.models import Payment
from fee_training_xblock.payments import checkout
from fee_training_xblock.payments.domain import IntentInfo, RefundInfo
from tests.support.runtime import BlockFactory
from tests.support.stripe_cards import DECLINED, VISA, card_token, stripe_settings

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def start(block, payload, address="198.51.100.7"):
    """POST start_payment from `address`, as the LMS hands the request to the block; (status, body)."""
    request = webob.Request.blank("/", method="POST", body=json.dumps(payload).encode(),
                                  headers={"Content-Type": "application/json"}, remote_addr=address)
    response = block.handle("start_payment", request)
    return response.status_code, json.loads(response.body)


@pytest.fixture
def limits(settings, stripe_api):
    """Payments on localstripe with the default limits: 5 failures per learner, 15 per address."""
    settings.FEE_TRAINING = stripe_settings(stripe_api)
    return stripe_api


def test_declined_cards_lock_the_learner_out_before_stripe_is_asked_again(limits):
    factory = BlockFactory()
    for _ in range(5):
        status, body = start(factory.block_for("tester"), {"card_token": card_token(limits, DECLINED)})
        assert status == 400 and "declined" in body["error"]
    intents = Payment.objects.filter(payer_key="tester").count()
    status, body = start(factory.block_for("tester"), {"card_token": card_token(limits, VISA)})
    assert status == 400 and "Too many card payments failed" in body["error"] and "try again after" in body["error"]
    assert Payment.objects.filter(payer_key="tester").count() == intents  # nothing more reached Stripe
    assert intents <= 5


def test_made_up_card_tokens_create_no_payment_intent_and_count_as_failures(limits):
    factory = BlockFactory()
    replies = [start(factory.block_for("bogus"), {"card_token": f"tok_madeup{i}"}) for i in range(30)]
    assert all(status == 400 for status, _ in replies)
    assert not Payment.objects.exists()  # no junk intents in Stripe or the ledger
    assert sum("Too many card payments failed" in body["error"] for _, body in replies) == 25


def test_one_address_trying_many_accounts_is_locked_out(limits):
    factory = BlockFactory()
    for i in range(15):
        start(factory.block_for(f"mule{i}"), {"card_token": f"tok_madeup{i}"}, address="203.0.113.5")
    status, body = start(factory.block_for("mule-new"), {"card_token": card_token(limits, VISA)},
                         address="203.0.113.5")
    assert status == 400 and "Too many card payments failed" in body["error"]
    status, body = start(factory.block_for("someone-else"), {"card_token": card_token(limits, VISA)},
                         address="192.0.2.44")
    assert status == 200 and body["status"] == "paid"


class StripeLikeGateway:
    """A gateway with Stripe's semantics for declines: a declined intent takes another card."""

    retries_declined_intents = True

    def __init__(self):
        self.intents, self.created = {}, 0

    def check_card_token(self, token):
        """Tokens tok_visa and tok_declined exist."""
        if token not in ("tok_visa", "tok_declined"):
            raise PaymentError("The card details could not be read.")

    def create_intent(self, amount, currency, metadata, idempotency_key):
        """A new intent waiting for a card."""
        self.created += 1
        intent = IntentInfo(id=f"pi_fake{self.created}", status="requires_payment_method", amount=amount,
                            currency=currency.upper(), metadata=metadata)
        self.intents[intent.id] = intent
        return intent

    def retrieve_intent(self, intent_id):
        """The intent as it stands."""
        return self.intents[intent_id]

    def pay_with_card_token(self, intent_id, token):
        """tok_declined is declined (the intent stays usable); tok_visa pays."""
        intent = self.intents[intent_id]
        if token == "tok_declined":
            raise PaymentError("Your card was declined.")
        self.intents[intent_id] = paid = IntentInfo(**{**intent.__dict__, "status": "succeeded"})
        return paid

    def cancel_intent(self, intent_id):
        """Not needed here."""
        raise AssertionError("no 3-D Secure in this test")

    def refund(self, intent_id, amount=None, idempotency_key=None):
        """Not needed here."""
        return RefundInfo(id="re_fake", amount=self.intents[intent_id].amount, status="succeeded")


def test_after_a_decline_the_next_try_reuses_the_payment_intent(limits):
    factory = BlockFactory()
    ref = block_ref(factory.block_for("reuser"))
    offer = Offer("block_access", ref.usage_key, "Paid lesson", Money(4999, "USD"), ref.course_key, ref.usage_key)
    gateway = StripeLikeGateway()
    for _ in range(3):
        with pytest.raises(PaymentError):
            checkout.start_payment(offer, Payer("reuser"), "tok_declined", gateway=gateway)
    step = checkout.start_payment(offer, Payer("reuser"), "tok_visa", gateway=gateway)
    assert step.status == "paid"
    assert gateway.created == 1 and Payment.objects.filter(payer_key="reuser").count() == 1
