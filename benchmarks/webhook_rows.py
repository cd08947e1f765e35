"""The webhook rows of the benchmark runner: the delivery, its floor and what a transactional delivery cannot go below.

Kept apart from run.py so the runner reads as the table it prints. The references
are what-ifs, not code the plugin runs: they show where the floor of any delivery
that writes its effects and its audit row in one transaction lies on this machine.
"""
import contextlib
import json
import uuid

import fixtures


def webhook_preps(ref):
    """(floor, subject) preps of the webhook row: signature check + one INSERT vs a full payment_intent.succeeded.

    The subject is what the webhook view does (payments/views.py): verify the signature,
    parse the event, apply it; only Stripe's answer about the intent comes from memory.
    The floor verifies the same signature, reads the event's JSON and stores its id.
    """
    from fee_training_xblock.models import Payment, WebhookEvent  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.payments.domain import IntentInfo  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.payments.stripe_gateway import verify_webhook  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.payments.webhooks import (  # pylint: disable=import-outside-toplevel
        handle_webhook_event,
        parse_event,
    )
    from tests.support.stripe_cards import signed_event  # pylint: disable=import-outside-toplevel
    secret = fixtures.BASE_SETTINGS["STRIPE_WEBHOOK_SECRET"]

    class NoNetworkGateway:
        """The Stripe call is excluded from the figure: the intent is answered from memory."""

        def __init__(self, payer):
            self.payer = payer

        def retrieve_intent(self, intent_id):
            """The succeeded intent of the bench payment."""
            return IntentInfo(id=intent_id, status="succeeded", amount=4999, currency="USD",
                              metadata={"payer_key": self.payer, "product_id": ref.usage_key})

    def event_for(intent_id):
        event = {"id": "evt_" + uuid.uuid4().hex, "type": "payment_intent.succeeded", "livemode": False,
                 "data": {"object": {"id": intent_id, "object": "payment_intent"}}}
        return signed_event(event, secret)

    def floor():
        body, header = event_for("pi_floor")

        def call():
            event = json.loads(verify_webhook(body, header, secret))
            WebhookEvent.objects.create(event_id=event["id"], event_type=event["type"], object_id="pi_floor")
        return call

    def subject():
        payer = "wh" + uuid.uuid4().hex[:12]
        intent = "pi_" + payer
        Payment.objects.create(payer_key=payer, payer_email=f"{payer}@example.com", product_type="block_access",
                               product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key,
                               title="Paid lesson", payment_intent_id=intent, fee_minor=4999, amount_minor=4999,
                               currency="USD")
        body, header = event_for(intent)
        gateway = NoNetworkGateway(payer)
        return lambda: handle_webhook_event(parse_event(verify_webhook(body, header, secret)), gateway=gateway)
    return floor, subject


def empty_transaction():
    """A reference for the webhook row: a transaction of four statements that do nothing (SELECT 1).

    On MySQL through Django a transaction costs three round trips of its own (SET
    autocommit=0, COMMIT, SET autocommit=1) besides its statements; this is what any
    delivery that writes its effects and its audit row atomically cannot go below.
    """
    from django.db import connection, transaction  # pylint: disable=import-outside-toplevel

    def call():
        with transaction.atomic(), connection.cursor() as cursor:
            for _ in range(4):
                cursor.execute("SELECT 1")
    return lambda: call


@contextlib.contextmanager
def celery_memory_broker():
    """A current Celery app with an in-memory broker and no worker: the webhook queues its receipt, sends nothing.

    A stand-in for the LMS's broker (Redis): the enqueue is Celery's real publishing
    through the in-memory transport, without a network round trip to a broker. Yields
    the list of published task names, or None without Celery.
    """
    try:
        from celery import Celery  # pylint: disable=import-outside-toplevel
        from celery.signals import before_task_publish  # pylint: disable=import-outside-toplevel
    except ImportError:
        yield None
        return
    published = []

    def remember(sender=None, **kwargs):  # pylint: disable=unused-argument
        published.append(sender)

    Celery("fee-training-bench", broker="memory://", set_as_current=True)
    before_task_publish.connect(remember, weak=False)
    try:
        yield published
    finally:
        before_task_publish.disconnect(remember)
        Celery("fee-training-bench-default", set_as_current=True)  # no broker again




def minimal_delivery(ref):
    """A reference: the fewest statements a transactional delivery needs, as raw SQL with nothing else around them.

    One transaction holding a guarded UPDATE of the payment (the row lock, the status
    check and the match with the intent in its WHERE: no read), the grant's INSERT and
    the audit row's INSERT: three statements plus the transaction's own round trips,
    no event parsing, no ORM, no receipt. No real delivery can cost less; the
    plugin's keeps one read (`SELECT ... FOR UPDATE`) because it must tell a
    duplicate, an owned product, a promo code or a re-opened grant apart before writing.
    """
    from django.db import connection, transaction  # pylint: disable=import-outside-toplevel
    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent  # pylint: disable=import-outside-toplevel
    quote = connection.ops.quote_name
    pay, grant, audit = (quote(model._meta.db_table) for model in (Payment, AccessGrant, WebhookEvent))
    update = (f"UPDATE {pay} SET status = 'paid', paid_at = %s, failure_message = '', updated = %s "
              "WHERE payment_intent_id = %s AND status = 'pending' AND payer_key = %s AND product_type = %s "
              "AND product_id = %s AND amount_minor = %s AND currency = %s AND promo_code = ''")
    insert_grant = (f"INSERT INTO {grant} (course_key, usage_key, user_key, via, reference, granted_at, expires_at, "
                    "revoked_at, revoke_reason) VALUES (%s, %s, %s, 'payment', %s, %s, NULL, NULL, '')")
    insert_audit = (f"INSERT INTO {audit} (provider, event_id, event_type, object_id, livemode, received_at, status, "
                    "outcome, error, attempts) VALUES ('stripe', %s, 'payment_intent.succeeded', %s, %s, %s, "
                    "'processed', 'fulfilled', '', 1)")

    def prep():
        payer = "mr" + uuid.uuid4().hex[:12]
        intent = "pi_" + payer
        Payment.objects.create(payer_key=payer, product_type="block_access", product_id=ref.usage_key,
                               course_key=ref.course_key, usage_key=ref.usage_key, payment_intent_id=intent,
                               fee_minor=4999, amount_minor=4999, currency="USD")

        def call():
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(update, [now, now, intent, payer, "block_access", ref.usage_key, 4999, "USD"])
                if cursor.rowcount != 1:
                    raise AssertionError("the bench payment was not pending")
                cursor.execute(insert_grant, [ref.course_key, ref.usage_key, payer, intent, now])
                cursor.execute(insert_audit, ["evt_" + uuid.uuid4().hex, intent, False, now])
        return call
    return prep
