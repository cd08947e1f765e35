"""`manage.py fee_training_send_receipts`: a receipt the mail server refused goes out on a later run, once.

The mail server is real (aiosmtpd, tests/support/smtp.py); refusing the payer's
address at RCPT time is how a receipt fails, as with a real server. Stripe's answer
about the intent comes from memory (tests/payments/test_webhook_cost.py).
"""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fee_training_xblock.models import Payment
from fee_training_xblock.payments.webhooks import handle_webhook_event
from tests.payments.test_webhook_cost import StripeFromMemory, pending_payment, succeeded
from tests.support.runtime import BlockFactory

pytestmark = pytest.mark.django_db(transaction=True)  # receipts follow a real COMMIT, as in production


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


def paid_without_receipt(factory, smtp, learner="alice", minutes_ago=30):
    """A payment the webhook fulfilled while the mail server refused its receipt, paid `minutes_ago`."""
    payment = pending_payment(factory, learner)
    smtp.refuse.add(payment.payer_email)
    assert handle_webhook_event(succeeded(payment, f"evt_{learner}"), gateway=StripeFromMemory(payment)) == "fulfilled"
    smtp.refuse.discard(payment.payer_email)
    Payment.objects.filter(pk=payment.pk).update(paid_at=timezone.now() - timedelta(minutes=minutes_ago))
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.receipt_sent_at is None and smtp.to(payment.payer_email) == []
    return payment


def send_receipts(*args):
    """Run the command; (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    call_command("fee_training_send_receipts", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_a_refused_receipt_is_sent_by_the_next_run_and_only_once(factory, smtp):
    payment = paid_without_receipt(factory, smtp)
    assert send_receipts() == ("Sent 1 receipt.", "")
    [receipt] = smtp.to("alice@example.com")
    assert payment.payment_intent_id in receipt.get_body(("plain",)).get_content()
    payment.refresh_from_db()
    assert payment.receipt_sent_at is not None
    assert send_receipts() == ("Sent 0 receipts.", "")
    assert len(smtp.to("alice@example.com")) == 1


def test_a_receipt_still_refused_is_reported_and_tried_again_later(factory, smtp):
    payment = paid_without_receipt(factory, smtp)
    smtp.refuse.add(payment.payer_email)
    out, err = send_receipts()
    assert out == "Sent 0 receipts."
    assert err == "1 receipt could not be sent (see the log); the next run tries again."
    smtp.refuse.clear()
    assert send_receipts()[0] == "Sent 1 receipt."


def test_recent_payments_are_left_to_the_workers_and_old_ones_need_days(factory, smtp):
    paid_without_receipt(factory, smtp, "recent", minutes_ago=2)
    paid_without_receipt(factory, smtp, "old", minutes_ago=4 * 24 * 60)
    assert send_receipts("--dry-run") == ("0 receipts are due.", "")
    assert send_receipts("--older-than-minutes", "1", "--dry-run")[0] == "1 receipt is due."
    assert send_receipts("--days", "5") == ("Sent 1 receipt.", "")
    assert [len(smtp.to(f"{who}@example.com")) for who in ("recent", "old")] == [0, 1]


def test_a_dry_run_sends_nothing_and_refunded_or_addressless_payments_are_never_due(factory, smtp):
    paid_without_receipt(factory, smtp, "alice")
    refunded = paid_without_receipt(factory, smtp, "bob")
    Payment.objects.filter(pk=refunded.pk).update(status=Payment.STATUS_REFUNDED)
    retired = paid_without_receipt(factory, smtp, "carol")
    Payment.objects.filter(pk=retired.pk).forget_payer_email()
    assert send_receipts("--dry-run") == ("1 receipt is due.", "")
    assert smtp.messages == []
    assert send_receipts() == ("Sent 1 receipt.", "")
    assert [recipients for recipients, _message in smtp.messages] == [["alice@example.com"]]


@pytest.mark.parametrize("option, value", [("--days", "0"), ("--days", "three"), ("--older-than-minutes", "-5")])
def test_a_bad_option_says_what_it_expects(option, value):
    with pytest.raises(CommandError, match="expected a whole number of at least 1"):
        send_receipts(option, value)
