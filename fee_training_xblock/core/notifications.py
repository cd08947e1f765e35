"""Email to learners through Django's mail machinery; a mail server problem never breaks a payment."""
import logging

from django.conf import settings
from django.core.mail import send_mail

log = logging.getLogger(__name__)


def send_email(to_address, subject, body, about=""):
    """Send one plain-text email; returns True when the backend took it. `about` names it in logs.

    Subjects must be one line: line breaks (e.g. from a block title) are replaced,
    since Django refuses a header with a newline and the email would be lost.
    """
    if not to_address:
        log.info("No email address: %s not sent", about or "email")
        return False
    subject = " ".join(str(subject).split())
    try:
        send_mail(subject, body, getattr(settings, "DEFAULT_FROM_EMAIL", None), [to_address])
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not send %s", about or "email")
        return False
    return True
