"""XBlock glue of webinars for course staff: the room password, personal links, invitations and their table.

Every handler checks all of its input before it writes anything, and answers a bad
field with a 400 naming it. The room password is never echoed; a link's URL is
returned once, when its token is issued, and never again.
"""
import logging

import webob
from xblock.core import XBlock

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.webinars import invitations, links, rooms, staff_table
from fee_training_xblock.webinars.domain import participants as people
from fee_training_xblock.webinars.domain.errors import WebinarError
from fee_training_xblock.webinars.models import WebinarLink

log = logging.getLogger(__name__)

MAX_NOTE = 255
MAX_LIST_CHARS = 2_000_000  # 5,000 participants with long names and addresses fit comfortably
_TRUE = (True, "true", "on", "1", "yes")


def _flag(value):
    return value in _TRUE or str(value).strip().lower() in _TRUE


class WebinarStaffMixin:
    """Staff handlers and the staff section of webinar blocks; relies only on the GatedBlock interface."""

    def webinar_staff_html(self, room):
        """The staff tools of a webinar: room password, participants and links, invitations."""
        return self.render_template("webinars/staff.html", {
            "password_required": room.password_required, "password_set": room.password_set,
            "password_set_at": room.password_set_at, "sharing_allowed": room.sharing_allowed,
            "has_fee": room.has_fee, "time_zone": room.time_zone, "max_participants": people.MAX_PARTICIPANTS,
            "csv_url": self.runtime.handler_url(self, "webinar_links_csv"),
        })

    def _staff_room(self):
        staff = self.require_staff()
        room, _schedule = self.require_webinar()
        return staff, room

    def _invitation_password(self, room, data, sending):
        """The room password for the emails ('' when not sending or not needed); checked before anything is written."""
        return rooms.password_for_invitations(room, data.get("password")) if sending else ""

    def _queue(self, room, rows, password, staff):
        job, count = invitations.queue(room, rows, password, by=staff.user_key)
        return {"job": job, "queued": count}

    # ---- room password -------------------------------------------------

    @json_handler
    def webinar_set_password(self, data, suffix=""):
        """Staff: set or change the room password (stored as a hash only)."""
        staff, room = self._staff_room()
        rooms.set_room_password(room, data.get("password"), by=staff.user_key)
        return {"password_set": True, "message": self.gettext(
            "Room password saved. Invitations sent before still carry the old one: resend them if needed.")}

    @json_handler
    def webinar_clear_password(self, data, suffix=""):
        """Staff: remove the room password (learners who must type one cannot get in until a new one is set)."""
        staff, room = self._staff_room()
        rooms.clear_room_password(room, by=staff.user_key)
        return {"password_set": False, "message": self.gettext("Room password removed.")}

    # ---- personal links ------------------------------------------------

    @json_handler
    def webinar_generate(self, data, suffix=""):
        """Staff: one personal link per participant (typed lines or CSV), optional expiry, optionally emailed now."""
        staff, room = self._staff_room()
        typed, uploaded = str(data.get("participants") or ""), str(data.get("csv") or "")
        if len(typed) > MAX_LIST_CHARS or len(uploaded) > MAX_LIST_CHARS:
            raise WebinarError(_("The participant list is too long: split it into files of at most {maximum} "
                               "participants."), field="participants", maximum=people.MAX_PARTICIPANTS)
        if not typed.strip() and not uploaded.strip():
            raise WebinarError(_("Add participants: one per line (Name <email>), or choose a CSV file."),
                               field="participants")
        found = (people.parse_lines(typed) if typed.strip() else []) + (
            people.parse_csv(uploaded) if uploaded.strip() else [])
        expires_at = links.parse_expiry(data.get("expires_at"), room)
        paid_elsewhere, send = _flag(data.get("paid_elsewhere")), _flag(data.get("send"))
        note = " ".join(str(data.get("note") or "").split())
        if len(note) > MAX_NOTE:
            raise WebinarError(_("The payment note can have at most {maximum} characters."), field="note",
                               maximum=MAX_NOTE)
        password = self._invitation_password(room, data, send)
        issued, skipped = links.generate(
            room, found, kind=WebinarLink.KIND_PAID_ELSEWHERE if paid_elsewhere else WebinarLink.KIND_INVITED,
            reference=note, expires_at=expires_at, created_by=staff.user_key, show_links=not send)
        reply = {"created": len(issued), "skipped": [person.label for person in skipped],
                 "links": [{"id": item.link.pk, "name": item.link.participant_name,
                            "email": item.link.participant_email, "url": item.url} for item in issued if item.url]}
        message = self.ngettext("{count} personal link generated.", "{count} personal links generated.",
                                len(issued)).format(count=len(issued))
        if send and any(item.link.participant_email for item in issued):
            reply.update(self._queue(room, WebinarLink.objects.filter(pk__in=[i.link.pk for i in issued]),
                                     password, staff))
            message += " " + self.ngettext("{count} invitation is being sent.", "{count} invitations are being sent.",
                                            reply["queued"]).format(count=reply["queued"])
        if skipped:
            message += " " + self.ngettext(
                "{count} participant already had a link and was skipped: use Resend or Re-issue in the table.",
                "{count} participants already had a link and were skipped: use Resend or Re-issue in the table.",
                len(skipped)).format(count=len(skipped))
        reply["message"] = message
        return reply

    @json_handler
    def webinar_links(self, data, suffix=""):
        """Staff: the links table (state, invitation) and the invitation progress."""
        _staff, room = self._staff_room()
        return {"links": staff_table.rows(room), "progress": staff_table.progress(room),
                "password_set": room.password_set}

    @json_handler
    def webinar_revoke(self, data, suffix=""):
        """Staff: a link admits no one any more, and the admission it gave ends."""
        staff, room = self._staff_room()
        link = links.revoke(room, data.get("link"), by=staff.user_key)
        self.publish("webinar.link_revoked", {"link": link.pk, "revoked_by": staff.user_key})
        return {"link": link.pk, "message": self.gettext("Link revoked.")}

    @json_handler
    def webinar_reissue(self, data, suffix=""):
        """Staff: revoke a link and give its participant a new one (shown once, or emailed at once)."""
        staff, room = self._staff_room()
        send = _flag(data.get("send"))
        password = self._invitation_password(room, data, send)
        issued = links.reissue(room, data.get("link"), by=staff.user_key, show_link=not send)
        reply = {"link": issued.link.pk, "url": issued.url,
                 "message": self.gettext("New link issued; the old one no longer works.")}
        if send and issued.link.participant_email:
            reply.update(self._queue(room, WebinarLink.objects.filter(pk=issued.link.pk), password, staff))
        return reply

    @json_handler
    def webinar_invite(self, data, suffix=""):
        """Staff: email invitations, to one link (resend) or to everyone not invited yet (or whose email failed)."""
        staff, room = self._staff_room()
        password = self._invitation_password(room, data, True)
        target = str(data.get("link") or "").strip()
        if target:
            rows = WebinarLink.objects.filter(pk=links.link_in_room(room, target).pk)
        else:
            rows = WebinarLink.objects.filter(invitation_status__in=[WebinarLink.INVITE_NOT_SENT,
                                                                     WebinarLink.INVITE_FAILED])
        reply = self._queue(room, rows, password, staff)
        reply["message"] = self.ngettext("{count} invitation is being sent.", "{count} invitations are being sent.",
                                          reply["queued"]).format(count=reply["queued"])
        return reply

    @XBlock.handler
    def webinar_links_csv(self, request, suffix=""):
        """Staff: the links table as a CSV download (no tokens: they are never stored)."""
        if not self.viewer().is_staff:
            return webob.Response(status=403, body=self.gettext("Only course staff can do this.").encode(),
                                  content_type="text/plain", charset="utf-8")
        try:
            room, _schedule = self.webinar_room(self.block_settings())
        except DomainError as err:
            return webob.Response(status=400, body=err.localized(self.gettext).encode("utf-8"),
                                  content_type="text/plain", charset="utf-8")
        return webob.Response(body=staff_table.csv_text(room).encode("utf-8"), content_type="text/csv",
                              charset="utf-8", content_disposition='attachment; filename="webinar-links.csv"')
