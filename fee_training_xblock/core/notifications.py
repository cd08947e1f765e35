"""Email to learners through Django's mail machinery; a mail server problem never breaks a payment."""
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_noop

log = logging.getLogger(__name__)

#: Why an email was not sent, kept in English with the row (staff tables translate it when they show it).
NO_ADDRESS = gettext_noop("no email address")


def deliver(to_address, subject, body, attachments=(), about=""):
    """Send one plain-text email with optional attachments ((filename, content, mimetype) triples).

    Returns (True, "") when the backend took it, else (False, a short reason for staff
    tables). Subjects must be one line: line breaks (e.g. from a block title) are
    replaced, since Django refuses a header with a newline and the email would be lost.
    """
    if not to_address:
        log.info("No email address: %s not sent", about or "email")
        return False, NO_ADDRESS
    subject = " ".join(str(subject).split())
    message = EmailMessage(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [to_address])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception as err:  # pylint: disable=broad-except
        log.exception("Could not send %s", about or "email")
        return False, f"{type(err).__name__}: {err}"[:255]
    return True, ""


def send_email(to_address, subject, body, about=""):
    """Send one plain-text email; returns True when the backend took it. `about` names it in logs."""
    return deliver(to_address, subject, body, about=about)[0]
