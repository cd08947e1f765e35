"""Signed webhooks from the stand-in to a local receiver, verified as PayPal's integrations do.

The stand-in signs ``<transmission id>|<transmission time>|<webhook id>|<crc32 of the raw
body>`` with RSA-SHA256 (PayPal's scheme) using a key it generates; its verify endpoint and a
local check with the certificate from PAYPAL-CERT-URL must both accept it, and a tampered
body must fail. Deliveries arrive about 0.2 s after the event: the tests poll.
"""
import base64
import json
import time
import urllib.request
import zlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

WEBHOOK_ID = "4JH86294D6297924G"
HEADERS = ("PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG",
           "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO")


def _paid_order(paypal, api):
    """An order approved and captured; returns (order id, capture id)."""
    order_id = api.create_order("25.00", custom_id="learner-9", invoice_id="inv-9")[1]["id"]
    paypal.approve(order_id)
    capture = api.capture(order_id)[1]["purchase_units"][0]["payments"]["captures"][0]
    return order_id, capture["id"]


def _received(receiver, count, timeout=10):
    """Wait until ``count`` webhooks arrived; return them as [(raw body, event, headers)]."""
    deadline = time.monotonic() + timeout
    while len(receiver.received) < count:
        assert time.monotonic() < deadline, f"only {len(receiver.received)} of {count} webhooks arrived"
        time.sleep(0.05)
    return [(body, json.loads(body), headers) for body, headers in receiver.received]


def _verify_payload(headers, event, webhook_id=WEBHOOK_ID):
    """The verify-webhook-signature request an adapter builds from a delivery."""
    return {"auth_algo": headers["PAYPAL-AUTH-ALGO"], "cert_url": headers["PAYPAL-CERT-URL"],
            "transmission_id": headers["PAYPAL-TRANSMISSION-ID"],
            "transmission_sig": headers["PAYPAL-TRANSMISSION-SIG"],
            "transmission_time": headers["PAYPAL-TRANSMISSION-TIME"],
            "webhook_id": webhook_id, "webhook_event": event}


def _verify(api, payload):
    """POST /v1/notifications/verify-webhook-signature; return verification_status."""
    status, body, _ = api.call("POST", "/v1/notifications/verify-webhook-signature", payload)
    assert status == 200, body
    return body["verification_status"]


def test_payment_events_arrive_signed_and_shaped_as_paypal_sends_them(paypal, api, webhook_receiver):
    """Approve, capture, refund: three events with PayPal's envelope and transmission headers."""
    paypal.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    order_id, capture_id = _paid_order(paypal, api)
    refund_id = api.call("POST", f"/v2/payments/captures/{capture_id}/refund", {})[1]["id"]
    events = {event["event_type"]: (event, headers) for _, event, headers in _received(webhook_receiver, 3)}
    assert set(events) == {"CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.REFUNDED"}
    approved, headers = events["CHECKOUT.ORDER.APPROVED"]
    assert approved["id"].startswith("WH-") and approved["resource_type"] == "checkout-order"
    assert (approved["event_version"], approved["resource_version"]) == ("1.0", "2.0")
    assert approved["resource"]["id"] == order_id and approved["resource"]["status"] == "APPROVED"
    assert {link["rel"] for link in approved["links"]} == {"self", "resend"}
    assert set(HEADERS) <= set(headers) and headers["PAYPAL-AUTH-ALGO"] == "SHA256withRSA"
    completed = events["PAYMENT.CAPTURE.COMPLETED"][0]["resource"]
    assert completed["id"] == capture_id and completed["custom_id"] == "learner-9"
    assert completed["supplementary_data"]["related_ids"]["order_id"] == order_id
    refunded = events["PAYMENT.CAPTURE.REFUNDED"][0]
    assert refunded["resource_type"] == "refund" and refunded["resource"]["id"] == refund_id
    assert [link["href"] for link in refunded["resource"]["links"] if link["rel"] == "up"] == [
        f"{paypal.url}/v2/payments/captures/{capture_id}"]
    assert all(d["delivered"] for d in paypal.wait_for_deliveries(3))
    assert paypal.violations() == []


def test_verify_endpoint_accepts_the_delivery_and_refuses_a_tampered_one(paypal, api, webhook_receiver):
    """SUCCESS for the event as received; FAILURE for a changed body, another webhook id, a foreign cert."""
    paypal.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    paypal.approve(api.create_order("12.00")[1]["id"])
    [(_, event, headers)] = _received(webhook_receiver, 1)
    assert _verify(api, _verify_payload(headers, event)) == "SUCCESS"
    tampered = json.loads(json.dumps(event))
    tampered["resource"]["purchase_units"][0]["amount"]["value"] = "0.01"
    assert _verify(api, _verify_payload(headers, tampered)) == "FAILURE"
    assert _verify(api, _verify_payload(headers, event, webhook_id="SOMEONEELSE1")) == "FAILURE"
    foreign = {**_verify_payload(headers, event), "cert_url": "https://example.com/certs/CERT-1"}
    assert _verify(api, foreign) == "FAILURE"
    assert paypal.violations() == []


def test_signature_checks_locally_with_the_served_certificate(paypal, api, webhook_receiver):
    """The raw body's CRC32 (decimal) in the signed message, verified with the PAYPAL-CERT-URL key."""
    paypal.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    paypal.approve(api.create_order("12.00")[1]["id"])
    [(raw, _, headers)] = _received(webhook_receiver, 1)
    assert headers["PAYPAL-CERT-URL"].startswith(paypal.url + "/v1/notifications/certs/CERT-")
    with urllib.request.urlopen(headers["PAYPAL-CERT-URL"], timeout=10) as response:
        public_key = x509.load_pem_x509_certificate(response.read()).public_key()
    signature = base64.b64decode(headers["PAYPAL-TRANSMISSION-SIG"])

    def message(body):
        """What PayPal signs for ``body``."""
        return (f"{headers['PAYPAL-TRANSMISSION-ID']}|{headers['PAYPAL-TRANSMISSION-TIME']}|"
                f"{WEBHOOK_ID}|{zlib.crc32(body)}").encode()

    public_key.verify(signature, message(raw), padding.PKCS1v15(), hashes.SHA256())
    try:
        public_key.verify(signature, message(raw.replace(b"APPROVED", b"COMPLETED")), padding.PKCS1v15(),
                          hashes.SHA256())
        raise AssertionError("a tampered body verified")
    except InvalidSignature:
        pass


def test_declined_capture_and_dashboard_refund_send_their_events(paypal, api, webhook_receiver):
    """A declined capture sends PAYMENT.CAPTURE.DENIED; a refund in PayPal's dashboard PAYMENT.CAPTURE.REFUNDED."""
    paypal.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    declined_order = api.create_order("8.00")[1]["id"]
    paypal.approve(declined_order)
    api.capture(declined_order, {"PayPal-Mock-Response": '{"mock_application_codes": "STANDIN_CAPTURE_DECLINED"}'})
    _, capture_id = _paid_order(paypal, api)
    refund = paypal.refund_in_dashboard(capture_id, {"currency_code": "USD", "value": "5.00"})
    types = [event["event_type"] for _, event, _ in _received(webhook_receiver, 5)]
    assert sorted(types) == sorted(["CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.DENIED", "CHECKOUT.ORDER.APPROVED",
                                    "PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.REFUNDED"])
    assert api.call("GET", f"/v2/payments/refunds/{refund['id']}")[1]["amount"]["value"] == "5.00"
    assert api.call("GET", f"/v2/payments/captures/{capture_id}")[1]["status"] == "PARTIALLY_REFUNDED"


def test_reset_drops_events_not_yet_delivered(paypal, api, webhook_receiver):
    """An event queued before a reset never reaches the next test's listener."""
    paypal.register_webhook(webhook_receiver.url, WEBHOOK_ID)
    paypal.approve(api.create_order("3.00")[1]["id"])
    paypal.reset()  # within the 0.2 s delivery delay
    time.sleep(0.6)
    assert webhook_receiver.received == [] and paypal.deliveries() == []
