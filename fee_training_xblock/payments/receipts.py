"""Payment receipts: the text shown in the block and the email sent with Django's email backend.

Our own receipt, because Stripe's `receipt_email` is not available everywhere
(localstripe rejects it) and the learner should get one either way.
"""
import logging

from django.conf import settings
from django.core.mail import send_mail

from fee_training_xblock.core.domain.money import Money

log = logging.getLogger(__name__)


def receipt_lines(payment):
    """(label, value) rows of a receipt: what was paid, when and the reference."""
    rows = [("Amount paid", Money(int(payment.amount_minor), payment.currency).format())]
    if payment.discount_minor:
        rows.append(("Discount", Money(int(payment.discount_minor), payment.currency).format()))
    when = payment.paid_at or payment.created
    rows.append(("Date", when.strftime("%Y-%m-%d %H:%M UTC") if when else ""))
    rows.append(("Reference", payment.reference))
    if payment.refunded_minor:
        rows.append(("Refunded", Money(int(payment.refunded_minor), payment.currency).format()))
    return rows


def send_receipt(payment, title):
    """Email the payment receipt to the learner; returns True when a message was handed to the backend."""
    if not payment.user_email:
        log.info("No email address for payment %s: receipt not sent", payment.payment_intent_id)
        return False
    body = "\n".join(
        [f"Thank you for your payment for \"{title}\".", ""]
        + [f"{label}: {value}" for label, value in receipt_lines(payment)]
        + ["", "Keep this email: quote the reference if you contact the course team."]
    )
    return _send(payment, f"Receipt: {title}", body)


def send_refund_notice(payment, title):
    """Tell the learner their payment was refunded and their access ended."""
    if not payment.user_email:
        return False
    amount = Money(int(payment.refunded_minor), payment.currency).format()
    body = (
        f"Your payment for \"{title}\" (reference {payment.reference}) was refunded: {amount}.\n"
        "Your access to the paid content has ended. The money usually reaches your card within 5-10 days."
    )
    return _send(payment, f"Refund: {title}", body)


def _send(payment, subject, body):
    """Send one email; a mail server problem is logged and never breaks a payment."""
    try:
        send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [payment.user_email])
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not send email for payment %s", payment.payment_intent_id)
        return False
    return True
