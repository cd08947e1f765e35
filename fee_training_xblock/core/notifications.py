"""Email to learners through Django's mail machinery; a mail server problem never breaks a payment.

An email written inside a transaction (a refund notice, ...) is sent with
`send_email_later`: after the commit, on a Celery worker when a broker is configured.
"""
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext_noop

from fee_training_xblock.core import background

log = logging.getLogger(__name__)

#: The Celery task that sends an email composed before the commit (found through fee_training_xblock.tasks).
SEND_TASK_NAME = "fee_training_xblock.core.send_email"
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


def _send_email_task(to_address, subject, body, about=""):
    """The task's body: send an email composed before it was queued."""
    send_email(to_address, subject, body, about=about)


send_email_task = background.task(SEND_TASK_NAME)(_send_email_task)


def send_email_later(to_address, subject, body, about=""):
    """Send a composed email once the caller's transaction commits (at once outside one); never if it rolls back.

    On a Celery worker when a broker is configured, else inline after the commit. The
    email is composed by the caller (in the recipient's language); only its delivery
    waits, so a slow mail server holds no row locks and a failure never undoes a payment.
    """
    args = (to_address, str(subject), str(body), about)
    background.after_commit(send_email_task, args, lambda: _send_email_task(*args), what=about or "email")
