"""Two tabs, a double click and a webhook racing the browser: one charge, one grant, one receipt.

Threads with their own database connections on MariaDB (row locks), against localstripe.
"""
import os

import pytest
from django.core import mail

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.models import AccessGrant, Payment
from fee_training_xblock.payments import checkout, webhooks
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.support.concurrency import run_concurrently
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token

pytestmark = [
    pytest.mark.stripe, pytest.mark.mysql, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite",
                       reason="row locks need a database server"),
]


def charged_intents(usage_key, user_key):
    """PaymentIntents that Stripe actually charged for this learner and block."""
    gateway = get_gateway()
    return [p.payment_intent_id for p in Payment.objects.filter(usage_key=usage_key, payer_key=user_key)
            if gateway.retrieve_intent(p.payment_intent_id).succeeded]


def test_two_tabs_paying_at_once_are_charged_once(payments_on):
    factory = BlockFactory()
    tokens = [card_token(payments_on, VISA) for _ in range(4)]
    outcomes = run_concurrently(
        lambda i: call_json(factory.block_for("tabs"), "start_payment", {"card_token": tokens[i]}), 4)
    statuses = sorted(o.result[0] for o in outcomes if o.error is None)
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    assert statuses.count(200) >= 1
    usage_key = block_ref(factory.block_for("tabs")).usage_key
    assert len(charged_intents(usage_key, "tabs")) == 1
    assert Payment.objects.filter(payer_key="tabs", status="paid").count() == 1
    assert AccessGrant.objects.filter(user_key="tabs").count() == 1
    assert len(mail.outbox) == 1


def test_confirm_and_webhook_racing_fulfil_once(payments_on):
    factory = BlockFactory()
    _, body = call_json(factory.block_for("race"), "start_payment", {"card_token": card_token(payments_on, THREE_D_SECURE)})
    authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"])
    ref = block_ref(factory.block_for("race"))
    event = {"type": "payment_intent.succeeded", "data": {"object": {"id": body["payment_intent_id"]}}}

    def confirm_or_webhook(i):
        if i % 2:
            return webhooks.handle_webhook_event({**event, "id": f"evt_race_{i}"})
        return checkout.confirm_payment(ref.usage_key, "race", body["payment_intent_id"]).status

    outcomes = run_concurrently(confirm_or_webhook, 6)
    assert [o.error for o in outcomes] == [None] * 6
    assert [o.result for o in outcomes].count("fulfilled") <= 1
    assert Payment.objects.get(payment_intent_id=body["payment_intent_id"]).status == "paid"
    assert AccessGrant.objects.filter(user_key="race").count() == 1
    assert len(mail.outbox) == 1
