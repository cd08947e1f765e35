"""Issue 14, item 9: signed but malformed webhook bodies never give a 500 (Stripe would retry them for days).

A body signed with our secret that is not a Stripe event (a JSON array, `data: null`,
an object without an id, a non-numeric `amount_refunded`, absurd nesting, not UTF-8) is
answered 200 and changes nothing; a forged one is still a 400. A tolerance of 0 does not
switch the age check off.
"""
import json
import time

import pytest
from django.urls import reverse

from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent
from fee_training_xblock.payments.stripe_gateway import verify_webhook
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import VISA, WEBHOOK_SECRET, card_token, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def sign_raw(body, timestamp=None):
    """(body, header) for raw bytes, signed as Stripe signs."""
    import hashlib  # pylint: disable=import-outside-toplevel
    import hmac  # pylint: disable=import-outside-toplevel
    stamp = int(time.time() if timestamp is None else timestamp)
    signature = hmac.new(WEBHOOK_SECRET.encode(), b"%d.%s" % (stamp, body), hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={signature}"


def deliver(client, body, header):
    """POST to the webhook endpoint; the response."""
    return client.post(reverse("fee_training:stripe_webhook"), data=body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


def test_signed_malformed_bodies_are_answered_without_a_500_and_change_nothing(client, payments_on):
    _, paid = call_json(BlockFactory().block_for("alice"), "start_payment",
                        {"card_token": card_token(payments_on, VISA)})
    intent = paid["payment_intent_id"]
    bodies = [
        json.dumps([{"id": "evt_list"}]).encode(),
        json.dumps({"id": "evt_null", "type": "payment_intent.succeeded", "data": None}).encode(),
        json.dumps({"id": "evt_noobj", "type": "payment_intent.succeeded", "data": {"object": None}}).encode(),
        json.dumps({"id": "evt_noid", "type": "payment_intent.succeeded", "data": {"object": {}}}).encode(),
        json.dumps({"id": "evt_numid", "type": "payment_intent.succeeded", "data": {"object": {"id": 7}}}).encode(),
        json.dumps({"type": "charge.refunded", "data": {"object": {"payment_intent": intent}}}).encode(),
        json.dumps({"id": "evt_nan", "type": "charge.refunded", "data": {"object": {
            "id": "ch_1", "payment_intent": intent, "amount_refunded": "lots"}}}).encode(),
        json.dumps({"id": "evt_neg", "type": "charge.refunded", "data": {"object": {
            "id": "ch_1", "payment_intent": intent, "amount_refunded": -5}}}).encode(),
        json.dumps({"id": "evt_pi", "type": "charge.refunded", "data": {"object": {
            "id": "ch_1", "payment_intent": ["x"], "amount_refunded": 4999}}}).encode(),
        b"[" * 5000 + b"]" * 5000,
        b"not json at all",
    ]
    for body in bodies:
        response = deliver(client, *sign_raw(body))
        assert response.status_code == 200, (body[:80], response.status_code)
        assert response.json()["outcome"].startswith("ignored: malformed"), body[:80]
    assert deliver(client, *sign_raw(b'{"id": "evt_bad\xff"}')).status_code == 400  # not UTF-8: not Stripe's
    odd = json.dumps({"id": "evt_fail", "type": "payment_intent.payment_failed", "data": {"object": {
        "id": intent, "last_payment_error": "boom"}}}).encode()
    assert deliver(client, *sign_raw(odd)).status_code == 200  # tolerated: a failure note needs no shape
    payment = Payment.objects.get(payment_intent_id=intent)
    assert (payment.status, payment.refunded_minor) == ("paid", 0)
    assert AccessGrant.objects.filter(user_key="alice", revoked_at__isnull=True).count() == 1
    assert not WebhookEvent.objects.filter(status=WebhookEvent.STATUS_FAILED).exists()


def test_a_forged_malformed_body_is_still_a_400(client, payments_on):
    body, header = signed_event({"id": "evt_x", "type": "x", "data": {"object": {}}}, secret="whsec_other")
    assert deliver(client, body, header).status_code == 400


def test_a_tolerance_of_zero_does_not_switch_the_age_check_off():
    event = {"id": "evt_old", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}
    body, header = signed_event(event, timestamp=time.time() - 3600)
    with pytest.raises(ValueError):
        verify_webhook(body, header, WEBHOOK_SECRET, tolerance=0)


def test_a_tolerance_setting_of_zero_is_refused_by_the_checks_and_not_used(client, payments_on, settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "STRIPE_WEBHOOK_TOLERANCE_SECONDS": 0}
    event = {"id": "evt_old2", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_1"}}}
    assert deliver(client, *signed_event(event, timestamp=time.time() - 3600)).status_code == 400
