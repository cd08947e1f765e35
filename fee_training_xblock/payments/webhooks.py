"""Stripe webhook deliveries: each event applied once, in one transaction with its audit row; every event audited.

`handle_webhook_event` runs the registered handler (payments.stripe_events) and writes
the event's audit row with the outcome in the same transaction, so what the event
changed and the record that it was applied commit together (a crash in between can
neither apply an event twice nor mark it applied without its effects). Idempotency
rests on the unique event id: a processed event changes nothing again (the handler
sees it with its first read, or the audit INSERT of a concurrent delivery fails and
the event is reported as a duplicate). A failed delivery rolls back and keeps its row
(status failed, the error) and runs again when Stripe retries. The row locks the
handlers take (the payment row) serialise concurrent deliveries of one payment.
"""
import logging

from django.db import IntegrityError, transaction

from fee_training_xblock.payments.models import WebhookEvent
from fee_training_xblock.payments.stripe_events import HANDLERS, MalformedEvent, parse_event

__all__ = ["Delivery", "MalformedEvent", "handle_webhook_event", "parse_event"]

log = logging.getLogger(__name__)

UNKNOWN = object()


class Delivery:
    """One delivery of a Stripe event: whether its audit row exists (and how), and where the outcome goes."""

    provider = "stripe"

    def __init__(self, event_id, event_type, object_id, livemode):
        self.event_id, self.event_type = event_id[:255], event_type[:100]
        self.object_id, self.livemode = object_id[:255], livemode
        self.status = UNKNOWN

    def load(self):
        """Read the audit row's status (one query), unless a handler's own read told it already."""
        if self.status is UNKNOWN:
            self.status = WebhookEvent.objects.status_of(self.event_id)

    def known(self, status):
        """The audit row's status as a handler read it with its own row (None: never seen)."""
        self.status = status

    @property
    def duplicate(self):
        """True when the event was processed before: nothing may change."""
        return self.status == WebhookEvent.STATUS_PROCESSED


def _record_failure(delivery, err):
    """Keep the failed delivery's row with its error (its transaction rolled back): Stripe retries it."""
    WebhookEvent.objects.record_outside(delivery, WebhookEvent.STATUS_FAILED, "failed", f"{type(err).__name__}: {err}")


def handle_webhook_event(event, gateway=None):
    """Apply a verified Stripe event once; returns a short outcome text ("duplicate" for one seen before).

    Raises the handler's error (after recording it on the audit row) so the view
    answers 503 and Stripe delivers the event again later.
    """
    obj = (event.get("data") or {}).get("object") or {}
    event_type = event.get("type", "")
    delivery = Delivery(event.get("id", ""), event_type, str(obj.get("id", "")), bool(event.get("livemode")))
    handler, reads_delivery = HANDLERS.get(event_type, (None, False))
    try:
        with transaction.atomic():
            if not reads_delivery:
                delivery.load()
            outcome = None if delivery.duplicate else (handler(obj, gateway, delivery) if handler else "ignored")
            if delivery.duplicate:
                return "duplicate"
            WebhookEvent.objects.record_processed(delivery, outcome)
    except MalformedEvent as err:
        # Stripe never sends this; retrying cannot help. Keep it for staff and answer 200.
        outcome = f"ignored: malformed event ({err})"
        log.error("Stripe event %s (%s) ignored: %s", delivery.event_id, event_type, err)
        WebhookEvent.objects.record_outside(delivery, WebhookEvent.STATUS_PROCESSED, outcome)
    except IntegrityError as err:
        if WebhookEvent.objects.status_of(delivery.event_id) == WebhookEvent.STATUS_PROCESSED:
            return "duplicate"  # a concurrent delivery of the same event committed first; ours rolled back
        _record_failure(delivery, err)
        raise
    except Exception as err:
        _record_failure(delivery, err)
        raise
    log.info("Webhook %s (%s): %s", delivery.event_id, event_type, outcome)
    return outcome
