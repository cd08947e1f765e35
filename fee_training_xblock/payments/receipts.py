"""Payment receipts: the rows shown in the block and the emails sent through Django's mail backend.

Our own receipt, because Stripe's `receipt_email` is not available everywhere
(localstripe rejects it) and the payer should get one either way. Emails are written
in the payer's language (core.i18n.in_language_of): a webhook or a task has no viewer.
Fulfilment sends the receipt after its transaction commits (payments.tasks); a refund
notice is composed at once and delivered after the commit (core.notifications.send_email_later).
"""
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from fee_training_xblock.core import i18n
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.notifications import send_email, send_email_later

DEFAULT_TITLE = _("Paid content")
METHOD_NAMES = {"card": _("Card"), "paypal": "PayPal"}
MONEY_BACK = {"card": _("The money usually reaches your card within 5-10 days."),
              "paypal": _("The money goes back to your PayPal account (to the card or bank behind it within 5-10 "
                          "days).")}
# Row labels: English here (the receipt template and the emails translate them where they are shown).
AMOUNT_PAID, PAID_WITH, DISCOUNT, DATE, REFERENCE, REFUNDED = (
    _("Amount paid"), _("Paid with"), _("Discount"), _("Date"), _("Reference"), _("Refunded"))


def receipt_lines(payment):
    """(label, value) rows of a receipt: what was paid, how, when and the reference (labels in English)."""
    rows = [(AMOUNT_PAID, Money(int(payment.amount_minor), payment.currency).format()),
            (PAID_WITH, METHOD_NAMES.get(payment.method, payment.method))]
    if payment.discount_minor:
        rows.append((DISCOUNT, Money(int(payment.discount_minor), payment.currency).format()))
    when = payment.paid_at or payment.created
    rows.append((DATE, when.strftime("%Y-%m-%d %H:%M UTC") if when else ""))
    rows.append((REFERENCE, payment.reference))
    if payment.refunded_minor:
        rows.append((REFUNDED, Money(int(payment.refunded_minor), payment.currency).format()))
    return rows


def title_of(payment):
    """What the payment bought, as the payer knows it (the author's title, else a translated default)."""
    return payment.title or gettext(DEFAULT_TITLE)


def send_receipt(payment):
    """Email the payment receipt to the payer now, in their language; True when a message was handed to the backend."""
    with i18n.in_language_of(payment.payer_key):
        title = title_of(payment)
        rows = [gettext("{label}: {value}").format(label=gettext(label), value=gettext(value) if label == PAID_WITH
                                                   else value) for label, value in receipt_lines(payment)]
        body = "\n".join([gettext("Thank you for your payment for “{title}”.").format(title=title), "", *rows, "",
                          gettext("Keep this email: quote the reference if you contact the course team.")])
        subject = gettext("Receipt: {title}").format(title=title)
    return send_email(payment.payer_email, subject, body, about=f"receipt of {payment.reference}")


def send_refund_notice(payment, effect="", params=None):
    """Tell the payer their payment was refunded and, in `effect` (a template with `params`), what that changed.

    `effect` is English marked for translation (a Product's refund_notice); it is
    translated here, in the payer's language, like the rest of the email. The email is
    written now and sent once the caller's transaction commits (never if it rolls back).
    """
    with i18n.in_language_of(payment.payer_key):
        title = title_of(payment)
        amount = Money(int(payment.refunded_minor or payment.amount_minor), payment.currency).format()
        lines = [gettext("Your payment for “{title}” (reference {reference}) was refunded: {amount}.").format(
            title=title, reference=payment.reference, amount=amount)]
        if effect:
            lines.append(gettext(effect).format(**(params or {})))
        lines.append(gettext(MONEY_BACK.get(payment.method, MONEY_BACK["card"])))
        subject = gettext("Refund: {title}").format(title=title)
    send_email_later(payment.payer_email, subject, "\n".join(lines), about=f"refund notice of {payment.reference}")
