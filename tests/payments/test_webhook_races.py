"""Concurrent deliveries on MariaDB: the same event, or several events about one payment, fulfil it once.

Threads with their own database connections (row locks, the unique event id); Stripe's
answer comes from memory, so the race is between the plugin's own statements.
"""
import os

import pytest
from django.core import mail

from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent
from fee_training_xblock.payments.webhooks import handle_webhook_event
from tests.payments.test_webhook_cost import StripeFromMemory, pending_payment, succeeded
from tests.support.concurrency import run_concurrently
from tests.support.runtime import BlockFactory

pytestmark = [
    pytest.mark.mysql, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite",
                       reason="row locks need a database server"),
]


@pytest.mark.parametrize("same_event", [True, False])
def test_eight_deliveries_at_once_fulfil_once_with_one_receipt_and_every_event_audited_once(same_event):
    payment = pending_payment(BlockFactory())
    gateway = StripeFromMemory(payment)
    outcomes = run_concurrently(lambda i: handle_webhook_event(
        succeeded(payment, "evt_same" if same_event else f"evt_{i}"), gateway=gateway), 8)
    assert [o.error for o in outcomes] == [None] * 8
    results = [o.result for o in outcomes]
    assert results.count("fulfilled") == 1, results
    assert set(results) <= {"fulfilled", "duplicate", "already paid"}
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    assert AccessGrant.objects.filter(user_key="alice").count() == 1
    assert len(mail.outbox) == 1 and gateway.refunds == []
    events = WebhookEvent.objects.all()
    assert events.count() == (1 if same_event else 8) and {e.status for e in events} == {"processed"}
