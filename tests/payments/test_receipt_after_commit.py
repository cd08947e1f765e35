"""The receipt goes out after the fulfilment commits: never for a delivery that rolls back, on Celery with a broker.

Stripe's answer about the intent comes from memory (tests/payments/test_webhook_cost.py);
the webhook's transaction, its COMMIT and what runs after it are real.
"""
import pytest
from django.core import mail
from django.db import transaction

from fee_training_xblock.core import background, notifications
from fee_training_xblock.models import AccessGrant, Payment, WebhookEvent
from fee_training_xblock.payments import tasks
from fee_training_xblock.payments.webhooks import handle_webhook_event
from tests.payments.test_webhook_cost import StripeFromMemory, pending_payment, succeeded
from tests.support.polling import wait_for
from tests.support.runtime import BlockFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the receipt waits for a real COMMIT, as in production


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


def test_a_delivery_that_rolls_back_sends_no_receipt_and_its_retry_sends_one(factory, monkeypatch):
    payment = pending_payment(factory)
    manager = type(WebhookEvent.objects)
    record_processed = manager.record_processed

    def audit_fails(self, delivery, outcome):  # the last write of the webhook's transaction, after the delivery
        raise RuntimeError("database went away before the commit")

    monkeypatch.setattr(manager, "record_processed", audit_fails)
    with pytest.raises(RuntimeError):
        handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment))
    payment.refresh_from_db()
    assert payment.status == "pending" and not AccessGrant.objects.exists()  # the delivery rolled back...
    assert mail.outbox == [] and payment.receipt_sent_at is None  # ...and no receipt went out for it

    monkeypatch.setattr(manager, "record_processed", record_processed)
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.receipt_sent_at is not None
    assert len(mail.outbox) == 1 and payment.payment_intent_id in mail.outbox[0].body


def test_with_a_broker_the_receipt_is_handed_to_celery_and_a_worker_sends_it(factory, smtp, celery_worker):
    assert background.broker_configured()
    payment = pending_payment(factory)
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    assert wait_for(lambda: Payment.objects.filter(pk=payment.pk, receipt_sent_at__isnull=False).exists(),
                    what="the worker's receipt")
    [receipt] = smtp.to("alice@example.com")
    assert payment.payment_intent_id in receipt.get_body(("plain",)).get_content()
    [(task_name, body)] = celery_worker
    assert task_name == tasks.TASK_NAME and list(body[0]) == [payment.pk]  # the payment's id, read again by the worker


def test_a_broker_that_refuses_the_task_does_not_lose_the_receipt(factory, monkeypatch):
    monkeypatch.setattr(background, "broker_configured", lambda: True)

    def refuse(*args):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_receipt, "delay", refuse)
    payment = pending_payment(factory)
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    payment.refresh_from_db()
    assert payment.receipt_sent_at is not None and len(mail.outbox) == 1  # sent inline instead


def test_a_mail_server_failure_leaves_the_payment_paid_without_a_receipt_record(factory, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    payment = pending_payment(factory)
    assert handle_webhook_event(succeeded(payment), gateway=StripeFromMemory(payment)) == "fulfilled"
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.receipt_sent_at is None
    assert AccessGrant.objects.get(user_key="alice").reference == payment.payment_intent_id


def test_an_email_written_in_a_transaction_that_rolls_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.send_email_later("alice@example.com", "Refund: Paid lesson", "Your payment was refunded.")
        assert mail.outbox == []  # not before the commit either
        raise RuntimeError("the refund's transaction rolls back")
    assert mail.outbox == []
    with transaction.atomic():
        notifications.send_email_later("alice@example.com", "Refund: Paid lesson", "Your payment was refunded.")
    assert [message.subject for message in mail.outbox] == ["Refund: Paid lesson"]
