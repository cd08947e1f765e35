"""What an invitation says: its text in the active language, the date and time, and the calendar file."""
import hashlib
from datetime import timedelta

from django.utils import formats, timezone, translation

from fee_training_xblock.conf import setting
from fee_training_xblock.core import rendering
from fee_training_xblock.webinars.domain.calendar import event_ics
from fee_training_xblock.webinars.domain.schedule import in_zone
from fee_training_xblock.webinars.models import WebinarLink


def when_text(moment, zone_name):
    """A moment as readable local time in the active language, e.g. 'Wednesday, 2 December 2026, 18:00 (UTC)'."""
    if moment is None:
        return ""
    return f"{formats.date_format(in_zone(moment, zone_name), 'l, j F Y, H:i')} ({zone_name or 'UTC'})"


def calendar_uid(room):
    """A stable UID for the webinar's calendar event (the same in every .ics of this webinar)."""
    return hashlib.sha256(room.usage_key.encode("utf-8")).hexdigest()[:32] + "@fee-training-webinar"


def calendar_file(room, url, description, now=None):
    """The .ics text of the webinar (None while it has no start)."""
    if room.starts_at is None:
        return None
    return event_ics(uid=calendar_uid(room), starts_at=room.starts_at,
                     ends_at=room.starts_at + timedelta(minutes=room.duration_minutes), summary=room.title,
                     description=description, url=url, stamp=now or timezone.now())


def message_context(link, url, password):
    """What the invitation templates show (already in the active language)."""
    room = link.webinar
    return {
        "name": link.participant_name, "title": room.title, "link": url,
        "when_local": when_text(room.starts_at, room.time_zone), "when_utc": when_text(room.starts_at, "UTC"),
        "minutes": room.duration_minutes,
        "expires": when_text(link.expires_at, room.time_zone) if link.expires_at else "",
        "password": password if room.password_required and link.kind != WebinarLink.KIND_PAID else "",
        "paid": link.kind == WebinarLink.KIND_PAID,
        "signature": room.signature or setting("WEBINAR_INVITATION_SIGNATURE"),
    }


def invitation(link, url, password):
    """(subject, body, [(filename, content, mimetype)]) of one participant's invitation."""
    context = message_context(link, url, password)
    subject = rendering.render("webinars/invitation_subject.txt", context).strip()
    body = rendering.render("webinars/invitation_body.txt", context)
    ics = calendar_file(link.webinar, url, translation.gettext("Your personal link: {url}").format(url=url))
    return subject, body, [("webinar.ics", ics, "text/calendar")] if ics else []
