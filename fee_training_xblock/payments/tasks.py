"""The receipt of a fulfilled payment, sent after the fulfilment commits: on a Celery worker, or inline.

Fulfilment runs under the payment's row lock; composing and sending an email there
held the lock for as long as the mail server took, and could send a receipt for a
delivery that then rolled back. Now `_deliver` only asks for the receipt; it is
written (in the payer's language) and sent once the transaction commits, and
`receipt_sent_at` is recorded when the mail backend took it. A receipt the mail server
refused then is sent again by `manage.py fee_training_send_receipts` (payments/commands).
"""
from fee_training_xblock.core import background
from fee_training_xblock.payments import receipts
from fee_training_xblock.payments.models import Payment

TASK_NAME = "fee_training_xblock.payments.send_receipt"


def email_receipt(payment):
    """Send the receipt of a paid payment and record when it went out; True when the mail backend took it."""
    if not receipts.send_receipt(payment):
        return False
    payment.record_receipt_sent()
    return True


def send_pending_receipt(payment_id):
    """Send the receipt of a paid payment unless it went out already (the task's body, and the retry's).

    True when sent, False when the mail backend refused it, None when there was nothing
    to send: the row is read again here, so a receipt sent meanwhile is not sent twice.
    """
    payment = Payment.objects.filter(pk=payment_id, paid_at__isnull=False, receipt_sent_at=None).first()
    return email_receipt(payment) if payment is not None else None


send_receipt = background.task(TASK_NAME)(send_pending_receipt)


def send_receipt_after_commit(payment):
    """Send `payment`'s receipt once the caller's transaction commits; none if it rolls back."""
    background.after_commit(send_receipt, (payment.pk,), lambda: email_receipt(payment),
                            what=f"receipt of {payment.reference}")
