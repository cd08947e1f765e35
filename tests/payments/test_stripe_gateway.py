"""The Stripe adapter against a real localstripe over HTTP, plus outages we can make happen here."""
import json
import socket
import time

import pytest

from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.payments.stripe_gateway import StripeGateway, verify_webhook
from tests.support import free_port
from tests.support.stripe_cards import (
    DECLINED,
    SECRET_KEY,
    THREE_D_SECURE,
    VISA,
    WEBHOOK_SECRET,
    card_token,
    signed_event,
)

pytestmark = pytest.mark.stripe


@pytest.fixture
def gateway(stripe_api):
    """A gateway on the test's (emptied) localstripe, no retries."""
    return StripeGateway(SECRET_KEY, stripe_api.url, timeout=5, max_retries=0)


def new_intent(gateway, amount=4999, currency="USD"):
    """An unpaid intent with our metadata."""
    return gateway.create_intent(amount, currency, {"usage_key": "u1", "user_key": "7"}, f"key-{time.time_ns()}")


def test_created_intent_carries_amount_currency_and_metadata(gateway):
    intent = new_intent(gateway, 5000, "JPY")
    assert (intent.amount, intent.currency, intent.status) == (5000, "JPY", "requires_payment_method")
    assert intent.metadata == {"usage_key": "u1", "user_key": "7"}
    assert intent.client_secret.startswith(intent.id + "_secret_")


def test_visa_token_is_charged(gateway, stripe_api):
    intent = gateway.pay_with_card_token(new_intent(gateway).id, card_token(stripe_api, VISA))
    assert intent.succeeded
    assert gateway.retrieve_intent(intent.id).succeeded


def test_3ds_card_waits_for_authentication(gateway, stripe_api):
    intent = gateway.pay_with_card_token(new_intent(gateway).id, card_token(stripe_api, THREE_D_SECURE))
    assert intent.needs_authentication and not intent.succeeded


def test_declined_card_is_a_payment_error_with_the_reason_on_the_intent(gateway, stripe_api):
    intent = new_intent(gateway)
    with pytest.raises(PaymentError, match="declined.*No money was taken"):
        gateway.pay_with_card_token(intent.id, card_token(stripe_api, DECLINED))
    after = gateway.retrieve_intent(intent.id)
    assert after.status == "requires_payment_method" and "declined" in after.failure_message


def test_refund_shows_on_the_intent(gateway, stripe_api):
    intent = gateway.pay_with_card_token(new_intent(gateway).id, card_token(stripe_api, VISA))
    refund = gateway.refund(intent.id)
    assert refund.amount == 4999 and refund.status == "succeeded"
    assert gateway.retrieve_intent(intent.id).amount_refunded == 4999


def test_unknown_intent_is_a_payment_error(gateway):
    with pytest.raises(PaymentError, match="not found"):
        gateway.retrieve_intent("pi_doesnotexist")


def test_nothing_listening_means_gateway_unavailable():
    gateway = StripeGateway(SECRET_KEY, f"http://127.0.0.1:{free_port()}", timeout=2, max_retries=1)
    with pytest.raises(PaymentsUnavailable, match="cannot be reached"):
        gateway.create_intent(4999, "USD", {}, "k-unreachable")


def test_server_that_never_answers_times_out_as_unavailable():
    """A socket that accepts connections but never replies: our timeout must end the wait."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        gateway = StripeGateway(SECRET_KEY, f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5, max_retries=0)
        with pytest.raises(PaymentsUnavailable):
            gateway.retrieve_intent("pi_x")


def test_missing_secret_key_is_unavailable():
    with pytest.raises(PaymentsUnavailable):
        StripeGateway("", "")


def test_webhook_signature_checks():
    event = {"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}
    body, header = signed_event(event)
    assert json.loads(verify_webhook(body, header, WEBHOOK_SECRET))["id"] == "evt_1"
    _, forged = signed_event(event, secret="whsec_someone_else")
    stale_body, stale = signed_event(event, timestamp=time.time() - 3600)
    for payload, sig in ((body, forged), (stale_body, stale), (body, ""), (body + b" ", header)):
        with pytest.raises(ValueError):
            verify_webhook(payload, sig, WEBHOOK_SECRET)
    with pytest.raises(ValueError):
        verify_webhook(body, header, "")


def test_a_total_below_stripes_minimum_gets_a_message_the_learner_can_act_on():
    # localstripe accepts any amount, so Stripe's own error object is built here (the real class, no mock).
    import stripe  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.payments.stripe_gateway import _translate  # pylint: disable=import-outside-toplevel
    err = _translate(stripe.InvalidRequestError("Amount must be at least $0.50 usd", param="amount",
                                                code="amount_too_small"))
    assert "below the smallest card payment" in err.message and "promo code" in err.message
