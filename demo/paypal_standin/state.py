"""The stand-in's memory: orders, captures, refunds, tokens, idempotency keys, webhooks, records.

Everything lives in one :class:`Store` guarded by one re-entrant lock. The API handlers run
under that lock from start to end, so two requests with the same ``PayPal-Request-Id`` (or
two captures of one order) are serialised: the second sees what the first stored, which is
the outcome PayPal documents ("processes the first request").
"""
import dataclasses
import datetime
import hashlib
import secrets
import string
import threading

ID_ALPHABET = string.ascii_uppercase + string.digits
PAYER_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # the documents' account_id pattern
TOKEN_LIFETIME = 32400  # seconds, PayPal's usual expires_in
IDEMPOTENCY_LIFETIME = 6 * 3600  # "The server stores keys for 6 hours" (documents)


def now():
    """The current UTC time in PayPal's format (seconds, ``Z``)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(length=17):
    """A PayPal-style resource id: 17 upper-case letters and digits (matches ``^[A-Z0-9]+$``)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(length))


def account_id(seed):
    """A stable 13-character PayPal account id derived from ``seed`` (merchant or buyer)."""
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(PAYER_ID_ALPHABET[byte % len(PAYER_ID_ALPHABET)] for byte in digest[:13])


def merchant(client_id):
    """The payee of every order of one REST app (a stable fake merchant account)."""
    return {"email_address": "merchant@example.com", "merchant_id": account_id("merchant:" + client_id)}


@dataclasses.dataclass
class Order:
    """An Orders v2 order as the stand-in keeps it; ``orders.py`` renders PayPal's JSON."""

    id: str
    client_id: str
    intent: str
    status: str
    purchase_units: list  # the request's units, reference_id filled in
    experience: dict  # return_url, cancel_url, user_action, shipping_preference, brand_name...
    paypal_source: bool  # created with payment_source.paypal (-> PAYER_ACTION_REQUIRED flow)
    create_time: str
    update_time: str
    payer: dict = None
    capture_ids: list = dataclasses.field(default_factory=list)

    @property
    def initial_status(self):
        """The status before approval: where a declined funding source sends the order back."""
        return "PAYER_ACTION_REQUIRED" if self.paypal_source else "CREATED"


@dataclasses.dataclass
class Capture:
    """A captured payment (one per purchase unit)."""

    id: str
    order_id: str
    client_id: str
    unit_index: int
    currency: str
    amount: int  # minor units
    status: str
    create_time: str
    update_time: str
    custom_id: str = None
    invoice_id: str = None
    status_reason: str = None
    refund_ids: list = dataclasses.field(default_factory=list)
    refunded: int = 0  # minor units

    @property
    def refundable(self):
        """Minor units that can still be refunded."""
        return self.amount - self.refunded if self.status in ("COMPLETED", "PARTIALLY_REFUNDED") else 0


@dataclasses.dataclass
class Refund:
    """A refund of (part of) a capture."""

    id: str
    capture_id: str
    client_id: str
    currency: str
    amount: int
    status: str
    create_time: str
    update_time: str
    invoice_id: str = None
    custom_id: str = None
    note_to_payer: str = None


class Store:
    """All state of one stand-in process; :meth:`reset` empties it (the signing key stays)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        """Forget every object, token, key, webhook, delivery and recorded violation."""
        with self.lock:
            self.tokens = {}  # token -> (client_id, expires_at monotonic)
            self.orders = {}
            self.captures = {}
            self.refunds = {}
            self.idempotency = {}  # (client_id, method, path, request id) -> (expires, status, body)
            self.webhooks = {}  # webhook_id -> url
            self.violations = []
            self.deliveries = []
            # Deliveries queued before a reset carry the old generation and are dropped, so
            # one test never receives the events of the test before it.
            self.generation = getattr(self, "generation", 0) + 1

    def record_violation(self, kind, method, path, operation_id, errors):
        """Remember a contract violation (request, response, webhook or unimplemented)."""
        with self.lock:
            self.violations.append({
                "kind": kind, "method": method, "path": path, "operation_id": operation_id,
                "errors": list(errors), "time": now(),
            })

    def find(self, kind, object_id, client_id):
        """An order/capture/refund owned by ``client_id``, or None (other apps' objects are invisible)."""
        found = getattr(self, kind).get(object_id)
        return found if found is not None and found.client_id == client_id else None
