"""Webhook events: built as PayPal sends them, signed for real, delivered from background threads.

Signing follows PayPal's documented scheme: the signed message is
``<transmission_id>|<transmission_time>|<webhook_id>|<crc32 of the raw body, unsigned decimal>``,
signed with RSA PKCS#1 v1.5 over SHA-256 (``SHA256withRSA``) and sent base64-encoded in
``PAYPAL-TRANSMISSION-SIG``; the X.509 certificate holding the public key is served at the URL
in ``PAYPAL-CERT-URL``. The key and the self-signed certificate are made at start-up.
"""
import base64
import datetime
import hashlib
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from .state import new_id, now

log = logging.getLogger(__name__)

AUTH_ALGO = "SHA256withRSA"
# The Webhooks v1 document's pattern for transmission_id and transmission_sig: base64 may
# start with "+" or "/", which it rejects, so a transmission is re-signed under a new id.
SIG_PATTERN = re.compile(r"^(?!\d+$)\w+\S+")
EVENT_TYPES = {  # event type -> (resource_type, summary template, (document, schema of the resource))
    "CHECKOUT.ORDER.APPROVED": ("checkout-order", "An order has been approved by buyer", ("orders", "order")),
    "PAYMENT.CAPTURE.COMPLETED": ("capture", "Payment completed for {amount}", ("payments", "capture-2")),
    "PAYMENT.CAPTURE.DENIED": ("capture", "A payment capture for {amount} was denied", ("payments", "capture-2")),
    "PAYMENT.CAPTURE.PENDING": ("capture", "Payment pending for {amount}", ("payments", "capture-2")),
    "PAYMENT.CAPTURE.REFUNDED": ("refund", "A {amount} capture payment was refunded", ("payments", "refund")),
}


def signed_message(transmission_id, transmission_time, webhook_id, body):
    """The bytes PayPal signs for one delivery of ``body`` (raw bytes) to ``webhook_id``."""
    return f"{transmission_id}|{transmission_time}|{webhook_id}|{zlib.crc32(body)}".encode()


def event_body(event):
    """The raw body of a delivery; verify-webhook-signature re-serialises the echoed event the same way."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class Signer:
    """An RSA-2048 key and a self-signed certificate made at start-up (2048: the documents
    cap ``transmission_sig`` at 500 characters, a 4096-bit signature would not fit)."""

    def __init__(self):
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "PayPal stand-in webhook signing")])
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                .public_key(self._key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
                .sign(self._key, hashes.SHA256()))
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM)
        self._public_key = cert.public_key()
        digest = hashlib.sha256(self.cert_pem).hexdigest()
        self.cert_name = f"CERT-{digest[:8]}-{digest[8:16]}-{digest[16:24]}"  # PayPal's CERT-xxxxxxxx-... shape

    def sign(self, message):
        """Base64 RSA-SHA256 (PKCS#1 v1.5) signature of ``message``."""
        return base64.b64encode(self._key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()

    def verify(self, message, signature):
        """True when ``signature`` (base64) is this key's signature of ``message``."""
        try:
            self._public_key.verify(base64.b64decode(signature, validate=True), message,
                                    padding.PKCS1v15(), hashes.SHA256())
            return True
        except (InvalidSignature, ValueError):
            return False


class Webhooks:
    """Builds, validates, signs and delivers events to the registered listeners; verifies them back."""

    def __init__(self, standin, delay=0.3, attempts=3, retry_wait=1.0):
        self.standin = standin
        self.signer = Signer()
        self.delay, self.attempts, self.retry_wait = delay, attempts, retry_wait

    @property
    def cert_url(self):
        """The ``PAYPAL-CERT-URL`` of every delivery (served by the stand-in)."""
        return f"{self.standin.base_url}/v1/notifications/certs/{self.signer.cert_name}"

    def build_event(self, event_type, resource):
        """A PayPal webhook event around ``resource``."""
        resource_type, summary, _ = EVENT_TYPES[event_type]
        amount = resource.get("amount") or (resource.get("purchase_units") or [{}])[0].get("amount") or {}
        event_id = f"WH-{new_id()}-{new_id()}"
        href = f"{self.standin.base_url}/v1/notifications/webhooks-events/{event_id}"
        return {
            "id": event_id, "event_version": "1.0", "create_time": now(), "resource_type": resource_type,
            "resource_version": "2.0", "event_type": event_type,
            "summary": summary.format(amount=f"{amount.get('value', '')} {amount.get('currency_code', '')}"),
            "resource": resource,
            "links": [{"href": href, "rel": "self", "method": "GET"},
                      {"href": f"{href}/resend", "rel": "resend", "method": "POST"}],
        }

    def emit(self, event_type, resource):
        """Build the event, check it against the documents, and deliver it to every listener (async)."""
        store = self.standin.store
        event = self.build_event(event_type, resource)
        errors = self.standin.contract.event_errors(event, EVENT_TYPES[event_type][2])
        if errors:
            store.record_violation("webhook", "POST", "(webhook)", event_type, errors)
        with store.lock:
            listeners = list(store.webhooks.items())
            generation = store.generation
        for webhook_id, url in listeners:
            delivery = {"event_id": event["id"], "event_type": event_type, "resource_id": resource.get("id"),
                        "webhook_id": webhook_id, "url": url, "event": event, "attempts": 0,
                        "status": None, "error": None, "delivered": False, "transmission_id": None}
            with store.lock:
                store.deliveries.append(delivery)
            threading.Thread(target=self._deliver, args=(generation, delivery), daemon=True,
                             name=f"webhook-{event['id']}").start()
        return event

    def transmission(self, webhook_id, body):
        """PayPal's transmission headers for one delivery of ``body`` to ``webhook_id``."""
        while True:
            transmission_id, transmission_time = str(uuid.uuid4()), now()
            signature = self.signer.sign(signed_message(transmission_id, transmission_time, webhook_id, body))
            if SIG_PATTERN.match(signature):
                break
        return {
            "PAYPAL-TRANSMISSION-ID": transmission_id, "PAYPAL-TRANSMISSION-TIME": transmission_time,
            "PAYPAL-TRANSMISSION-SIG": signature, "PAYPAL-CERT-URL": self.cert_url,
            "PAYPAL-AUTH-ALGO": AUTH_ALGO,
        }

    def _deliver(self, generation, delivery):
        """POST one event after ``delay``; retry a few times on errors; drop it after a reset."""
        store = self.standin.store
        time.sleep(self.delay)
        body = event_body(delivery["event"])
        shown_url = urllib.parse.urlsplit(delivery["url"])._replace(query="", fragment="").geturl()
        for attempt in range(1, self.attempts + 1):
            if store.generation != generation:
                return
            headers = {"Content-Type": "application/json", "User-Agent": "PayPal/AUHR-214.0-58843000",
                       **self.transmission(delivery["webhook_id"], body)}
            request = urllib.request.Request(delivery["url"], data=body, headers=headers, method="POST")
            status, error = None, None
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status, error = exc.code, f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError) as exc:
                error = str(getattr(exc, "reason", exc))
            with store.lock:
                delivery.update(attempts=attempt, status=status, error=error,
                                transmission_id=headers["PAYPAL-TRANSMISSION-ID"],
                                delivered=status is not None and 200 <= status < 300)
            log.info("webhook %s %s -> %s: %s", delivery["event_id"], delivery["event_type"], shown_url,
                     status or error)
            if delivery["delivered"]:
                return
            time.sleep(self.retry_wait * attempt)

    def verify(self, payload):
        """``verify-webhook-signature``: SUCCESS only for a registered webhook id, this stand-in's
        certificate URL, ``SHA256withRSA`` and a valid signature over the echoed event."""
        with self.standin.store.lock:
            registered = payload["webhook_id"] in self.standin.store.webhooks
        if not registered or payload["cert_url"] != self.cert_url or payload["auth_algo"] != AUTH_ALGO:
            return "FAILURE"
        message = signed_message(payload["transmission_id"], payload["transmission_time"],
                                 payload["webhook_id"], event_body(payload["webhook_event"]))
        return "SUCCESS" if self.signer.verify(message, payload["transmission_sig"]) else "FAILURE"
