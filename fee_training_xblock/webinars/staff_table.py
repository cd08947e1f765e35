"""The staff table of personal links: each participant's state and invitation, progress, and its CSV export.

No token appears here: tokens are shown once when issued and stored only as hashes.
"""
import csv
import io

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.core.learners import usernames_of
from fee_training_xblock.webinars.models import WebinarLink

LIST_LIMIT = 2000
UNUSED, CLAIMED, EXPIRED, REVOKED = "unused", "claimed", "expired", "revoked"
CSV_COLUMNS = ["id", "name", "email", "kind", "state", "claimed_by", "claimed_at", "expires_at", "invitation",
               "invitation_sent_at", "invitation_error", "reference", "created_at"]


def link_state(link, now=None):
    """UNUSED, CLAIMED, EXPIRED or REVOKED (revocation wins, then expiry)."""
    if link.revoked_at is not None:
        return REVOKED
    if link.is_expired(now):
        return EXPIRED
    return CLAIMED if link.claimed_by else UNUSED


def _iso(moment):
    return moment.isoformat() if moment else ""


def rows(room, now=None, limit=LIST_LIMIT):
    """The room's links, newest first, as JSON-ready dicts (at most `limit`)."""
    now = now or timezone.now()
    links = list(WebinarLink.objects.filter(webinar=room).order_by("-created_at", "-pk")[:limit])
    names = usernames_of({link.claimed_by for link in links if link.claimed_by})
    return [{
        "id": link.pk, "name": link.participant_name, "email": link.participant_email, "kind": link.kind,
        "state": link_state(link, now), "claimed_by": names.get(link.claimed_by, "") if link.claimed_by else "",
        "claimed_at": _iso(link.claimed_at), "expires_at": _iso(link.expires_at),
        "invitation": link.invitation_status, "invitation_sent_at": _iso(link.invitation_sent_at),
        # Stored in English; our own reasons (a catalogue's messages) are shown in the staff member's language.
        "invitation_error": gettext(link.invitation_error) if link.invitation_error else "",
        "reference": link.reference if link.kind != WebinarLink.KIND_PAID else "",
        "created_at": _iso(link.created_at), "has_token": bool(link.token_hash),
    } for link in links]


def progress(room):
    """{invitation status: count} over the room's links, plus 'total'."""
    counts = dict(WebinarLink.objects.filter(webinar=room).values_list("invitation_status")
                  .annotate(n=Count("pk")).values_list("invitation_status", "n"))
    counts["total"] = sum(counts.values())
    return counts


def csv_text(room, now=None):
    """The staff table as CSV (one participant per line), without any token."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows(room, now, limit=None):
        writer.writerow([spreadsheet_safe(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def spreadsheet_safe(value):
    """A cell that a spreadsheet will not run as a formula (typed names may start with = + - @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
