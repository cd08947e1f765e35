"""Real webhook delivery: localstripe signs and POSTs events to the plugin's endpoint on a live server."""

import pytest

from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import Payment, WebhookEvent
from tests.support.polling import wait_for
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import (
    DECLINED,
    THREE_D_SECURE,
    WEBHOOK_SECRET,
    authenticate_3ds,
    card_token,
    stripe_settings,
)

pytestmark = [pytest.mark.stripe]



@pytest.fixture
def delivering(settings, stripe_api, workbench_server):
    """localstripe sends every event to our endpoint on the live server, signed with our secret."""
    settings.FEE_TRAINING = stripe_settings(stripe_api)
    stripe_api.register_webhook("fee-training", f"{workbench_server.url}/fee_training/webhook/stripe/", WEBHOOK_SECRET)
    return stripe_api


def test_succeeded_event_from_localstripe_grants_access_after_browser_closed(delivering):
    factory = BlockFactory()
    _, body = call_json(factory.block_for("dora"), "start_payment", {"card_token": card_token(delivering, THREE_D_SECURE)})
    intent_id = body["payment_intent_id"]
    authenticate_3ds(delivering, intent_id, body["client_secret"])  # ...and the tab is closed here
    payment = wait_for(lambda: Payment.objects.filter(payment_intent_id=intent_id, status="paid").first())
    assert payment is not None, "payment_intent.succeeded was not delivered or not applied"
    assert services.has_access(payment.usage_key, "dora")
    event = WebhookEvent.objects.get(event_type="payment_intent.succeeded", object_id=intent_id)
    assert event.outcome == "fulfilled"


def test_failed_event_from_localstripe_is_recorded(delivering):
    factory = BlockFactory()
    status, _ = call_json(factory.block_for("erin"), "start_payment", {"card_token": card_token(delivering, DECLINED)})
    assert status == 400
    intent_id = Payment.objects.get(payer_key="erin").payment_intent_id
    event = wait_for(lambda: WebhookEvent.objects.filter(event_type="payment_intent.payment_failed", object_id=intent_id).first())
    assert event is not None
    assert not services.has_access(Payment.objects.get(payer_key="erin").usage_key, "erin")
