"""Queueing invitations: staff choose participants, the worker (tasks.py) sends each their email.

The room password staff typed is checked against its hash first (rooms.py) and
travels sealed (sealing.py); tokens are issued by the sender, never queued.
"""
import logging
import secrets

from django.utils import translation

from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars import sealing, tasks
from fee_training_xblock.webinars.domain.errors import WebinarError
from fee_training_xblock.webinars.models import WebinarLink

log = logging.getLogger(__name__)


def queue(room, link_rows, password, by, language=None, now=None):
    """Queue invitations for `link_rows` (a WebinarLink query); returns (job id, how many were queued).

    Only usable links with an email address are queued. `password` is the room password
    already checked by rooms.password_for_invitations ('' when none is needed).
    """
    if room.starts_at is None:
        raise WebinarError(_("Set the webinar's start in Studio first: invitations tell participants when it is."),
                           field="links")
    job = secrets.token_hex(8)
    count = link_rows.filter(webinar=room).usable(now).exclude(participant_email="").queue_invitations(job, now)
    if not count:
        raise WebinarError(_("No participant to invite: they need an email address and a link that is neither "
                           "revoked nor expired."), field="links")
    log.info("Webinar %s: %s invitations queued by %s (job %s)", room.usage_key, count, by, job)
    tasks.dispatch(job, sealing.seal(password), language or translation.get_language() or "en")
    return job, count


def queue_for_payer(link):
    """After a payment: queue the payer's invitation (no password: paying admitted them). (job, count)."""
    if not link.participant_email or link.webinar.starts_at is None:
        return None, 0
    return queue(link.webinar, WebinarLink.objects.filter(pk=link.pk), "", by="payment")
