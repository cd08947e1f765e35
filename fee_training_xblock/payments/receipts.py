"""Payment receipts: the rows shown in the block and the emails sent through Django's mail backend.

Our own receipt, because Stripe's `receipt_email` is not available everywhere
(localstripe rejects it) and the payer should get one either way.
"""
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.notifications import send_email

DEFAULT_TITLE = "Paid content"
METHOD_NAMES = {"card": "Card", "paypal": "PayPal"}
MONEY_BACK = {"card": "The money usually reaches your card within 5-10 days.",
              "paypal": "The money goes back to your PayPal account (to the card or bank behind it within 5-10 days)."}


def receipt_lines(payment):
    """(label, value) rows of a receipt: what was paid, how, when and the reference."""
    rows = [("Amount paid", Money(int(payment.amount_minor), payment.currency).format()),
            ("Paid with", METHOD_NAMES.get(payment.method, payment.method))]
    if payment.discount_minor:
        rows.append(("Discount", Money(int(payment.discount_minor), payment.currency).format()))
    when = payment.paid_at or payment.created
    rows.append(("Date", when.strftime("%Y-%m-%d %H:%M UTC") if when else ""))
    rows.append(("Reference", payment.reference))
    if payment.refunded_minor:
        rows.append(("Refunded", Money(int(payment.refunded_minor), payment.currency).format()))
    return rows


def send_receipt(payment):
    """Email the payment receipt to the payer; True when a message was handed to the backend."""
    title = payment.title or DEFAULT_TITLE
    body = "\n".join(
        [f"Thank you for your payment for \"{title}\".", ""]
        + [f"{label}: {value}" for label, value in receipt_lines(payment)]
        + ["", "Keep this email: quote the reference if you contact the course team."]
    )
    return send_email(payment.payer_email, f"Receipt: {title}", body, about=f"receipt of {payment.reference}")


def send_refund_notice(payment, effect="", params=None):
    """Tell the payer their payment was refunded and, in `effect` (a template with `params`), what that changed."""
    title = payment.title or DEFAULT_TITLE
    amount = Money(int(payment.refunded_minor or payment.amount_minor), payment.currency).format()
    body = (
        f"Your payment for \"{title}\" (reference {payment.reference}) was refunded: {amount}.\n"
        + (effect.format(**(params or {})) + "\n" if effect else "")
        + MONEY_BACK.get(payment.method, MONEY_BACK["card"])
    )
    return send_email(payment.payer_email, f"Refund: {title}", body, about=f"refund notice of {payment.reference}")
