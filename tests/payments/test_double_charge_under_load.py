"""Issue 14, item 0: many tabs of one learner pressing Pay on a busy machine are charged once.

The window: a tab that checked "not paid yet" before another tab's payment was
fulfilled, and only then looked for the open checkout, found none (fulfilment freed
the slot) and charged a second PaymentIntent (refunded afterwards as a duplicate,
but charged). A busy machine is simulated by stalling each request for a random
moment between that check and the checkout; threads race on MariaDB and localstripe.
"""
import os
import random
import threading
import time

import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.models import AccessGrant, Payment
from fee_training_xblock.payments import checkout
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.support.concurrency import run_concurrently
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import VISA, card_token

pytestmark = [
    pytest.mark.stripe, pytest.mark.mysql, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite",
                       reason="row locks need a database server"),
]

ROUNDS = 5
TABS = 10


@pytest.fixture
def busy_machine(monkeypatch):
    """Each request stalls 0-400 ms after its ownership check, as on a loaded two-core machine."""
    real_quote, lock, rng = checkout.discounts.quote, threading.Lock(), random.Random(14)

    def slow_quote(*args, **kwargs):
        with lock:
            pause = rng.uniform(0, 0.4)
        time.sleep(pause)
        return real_quote(*args, **kwargs)
    monkeypatch.setattr(checkout.discounts, "quote", slow_quote)


def test_many_tabs_on_a_busy_machine_charge_the_card_once(payments_on, busy_machine):
    gateway = get_gateway()
    for round_ in range(ROUNDS):
        factory, learner = BlockFactory(), f"tabs{round_}"
        usage_key = block_ref(factory.block_for(learner)).usage_key
        tokens = [card_token(payments_on, VISA) for _ in range(TABS)]
        outcomes = run_concurrently(
            lambda i, factory=factory, learner=learner, tokens=tokens: call_json(
                factory.block_for(learner), "start_payment", {"card_token": tokens[i]}), TABS, timeout=120)
        assert [o.error for o in outcomes] == [None] * TABS
        assert all(o.result[0] in (200, 400) for o in outcomes), [o.result for o in outcomes]
        charged = [p.payment_intent_id for p in Payment.objects.filter(usage_key=usage_key, payer_key=learner)
                   if gateway.retrieve_intent(p.payment_intent_id).succeeded]
        assert len(charged) == 1, f"round {round_}: {len(charged)} succeeded PaymentIntents"
        assert Payment.objects.filter(payer_key=learner, status="refunded").count() == 0
        assert AccessGrant.objects.filter(user_key=learner, revoked_at__isnull=True).count() == 1
