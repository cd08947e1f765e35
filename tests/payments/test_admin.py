"""Django admin pages for payments and webhook events, and the admin refund action (localstripe)."""
import pytest

from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import Payment, WebhookEvent
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import card_token, stripe_settings

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


@pytest.fixture
def paid(settings, stripe_api):
    """A learner's paid payment for a block."""
    settings.FEE_TRAINING = stripe_settings(stripe_api)
    _, body = call_json(BlockFactory().block_for("alice"), "start_payment", {"card_token": card_token(stripe_api)})
    return Payment.objects.get(payment_intent_id=body["payment_intent_id"])


def test_admin_lists_payments_and_events(admin_client, paid):
    WebhookEvent.objects.create(event_id="evt_admin", event_type="payment_intent.succeeded", object_id=paid.payment_intent_id)
    assert paid.payment_intent_id in admin_client.get("/admin/fee_training_xblock/payment/").content.decode()
    assert "evt_admin" in admin_client.get("/admin/fee_training_xblock/webhookevent/").content.decode()


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_admin_refund_action(admin_client, paid, mailoutbox):
    response = admin_client.post("/admin/fee_training_xblock/payment/", {
        "action": "refund_selected", "_selected_action": [paid.pk],
    }, follow=True)
    assert "Refunded 1 payment." in response.content.decode()
    paid.refresh_from_db()
    assert paid.status == "refunded" and paid.refunded_minor == paid.amount_minor
    assert not services.has_access(paid.usage_key, "alice")
    assert mailoutbox[-1].subject.startswith("Refund:")
