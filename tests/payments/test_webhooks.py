"""The Stripe webhook endpoint: signed events about real localstripe intents, posted by Django's test client.

Signing is done here with the webhook secret (as Stripe does); delivery by
localstripe itself is in test_webhooks_delivery.py.
"""
import time

import pytest
from django.urls import reverse

from fee_training_xblock import compat
from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import Payment, WebhookEvent
from fee_training_xblock.payments import checkout, fulfilment
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token, signed_event, stripe_settings

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

URL = "/fee_training/webhook/stripe/"


@pytest.fixture
def factory():
    """One course with the default paid block."""
    return BlockFactory()


def abandoned_payment(factory, stripe_api, learner="alice"):
    """A 3-D Secure payment completed at the bank, but the browser closed before confirm_payment."""
    _, body = call_json(factory.block_for(learner), "start_payment", {"card_token": card_token(stripe_api, THREE_D_SECURE)})
    authenticate_3ds(stripe_api, body["payment_intent_id"], body["client_secret"])
    return Payment.objects.get(payment_intent_id=body["payment_intent_id"])


def event(event_id, event_type, obj):
    """A Stripe event envelope."""
    return {"id": event_id, "object": "event", "type": event_type, "livemode": False,
            "created": int(time.time()), "data": {"object": obj}}


def post(client, payload, **sign):
    """POST a signed event to the endpoint."""
    body, header = signed_event(payload, **sign)
    return client.post(URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


def test_url_is_the_plugins():
    assert reverse("fee_training:stripe_webhook") == URL


def test_succeeded_event_grants_access_when_the_browser_closed(client, payments_on, factory, caplog):
    payment = abandoned_payment(factory, payments_on)
    assert payment.status == "pending"
    caplog.set_level("INFO", logger="fee_training_xblock.compat")
    response = post(client, event("evt_1", "payment_intent.succeeded", {"id": payment.payment_intent_id}))
    assert response.status_code == 200 and response.json()["outcome"] == "fulfilled"
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert "SECRET-PAID-CONTENT" in student_html(factory.block_for("alice"))
    # No block runtime on this path: the event goes to the LMS tracker (only logged outside the LMS).
    assert "Tracking event fee_training.payment.succeeded" in caplog.text


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_duplicate_delivery_changes_nothing_twice(client, payments_on, factory, mailoutbox):
    payment = abandoned_payment(factory, payments_on)
    payload = event("evt_dup", "payment_intent.succeeded", {"id": payment.payment_intent_id})
    assert post(client, payload).json()["outcome"] == "fulfilled"
    assert post(client, payload).json()["outcome"] == "duplicate"
    assert WebhookEvent.objects.filter(event_id="evt_dup").count() == 1
    assert len(mailoutbox) == 1  # one receipt
    # Another event about the same, already paid intent is a no-op too.
    assert post(client, event("evt_dup2", "payment_intent.succeeded", {"id": payment.payment_intent_id})).json()["outcome"] == "already paid"


def test_late_failure_event_does_not_undo_a_success(client, payments_on, factory):
    payment = abandoned_payment(factory, payments_on)
    checkout.confirm_payment(block_ref(factory.block_for("alice")).usage_key, "alice", payment.payment_intent_id)
    failed = {"id": payment.payment_intent_id, "last_payment_error": {"message": "Your card was declined."}}
    assert post(client, event("evt_old_fail", "payment_intent.payment_failed", failed)).json()["outcome"] == "no pending payment"
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_failure_event_is_recorded_on_a_pending_payment(client, payments_on, factory):
    _, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": card_token(payments_on, THREE_D_SECURE)})
    failed = {"id": body["payment_intent_id"], "last_payment_error": {"message": "The provided PaymentMethod has failed authentication."}}
    assert post(client, event("evt_fail", "payment_intent.payment_failed", failed)).json()["outcome"] == "failure recorded"
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert payment.status == "pending" and "failed authentication" in payment.failure_message


def test_success_event_after_a_refund_does_not_restore_access(client, payments_on, factory):
    payment = abandoned_payment(factory, payments_on)
    checkout.confirm_payment(block_ref(factory.block_for("alice")).usage_key, "alice", payment.payment_intent_id)
    fulfilment.refund_payment(Payment.objects.get(pk=payment.pk), by="test")
    outcome = post(client, event("evt_late_ok", "payment_intent.succeeded", {"id": payment.payment_intent_id})).json()["outcome"]
    assert outcome == "already refunded"
    assert not services.has_access(payment.usage_key, "alice")


def test_charge_refunded_event_revokes_access(client, payments_on, factory, mailoutbox,
                                              django_capture_on_commit_callbacks):
    _, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    charge = {"id": "ch_x", "object": "charge", "payment_intent": payment.payment_intent_id, "amount_refunded": 4999}
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, event("evt_ref", "charge.refunded", charge)).json()["outcome"] == "refunded"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)
    assert not services.has_access(payment.usage_key, "alice")
    assert mailoutbox[-1].subject.startswith("Refund:")
    assert post(client, event("evt_ref2", "charge.refunded", charge)).json()["outcome"] == "already refunded"


def lost_intent(payments_on, ref, amount, payer="carol", **meta):
    """A paid intent our code made but never recorded (the server died between Stripe and the ledger)."""
    gateway = get_gateway()
    intent = gateway.create_intent(amount, "USD", {"course_key": ref.course_key, "usage_key": ref.usage_key,
                                                   "payer_key": payer, "product_type": "block_access",
                                                   "product_id": ref.usage_key, "fee_minor": str(amount), **meta},
                                   f"k-lost-{amount}-{payer}")
    gateway.pay_with_card_token(intent.id, card_token(payments_on))
    return intent


@pytest.fixture
def published_fee(monkeypatch):
    """The LMS's modulestore, as compat reads it: the default block is published at $49.99."""
    monkeypatch.setattr(compat, "published_block_fields", lambda usage_key, names: {
        "display_name": "Paid lesson", "fee": "49.99", "currency": "USD", "access_mode": "fee"})


def test_intent_we_never_recorded_is_rebuilt_at_the_price_the_server_charges(client, payments_on, factory,
                                                                               published_fee):
    ref = block_ref(factory.block_for("carol"))
    intent = lost_intent(payments_on, ref, 4999)
    assert post(client, event("evt_lost", "payment_intent.succeeded", {"id": intent.id})).json()["outcome"] == "fulfilled"
    assert services.has_access(ref.usage_key, "carol")
    assert Payment.objects.get(payment_intent_id=intent.id).amount_minor == 4999


def test_unrecorded_intent_for_less_than_the_price_unlocks_nothing(client, payments_on, factory, published_fee,
                                                                    caplog):
    """Issue 14, item 4: a 0.50 intent naming a 49.99 block, with metadata claiming fee 0.50."""
    ref = block_ref(factory.block_for("carol"))
    intent = lost_intent(payments_on, ref, 50)
    outcome = post(client, event("evt_cheap", "payment_intent.succeeded", {"id": intent.id})).json()["outcome"]
    assert outcome.startswith("not fulfilled, left to staff") and "4999" in outcome
    assert not services.has_access(ref.usage_key, "carol")
    assert not Payment.objects.filter(payment_intent_id=intent.id).exists()
    assert intent.id in caplog.text


def test_unrecorded_intent_with_a_made_up_discount_unlocks_nothing(client, payments_on, factory, published_fee):
    ref = block_ref(factory.block_for("carol"))
    intent = lost_intent(payments_on, ref, 999, promo_code="NOSUCHCODE", discount_minor="4000")
    outcome = post(client, event("evt_code", "payment_intent.succeeded", {"id": intent.id})).json()["outcome"]
    assert outcome.startswith("not fulfilled, left to staff")
    assert not services.has_access(ref.usage_key, "carol")


def test_where_the_price_is_unknown_an_unrecorded_intent_is_left_to_staff(client, payments_on, factory):
    """The workbench has no modulestore: the server cannot tell the price, so the metadata is not trusted."""
    ref = block_ref(factory.block_for("carol"))
    intent = lost_intent(payments_on, ref, 4999)
    outcome = post(client, event("evt_wb", "payment_intent.succeeded", {"id": intent.id})).json()["outcome"]
    assert outcome.startswith("not fulfilled, left to staff") and "cannot tell" in outcome
    assert not services.has_access(ref.usage_key, "carol")
    assert WebhookEvent.objects.get(event_id="evt_wb").outcome == outcome


def test_foreign_or_unrelated_events_are_recorded_and_ignored(client, payments_on):
    gateway = get_gateway()
    intent = gateway.create_intent(100, "USD", {"order": "someone-elses-shop"}, "k-foreign")
    gateway.pay_with_card_token(intent.id, card_token(payments_on))
    assert post(client, event("evt_foreign", "payment_intent.succeeded", {"id": intent.id})).json()["outcome"] == "not ours"
    assert post(client, event("evt_cust", "customer.created", {"id": "cus_1"})).json()["outcome"] == "ignored"
    assert not Payment.objects.exists()


@pytest.mark.parametrize("sign", [
    {"secret": "whsec_forged"},
    {"timestamp": time.time() - 3600},
])
def test_forged_or_stale_signature_is_400_and_writes_nothing(client, payments_on, factory, sign):
    payment = abandoned_payment(factory, payments_on)
    response = post(client, event("evt_bad", "payment_intent.succeeded", {"id": payment.payment_intent_id}), **sign)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_unsigned_post_is_400_and_get_is_405(client, payments_on):
    assert client.post(URL, data=b"{}", content_type="application/json").status_code == 400
    assert client.get(URL).status_code == 405


def test_stripe_down_during_processing_is_503_so_stripe_retries(client, settings, payments_on, factory):
    payment = abandoned_payment(factory, payments_on)
    settings.FEE_TRAINING = stripe_settings(payments_on, STRIPE_API_BASE="http://127.0.0.1:9")
    payload = event("evt_retry", "payment_intent.succeeded", {"id": payment.payment_intent_id})
    assert post(client, payload).status_code == 503
    audit = WebhookEvent.objects.get(event_id="evt_retry")  # the failure is kept for the audit trail
    assert audit.status == "failed" and audit.error
    settings.FEE_TRAINING = stripe_settings(payments_on)
    assert post(client, payload).json()["outcome"] == "fulfilled"
    audit.refresh_from_db()
    assert (audit.status, audit.outcome, audit.attempts, audit.error) == ("processed", "fulfilled", 2, "")
