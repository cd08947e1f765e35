"""Two tabs, a double click and the webhook racing the browser capture a PayPal order once (real threads, MariaDB).

PayPal is the local stand-in (no PayPal sandbox can be reached from here); it serialises
duplicate requests and replays answers under the same PayPal-Request-Id, as PayPal does.
"""
import os

import pytest

from fee_training_xblock.models import AccessGrant, Payment
from fee_training_xblock.payments import paypal_checkout, paypal_webhooks
from tests.support.concurrency import run_concurrently
from tests.support.runtime import BlockFactory, call_json

pytestmark = [
    pytest.mark.stripe, pytest.mark.mysql, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite",
                       reason="row locks need MariaDB/MySQL (SQLite serialises whole transactions)"),
]


def test_four_captures_at_once_and_the_approved_webhook_take_the_money_once(paypal_on, api):
    factory = BlockFactory()
    status, started = call_json(factory.block_for("alice"), "paypal_start", {"page_url": "https://lms.example.com/u"})
    assert status == 200, started
    order_id = started["order_id"]
    paypal_on.approve(order_id)
    usage_key = Payment.objects.get().usage_key
    approved = {"id": "WH-RACE-1", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": order_id}}

    def settle(index):
        """Threads 0-3: the browser's onApprove in four tabs; thread 4: the APPROVED webhook."""
        if index == 4:
            return paypal_webhooks.handle_paypal_event(approved)
        return paypal_checkout.capture_order(usage_key, "alice", order_id).status

    outcomes = run_concurrently(settle, 5)
    assert [o.error for o in outcomes] == [None] * 5
    assert [o.result for o in outcomes[:4]] == ["paid"] * 4
    assert outcomes[4].result in ("fulfilled", "already paid")
    order = api.call("GET", f"/v2/checkout/orders/{order_id}")[1]
    assert len(order["purchase_units"][0]["payments"]["captures"]) == 1
    assert "refunds" not in order["purchase_units"][0]["payments"]
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_minor) == ("paid", 0)
    assert AccessGrant.objects.filter(user_key="alice").count() == 1
    assert paypal_on.violations() == []


def test_two_tabs_opening_orders_at_once_share_one(paypal_on):
    factory = BlockFactory()
    outcomes = run_concurrently(lambda i: call_json(factory.block_for("alice"), "paypal_start",
                                                    {"page_url": "https://lms.example.com/u"}), 4)
    replies = [o.result for o in outcomes]
    assert all(status == 200 for status, _ in replies), replies
    assert len({body["order_id"] for _, body in replies}) == 1
    assert Payment.objects.filter(status="pending").count() == 1
    assert paypal_on.violations() == []
