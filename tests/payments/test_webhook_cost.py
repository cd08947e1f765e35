"""What a payment_intent.succeeded delivery costs in SQL, and that its audit and idempotency hold at that cost.

Stripe's answer about the intent comes from memory (as in benchmarks/run.py): the
statements counted are the plugin's own. The first delivery of a pending card payment
for a block is a transaction of six statements: BEGIN, the payment locked (with the
event's audit status and the payer's grant row), the grant, the payment marked paid,
the audit row, COMMIT. The receipt is emailed after the commit (on a Celery worker when
a broker is configured; here, without one, inline), and its UPDATE of receipt_sent_at
comes after the COMMIT, with no lock held.
"""
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.models import AccessGrant, Payment, PromoCode, WebhookEvent
from fee_training_xblock.payments.domain import IntentInfo
from fee_training_xblock.payments.webhooks import handle_webhook_event
from tests.support.runtime import BlockFactory, student_html

pytestmark = pytest.mark.django_db


class StripeFromMemory:
    """The intent as Stripe would answer for it (succeeded), without a network call; records refunds asked for."""

    def __init__(self, payment, status="succeeded"):
        self.payment, self.status, self.refunds = payment, status, []

    def retrieve_intent(self, intent_id):
        """The succeeded intent of the test payment."""
        return IntentInfo(id=intent_id, status=self.status, amount=self.payment.amount_minor,
                          currency=self.payment.currency, metadata={"payer_key": self.payment.payer_key,
                                                                    "product_id": self.payment.product_id})

    def refund(self, intent_id, idempotency_key=None):
        """A refund of the whole amount."""
        self.refunds.append(intent_id)
        return type("Refund", (), {"id": f"re_{len(self.refunds)}", "amount": self.payment.amount_minor})()


def pending_payment(factory, learner="alice", promo_code=""):
    """A pending card payment for the factory's block, as checkout records it."""
    ref = block_ref(factory.block_for(learner))
    return Payment.objects.create(payer_key=learner, payer_email=f"{learner}@example.com", product_type="block_access",
                                  product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key,
                                  title="Paid lesson", payment_intent_id=f"pi_{learner}", fee_minor=4999,
                                  amount_minor=4999, currency="USD", promo_code=promo_code)


def succeeded(payment, event_id="evt_1"):
    """A payment_intent.succeeded event about `payment`."""
    return {"id": event_id, "type": "payment_intent.succeeded", "livemode": False,
            "data": {"object": {"id": payment.payment_intent_id, "object": "payment_intent"}}}


def statements(call):
    """(result, SQL statements run by `call()`, BEGIN and COMMIT included)."""
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, [query["sql"].split()[0].upper() for query in captured.captured_queries]


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


@pytest.mark.django_db(transaction=True)  # BEGIN and COMMIT are the webhook's own, as in production
def test_a_first_delivery_is_six_statements_and_does_everything(factory):
    payment = pending_payment(factory)
    outcome, sql = statements(lambda: handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)))
    assert outcome == "fulfilled"
    in_transaction = sql[:sql.index("COMMIT") + 1]
    assert len(in_transaction) <= 6 and sql.count("SAVEPOINT") == 0, sql
    assert sql[len(in_transaction):] == ["UPDATE"], sql  # the receipt, recorded once the mail backend took it
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_at <= payment.receipt_sent_at
    assert "SECRET-PAID-CONTENT" in student_html(factory.block_for("alice"))
    assert AccessGrant.objects.get(user_key="alice").reference == payment.payment_intent_id
    audit = WebhookEvent.objects.get(event_id="evt_1")
    assert (audit.status, audit.outcome, audit.attempts, audit.object_id) == ("processed", "fulfilled", 1, "pi_alice")
    assert len(mail.outbox) == 1 and "pi_alice" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_redelivery_stops_at_its_first_read_and_writes_nothing(factory):
    payment = pending_payment(factory)
    gateway = StripeFromMemory(payment)
    handle_webhook_event(succeeded(payment), gateway=gateway)
    outcome, sql = statements(lambda: handle_webhook_event(succeeded(payment), gateway=gateway))
    assert outcome == "duplicate" and sql == ["BEGIN", "SELECT", "COMMIT"]
    assert WebhookEvent.objects.count() == 1 and len(mail.outbox) == 1


def test_a_payer_who_already_had_access_is_refunded_under_the_lock_and_audited(factory):
    payment = pending_payment(factory)
    ledger.grant_access(block_ref(factory.block_for("alice")), "alice", via=AccessGrant.VIA_STAFF)
    gateway = StripeFromMemory(payment)
    assert handle_webhook_event(succeeded(payment), gateway=gateway) == "refunded: the learner already had access"
    payment.refresh_from_db()
    assert payment.status == "refunded" and gateway.refunds == ["pi_alice"]
    assert AccessGrant.objects.get(user_key="alice").via == AccessGrant.VIA_STAFF  # the grant they had stays
    assert WebhookEvent.objects.get(event_id="evt_1").outcome == "refunded: the learner already had access"


def test_a_revoked_grant_is_reopened_by_the_payment_in_one_write(factory):
    ref = block_ref(factory.block_for("alice"))
    ledger.grant_access(ref, "alice", via=AccessGrant.VIA_STAFF)
    ledger.revoke_access(ref.usage_key, "alice", "staff decision")
    payment = pending_payment(factory)
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    grant = AccessGrant.objects.get(user_key="alice")
    assert (grant.via, grant.reference, grant.revoked_at) == (AccessGrant.VIA_PAYMENT, "pi_alice", None)


def test_a_failed_delivery_keeps_its_audit_row_and_the_retry_counts_the_attempt(factory):
    payment = pending_payment(factory)

    class StripeDown(StripeFromMemory):
        def retrieve_intent(self, intent_id):
            raise ConnectionError("Stripe unreachable")

    with pytest.raises(ConnectionError):
        handle_webhook_event(succeeded(payment), gateway=StripeDown(payment))
    audit = WebhookEvent.objects.get(event_id="evt_1")
    assert (audit.status, audit.attempts) == ("failed", 1) and "Stripe unreachable" in audit.error
    payment.refresh_from_db()
    assert payment.status == "pending" and not AccessGrant.objects.exists()  # nothing of the failed try stays
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    audit.refresh_from_db()
    assert (audit.status, audit.outcome, audit.attempts, audit.error) == ("processed", "fulfilled", 2, "")


def test_a_payment_with_a_promo_code_confirms_its_use_under_a_savepoint(factory):
    ref = block_ref(factory.block_for("alice"))
    PromoCode.objects.create(code="SPRING20", kind="percent", percent=20, scope="block", scope_key=ref.usage_key)
    payment = pending_payment(factory, promo_code="SPRING20")
    outcome, sql = statements(lambda: handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)))
    # No hold was made for it (checkout would have), so the use cannot be counted: refunded, nothing delivered.
    assert outcome.startswith("not fulfilled: Promo code SPRING20 was already used") and "SAVEPOINT" in sql
    payment.refresh_from_db()
    assert payment.status == "refunded" and not AccessGrant.objects.exists()
