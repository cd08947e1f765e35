"""The receipt of a fulfilled payment, sent after the fulfilment commits: on a Celery worker, or inline.

Fulfilment runs under the payment's row lock; composing and sending an email there
held the lock for as long as the mail server took, and could send a receipt for a
delivery that then rolled back. Now `_deliver` only asks for the receipt; it is
written (in the payer's language) and sent once the transaction commits, and
`receipt_sent_at` is recorded when the mail backend took it.
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


def _send_receipt(payment_id):
    """The task's body: the receipt of a paid payment whose receipt has not gone out yet (a retry sends none)."""
    payment = Payment.objects.filter(pk=payment_id, paid_at__isnull=False, receipt_sent_at=None).first()
    return email_receipt(payment) if payment is not None else False


send_receipt = background.task(TASK_NAME)(_send_receipt)


def send_receipt_after_commit(payment):
    """Send `payment`'s receipt once the caller's transaction commits; none if it rolls back."""
    background.after_commit(send_receipt, (payment.pk,), lambda: email_receipt(payment),
                            what=f"receipt of {payment.reference}")
