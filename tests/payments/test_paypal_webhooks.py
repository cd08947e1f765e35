"""PayPal webhooks: verified with PayPal's verify-webhook-signature call, applied once, checked against PayPal.

PayPal cannot be reached from these machines, so the events come from the local stand-in
(demo/paypal_standin): it signs them with PayPal's scheme (RSA-SHA256 over transmission id,
time, webhook id and the body's CRC-32) and answers the verify call, both checked against
PayPal's OpenAPI documents. The live tests let the stand-in post to the running plugin;
the others replay deliveries it made to a local receiver, or forge them.
"""
import json

import pytest

from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent
from fee_training_xblock.payments import paypal_checkout
from fee_training_xblock.payments.paypal_gateway import PayPalGateway, PayPalIssue
from tests.support.paypal import WEBHOOK_ID
from tests.support.polling import wait_for
from tests.support.runtime import BlockFactory, call_json, student_html

MARKER = "SECRET-PAID-CONTENT"
PAGE = "https://lms.example.com/courses/course-v1:Org+C1+2026/unit"
URL = "/fee_training/webhook/paypal/"



def start(factory, learner):
    """Open the learner's PayPal order (what PayPal's button does first); the order id."""
    status, body = call_json(factory.block_for(learner), "paypal_start", {"page_url": PAGE})
    assert status == 200, body
    return body["order_id"]


def paid_by_browser(factory, learner, paypal):
    """Pay through the handlers (approve, then capture as onApprove does); the payment row."""
    order_id = start(factory, learner)
    paypal.approve(order_id)
    assert call_json(factory.block_for(learner), "paypal_capture", {"order_id": order_id})[1]["status"] == "paid"
    return Payment.objects.get(payment_intent_id=order_id)


def events(event_type):
    """Outcomes of the stored PayPal events of one type."""
    return list(WebhookEvent.objects.filter(provider="paypal", event_type=event_type).values_list("outcome", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_learner_whose_browser_closed_after_approving_gets_access_from_the_webhook(paypal_webhooks):
    factory = BlockFactory()
    order_id = start(factory, "alice")
    paypal_webhooks.approve(order_id)  # approved in PayPal's window; the page never calls paypal_capture
    wait_for(lambda: Payment.objects.get(payment_intent_id=order_id).status == "paid")
    payment = Payment.objects.get(payment_intent_id=order_id)
    assert payment.capture_id and AccessGrant.objects.get(user_key="alice").reference == order_id
    assert MARKER in student_html(factory.block_for("alice"))
    paypal_webhooks.wait_for_deliveries(2)  # CHECKOUT.ORDER.APPROVED, then PAYMENT.CAPTURE.COMPLETED
    wait_for(lambda: events("PAYMENT.CAPTURE.COMPLETED"))
    assert events("CHECKOUT.ORDER.APPROVED") == ["fulfilled"]
    assert events("PAYMENT.CAPTURE.COMPLETED") == ["already paid"]
    assert paypal_webhooks.violations() == []


@pytest.mark.django_db(transaction=True)
def test_a_refund_made_in_paypal_revokes_access_and_a_partial_one_does_not(paypal_webhooks, api):
    factory = BlockFactory()
    payment = paid_by_browser(factory, "alice", paypal_webhooks)
    paypal_webhooks.refund_in_dashboard(payment.capture_id, {"currency_code": "USD", "value": "10.00"})
    wait_for(lambda: "partially refunded" in events("PAYMENT.CAPTURE.REFUNDED"))
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("paid", 1000)
    assert MARKER in student_html(factory.block_for("alice"))
    paypal_webhooks.refund_in_dashboard(payment.capture_id)  # the rest
    wait_for(lambda: Payment.objects.get(pk=payment.pk).status == "refunded")
    payment.refresh_from_db()
    assert payment.refunded_minor == 4999
    assert MARKER not in student_html(factory.block_for("alice"))
    assert sorted(events("PAYMENT.CAPTURE.REFUNDED")) == ["partially refunded", "refunded"]
    assert paypal_webhooks.violations() == []


@pytest.mark.django_db(transaction=True)
def test_a_pending_capture_grants_access_when_paypal_completes_it(paypal_on, workbench_server):
    factory = BlockFactory()
    order_id = start(factory, "alice")
    paypal_on.approve(order_id)  # no listener yet, so the browser's capture comes first
    reviewing = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url,
                              extra_headers={"PayPal-Mock-Response": '{"mock_application_codes": '
                                                                     '"STANDIN_CAPTURE_PENDING"}'})
    payment = Payment.objects.get(payment_intent_id=order_id)
    step = paypal_checkout.capture_order(payment.usage_key, "alice", order_id, gateway=reviewing)
    assert step.status == "pending" and "reviewing" in step.message
    payment.refresh_from_db()
    assert payment.status == "pending" and payment.capture_id
    assert MARKER not in student_html(factory.block_for("alice"))
    paypal_on.register_webhook(f"{workbench_server.url}{URL}", WEBHOOK_ID)
    paypal_on.complete_capture(payment.capture_id)  # PayPal's review ends: PAYMENT.CAPTURE.COMPLETED
    wait_for(lambda: Payment.objects.get(pk=payment.pk).status == "paid")
    assert events("PAYMENT.CAPTURE.COMPLETED") == ["fulfilled"]
    assert MARKER in student_html(factory.block_for("alice"))
    assert paypal_on.violations() == []


@pytest.mark.django_db
def test_deliveries_are_verified_with_paypal_and_applied_once(paypal_on, webhook_receiver, client):
    paypal_on.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    factory = BlockFactory()
    order_id = start(factory, "alice")
    paypal_on.approve(order_id)
    paypal_on.wait_for_deliveries(1)
    body, headers = webhook_receiver.received[0]
    forwarded = {f"HTTP_{name.replace('-', '_')}": value for name, value in headers.items()
                 if name.startswith("PAYPAL-")}
    reply = client.post(URL, body, content_type="application/json", **forwarded)
    assert reply.status_code == 200 and reply.json()["outcome"] == "fulfilled"
    assert MARKER in student_html(factory.block_for("alice"))
    again = client.post(URL, body, content_type="application/json", **forwarded)  # PayPal's redelivery
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert WebhookEvent.objects.filter(provider="paypal").count() == 1

    tampered = json.loads(body)
    tampered["id"] = "WH-FORGED-1"
    reply = client.post(URL, json.dumps(tampered, separators=(",", ":")), content_type="application/json",
                        **forwarded)
    assert reply.status_code == 400  # PayPal's verify call answered FAILURE
    assert not WebhookEvent.objects.filter(event_id="WH-FORGED-1").exists()
    assert paypal_on.violations() == []


@pytest.mark.django_db
@pytest.mark.parametrize("headers,body", [
    ({}, b'{"id": "WH-1", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": "ABC"}}'),
    ({"HTTP_PAYPAL_TRANSMISSION_ID": "123456"}, b'{"id": "WH-1"}'),
    (None, b"not json"),
    (None, b"[]"),
    (None, b'{"id": 5, "event_type": "X", "resource": {}}'),
    (None, b'{"id": "WH-1", "event_type": "X", "resource": "text"}'),
])
def test_unsigned_or_malformed_deliveries_are_a_400_and_paypal_is_not_asked(paypal_on, client, headers, body):
    good = {"HTTP_PAYPAL_AUTH_ALGO": "SHA256withRSA", "HTTP_PAYPAL_CERT_URL": f"{paypal_on.url}/v1/notifications/certs/C",
            "HTTP_PAYPAL_TRANSMISSION_ID": "b1a2c3d4-0000-1111-2222-333344445555",
            "HTTP_PAYPAL_TRANSMISSION_SIG": "abcDEF123==", "HTTP_PAYPAL_TRANSMISSION_TIME": "2026-11-22T10:00:00Z"}
    reply = client.post(URL, body, content_type="application/json", **(good if headers is None else headers))
    assert reply.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert paypal_on.violations() == []  # refused here: PayPal was never sent a request its schema rejects


@pytest.mark.django_db
def test_a_well_formed_but_forged_delivery_is_refused_by_paypals_verify_call(paypal_on, client):
    event = {"id": "WH-FORGED-2", "event_version": "1.0", "create_time": "2026-11-22T10:00:00Z",
             "resource_type": "checkout-order", "event_type": "CHECKOUT.ORDER.APPROVED",
             "summary": "An order has been approved by buyer", "resource": {"id": "ABC123"}}
    reply = client.post(URL, json.dumps(event), content_type="application/json",
                        HTTP_PAYPAL_AUTH_ALGO="SHA256withRSA",
                        HTTP_PAYPAL_CERT_URL=f"{paypal_on.url}/v1/notifications/certs/CERT-0",
                        HTTP_PAYPAL_TRANSMISSION_ID="b1a2c3d4-0000-1111-2222-333344445555",
                        HTTP_PAYPAL_TRANSMISSION_SIG="abcDEF123==", HTTP_PAYPAL_TRANSMISSION_TIME="2026-11-22T10:00:00Z")
    assert reply.status_code == 400 and not WebhookEvent.objects.exists()
    assert paypal_on.violations() == []


@pytest.mark.django_db
def test_the_contract_check_fails_on_a_verify_request_paypals_schema_rejects(paypal_on):
    """Without the view's own check, an all-digit transmission id reaches PayPal, whose schema refuses it."""
    gateway = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url)
    transmission = {"auth_algo": "SHA256withRSA", "cert_url": f"{paypal_on.url}/v1/notifications/certs/C",
                    "transmission_id": "123456", "transmission_sig": "abcDEF123==",
                    "transmission_time": "2026-11-22T10:00:00Z"}
    with pytest.raises(PayPalIssue) as refused:
        gateway.verify_webhook_signature(transmission, WEBHOOK_ID, {"id": "WH-1", "resource": {}})
    assert refused.value.issue == "INVALID_PARAMETER_SYNTAX"
    [violation] = paypal_on.violations()
    assert (violation["kind"], violation["operation_id"]) == ("request", "verify-webhook-signature.post")
    assert any("transmission_id" in line for line in violation["errors"])
    paypal_on.reset()  # the violation was the point of this test; paypal_on's own check expects none left


@pytest.mark.django_db
def test_webhooks_are_refused_until_paypal_is_configured(settings, client):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "PAYMENT_METHODS": "card"}
    reply = client.post(URL, b"{}", content_type="application/json")
    assert reply.status_code == 400 and not WebhookEvent.objects.exists()
