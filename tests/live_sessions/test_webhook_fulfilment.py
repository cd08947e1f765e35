"""A host whose browser closed after 3-D Secure still gets the session opened, by the signed webhook alone."""

import pytest

from fee_training_xblock.models import LiveSession, Payment, WebhookEvent
from tests.live_sessions.conftest import MARKER, SEED_EXAMPLE, live_olx, live_settings
from tests.support.polling import wait_for
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, WEBHOOK_SECRET, authenticate_3ds, card_token

pytestmark = [pytest.mark.stripe]



def test_the_succeeded_event_opens_the_session_when_the_host_never_came_back(settings, stripe_api, workbench_server):
    settings.FEE_TRAINING = live_settings(stripe_api)
    stripe_api.register_webhook("fee-training", f"{workbench_server.url}/fee_training/webhook/stripe/",
                                WEBHOOK_SECRET)
    factory = BlockFactory(live_olx())
    assert call_json(factory.block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)[0] == 200
    status, body = call_json(factory.block_for("host", staff=True), "start_payment",
                             {"card_token": card_token(stripe_api, THREE_D_SECURE)})
    assert status == 200 and body["status"] == "needs_authentication", body
    intent_id = body["payment_intent_id"]
    authenticate_3ds(stripe_api, intent_id, body["client_secret"])  # ...and the host's tab is closed here
    session = wait_for(lambda: LiveSession.objects.filter(status="paid", payment_reference=intent_id).first())
    assert session is not None, "payment_intent.succeeded was not delivered or did not open the session"
    assert Payment.objects.get(payment_intent_id=intent_id).status == "paid"
    assert WebhookEvent.objects.get(event_type="payment_intent.succeeded", object_id=intent_id).outcome == "fulfilled"
    assert MARKER in student_html(factory.block_for("alice"))
