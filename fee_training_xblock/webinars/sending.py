"""Sending queued invitations (run by the Celery task, or inline where no broker is configured).

Each link is taken with a conditional UPDATE (queued → sending) so two workers never
mail the same participant twice; its token is issued right before its email is sent.
"""
import logging

from fee_training_xblock.core import i18n, learners, notifications
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars import emails, links, sealing
from fee_training_xblock.webinars.models import WebinarLink

log = logging.getLogger(__name__)

UNREADABLE = _("The room password of this send could not be read; press Resend and type it again.")


def send_one(link, password):
    """Issue the link's token, email the invitation with its calendar file, and record sent or failed."""
    url = links.issue_token(link)
    subject, body, attachments = emails.invitation(link, url, password)
    ok, error = notifications.deliver(link.participant_email, subject, body, attachments=attachments,
                                      about=f"webinar invitation for link {link.pk}")
    if ok:
        link.mark_invitation_sent()
    else:
        link.mark_invitation_failed(error)
    return ok


def recipient_key(link):
    """The LMS account an invitation goes to, when known: who claimed the link, else the account with its email."""
    return link.claimed_by or learners.key_for_email(link.participant_email)


def send_job(job, sealed_password, language=None):  # pylint: disable=unused-argument
    """Send every invitation still queued under `job`; returns (sent, failed).

    Each invitation is written in its participant's language when they have an LMS
    account with one, else in the site's default. `language` (the staff member's, sent
    by earlier versions with each task) is no longer used; tasks queued with it still run.
    """
    try:
        password = sealing.unseal(sealed_password)
    except ValueError:
        password = None
    sent = failed = 0
    pending = list(WebinarLink.objects.filter(invitation_job=job, invitation_status=WebinarLink.INVITE_QUEUED)
                   .values_list("pk", flat=True))
    for pk in pending:
        if not WebinarLink.objects.take_for_sending(pk, job):
            continue  # another worker took it
        link = WebinarLink.objects.select_related("webinar").get(pk=pk)
        if password is None:
            link.mark_invitation_failed(UNREADABLE)
            failed += 1
            continue
        with i18n.in_language_of(recipient_key(link)):
            ok = send_one(link, password)
        sent, failed = sent + ok, failed + (not ok)
    log.info("Invitation job %s: %s sent, %s failed", job, sent, failed)
    return sent, failed
