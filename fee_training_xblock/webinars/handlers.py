"""XBlock glue of webinars for learners: the author's fields, the webinar card, the room password, Join and .ics.

`WebinarHandlersMixin` relies only on the GatedBlock interface (core.handlers). The
room password and link tokens never enter a field: fields hold the schedule and
switches an author sets in Studio, exported with the course.
"""
import logging

import webob
from django.utils import timezone
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Integer, Scope, String

from fee_training_xblock import compat
from fee_training_xblock.conf import setting
from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import check_currency, parse_money
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.webinars import emails, rooms
from fee_training_xblock.webinars.domain import admission
from fee_training_xblock.webinars.domain import schedule as timing
from fee_training_xblock.webinars.domain.errors import TooManyAttempts, WebinarError
from fee_training_xblock.webinars.staff_handlers import WebinarStaffMixin

log = logging.getLogger(__name__)

MODE = "webinar"


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


class WebinarHandlersMixin(WebinarStaffMixin):
    """Fields, learner handlers and view pieces of blocks in `webinar` mode (staff tools: WebinarStaffMixin)."""

    #: Studio fields this mixin adds to the block's editor.
    webinar_fields = ("webinar_starts_at", "webinar_time_zone", "webinar_duration_minutes", "webinar_join_url",
                      "webinar_password_required", "webinar_sharing_allowed", "webinar_signature")

    webinar_starts_at = String(
        display_name=_("Webinar start"), default="", scope=Scope.settings,
        help=_("Webinar mode: date and time in the time zone below, written 2026-12-02 18:00."))
    webinar_time_zone = String(
        display_name=_("Webinar time zone"), default="UTC", scope=Scope.settings,
        help=_("IANA name of the zone of the start, e.g. Europe/Warsaw. Learners see the time in their own zone."))
    webinar_duration_minutes = Integer(
        display_name=_("Webinar duration (minutes)"), default=60, scope=Scope.settings,
        help=_("How long the session lasts; the Join button works until its end."))
    webinar_join_url = String(
        display_name=_("Live room URL"), default="", scope=Scope.settings,
        help=_("The address of the live room on your video-conference service (https://...). Only admitted "
               "learners are sent there, through the Join button."))
    webinar_password_required = Boolean(
        display_name=_("Room password required"), default=False, scope=Scope.settings,
        help=_("Learners type the room password before they are admitted. Course staff set it in the LMS "
               "(staff tools of this block); it is stored only as a hash, never in the course."))
    webinar_sharing_allowed = Boolean(
        display_name=_("Sharing allowed"), default=False, scope=Scope.settings,
        help=_("On: any learner of the course who knows the room password is admitted. Off: only personal links "
               "admit (each usable by one person), and the password alone does not."))
    webinar_signature = String(
        display_name=_("Invitation signature"), default="", scope=Scope.settings, multiline_editor=True,
        help=_("Closing lines of the invitation emails (e.g. the trainer's name). Empty: the site's signature."))

    # ---- the room and its schedule -------------------------------------

    def webinar_schedule(self):
        """(checked Schedule or None, [WebinarError]) from the author's fields."""
        return timing.check_schedule(self.webinar_starts_at, self.webinar_duration_minutes, self.webinar_time_zone,
                                     self.webinar_join_url)

    def webinar_room(self, cfg):
        """(Webinar row brought up to date with the author's settings, Schedule or None)."""
        schedule, _problems = self.webinar_schedule()
        values = rooms.copy_values(cfg.display_name, schedule, password_required=self.webinar_password_required,
                                   sharing_allowed=self.webinar_sharing_allowed, has_fee=not cfg.fee.is_zero(),
                                   signature=self.webinar_signature)
        return rooms.sync_room(self.ref(), values), schedule

    def require_webinar(self):
        """(room, schedule) of this block; a 400 when the block is not in webinar mode."""
        if self.access_mode != MODE:
            raise JsonHandlerError(400, self.gettext("This block is not a webinar: choose the 'webinar' access mode."))
        return self.webinar_room(self.block_settings())

    def viewer_time_zone(self):
        """The learner's time zone preference in the LMS ('' when unknown: the browser's zone is used)."""
        service = self.runtime.service(self, "user")
        user = service.get_current_user() if service else None
        preferences = (getattr(user, "opt_attrs", {}) or {}).get("edx-platform.user_preferences") or {}
        zone = str(preferences.get("time_zone") or "")
        try:
            return str(timing.load_zone(zone)) if zone else ""
        except WebinarError:
            return ""

    # ---- view pieces ---------------------------------------------------

    def webinar_card(self, room, schedule, situation, now=None):
        """(HTML of the webinar card, its JS config) for one viewer in `situation` (admitted, pay, ...)."""
        now = now or timezone.now()
        zone = self.viewer_time_zone()
        context = {"situation": situation, "scheduled": schedule is not None, "minutes": room.duration_minutes,
                   "has_join_url": bool(room.join_url)}
        config = {"init": "FeeTrainingWebinar", "browserTimeZone": not zone}
        if schedule is not None:
            opens_at, closes_at = timing.join_window(schedule, setting("WEBINAR_JOIN_EARLY_MINUTES"))
            shown_zone = zone or schedule.time_zone
            context.update(
                when=emails.when_text(schedule.starts_at, shown_zone), starts_iso=schedule.starts_at.isoformat(),
                ends_iso=schedule.ends_at.isoformat(), opens=emails.when_text(opens_at, shown_zone),
                join_state=timing.join_state(now, opens_at, closes_at),
                join_url=self.runtime.handler_url(self, "webinar_join"),
                calendar_url=self.runtime.handler_url(self, "webinar_calendar"),
                early=setting("WEBINAR_JOIN_EARLY_MINUTES"))
            config.update(opensIn=(opens_at - now).total_seconds(), closesIn=(closes_at - now).total_seconds(),
                          endedText=self.gettext("This webinar has ended."))
        return self.render_template("webinars/card.html", context), config

    def webinar_situation(self, room, viewer, now=None):
        """(situation, live grant or None, grant row live or not) for a signed-in learner.

        The situation is 'admitted', 'withdrawn' (staff revoked the learner: no password
        form; rooms.withdrawn_by_staff) or the learner's next step; 'pay' stays 'pay' after
        a staff revocation, as in fee mode (a payer's withdrawn seat is the gate's
        withdrawn_after_payment: no second charge). The row comes with the
        receipt of a payment behind it, in one query (GatedBlock.grant_row), and tells the
        gate whether staff withdrew a paid seat without reading it again.
        """
        row = self.grant_row(viewer)
        if row is not None and row.is_active(now):
            return "admitted", row, row
        step, link = rooms.step_for(room, viewer.user_key, now)
        if step != admission.PAY and rooms.withdrawn_by_staff(row, link):
            return "withdrawn", None, row
        if step == admission.ENTER_PASSWORD and link is not None:
            step = "link_then_password"
        return step, None, row

    def webinar_problems(self, data):
        """Studio checks for webinar mode: [(is_error, message)] naming each field to fix."""
        schedule, problems = timing.check_schedule(data.webinar_starts_at, data.webinar_duration_minutes,
                                                   data.webinar_time_zone, data.webinar_join_url)
        found = [(True, problem.localized(self.gettext)) for problem in problems]
        try:
            fee_due = not parse_money(data.fee, check_currency(data.currency)).is_zero()
        except DomainError:
            fee_due = True  # the fee's own problem is reported by the block's checks
        closed = admission.check_closed(fee_due, bool(data.webinar_password_required),
                                        bool(data.webinar_sharing_allowed))
        if closed is not None:
            found.append((True, closed.localized(self.gettext)))
        if schedule is not None and not schedule.join_url:
            found.append((False, self.gettext("Live room URL is empty: admitted learners see no Join button "
                                              "until you add it.")))
        return found

    # ---- learner handlers ----------------------------------------------

    @json_handler
    def webinar_password(self, data, suffix=""):
        """Learner: type the room password; admitted, or told why not (and when to try again after a lockout)."""
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise JsonHandlerError(403, self.gettext("Sign in to join this webinar."))
        if viewer.is_staff or viewer.is_masquerading:
            raise JsonHandlerError(403, self.gettext("Course staff are always admitted; no password is needed."))
        room, _schedule = self.require_webinar()
        try:
            grant = rooms.enter_password(room, self.ref(), viewer.user_key, data.get("password"),
                                         zone_name=self.viewer_time_zone() or room.time_zone)
        except TooManyAttempts as err:
            raise JsonHandlerError(429, err.localized(self.gettext)) from err
        self.sync_access_state(grant)
        self.publish("webinar.admitted", {"user_key": viewer.user_key, "via": grant.via})
        return {"admitted": True, "message": self.gettext("Welcome! Opening the webinar…")}

    def _admitted_or_staff(self, viewer):
        return viewer.is_staff or (not viewer.is_anonymous and ledger.has_access(self.ref().usage_key,
                                                                                 viewer.user_key))

    def _room_for_download(self, viewer):
        """(room, schedule), or a text Response refusing the viewer or naming what is not set up."""
        if self.access_mode != MODE or not self._admitted_or_staff(viewer):
            return self._text_response(403, self.gettext("You are not admitted to this webinar yet."))
        try:
            return self.webinar_room(self.block_settings())
        except DomainError as err:
            return self._text_response(409, err.localized(self.gettext))

    @staticmethod
    def _text_response(status, text):
        return webob.Response(status=status, body=text.encode("utf-8"), content_type="text/plain", charset="utf-8")

    @XBlock.handler
    def webinar_join(self, request, suffix=""):
        """Admitted learners (and staff) are sent to the live room while the join window is open."""
        viewer = self.viewer()
        found = self._room_for_download(viewer)
        if isinstance(found, webob.Response):
            return found
        room, schedule = found
        if schedule is None or not room.join_url:
            return self._text_response(409, self.gettext("The live room is not set up yet. Please try again later."))
        opens_at, closes_at = timing.join_window(schedule, setting("WEBINAR_JOIN_EARLY_MINUTES"))
        state = timing.join_state(timezone.now(), opens_at, closes_at)
        if state != timing.OPEN and not viewer.is_staff:
            text = (self.gettext("This webinar has ended.") if state == timing.ENDED else
                    self.gettext("The room opens at {time}.").format(time=emails.when_text(opens_at, room.time_zone)))
            return self._text_response(409, text)
        self.publish("webinar.joined", {"user_key": viewer.user_key})
        return webob.Response(status=302, location=room.join_url)

    @XBlock.handler
    def webinar_calendar(self, request, suffix=""):
        """The webinar as an .ics file (Add to calendar), for admitted learners and staff."""
        viewer = self.viewer()
        found = self._room_for_download(viewer)
        if isinstance(found, webob.Response):
            return found
        room = found[0]
        page = compat.unit_url(room.course_key, room.usage_key, viewer.user_key if viewer.in_workbench else "")
        page = (compat.lms_root_url() + page) if page.startswith("/") else page
        ics = emails.calendar_file(room, page, self.gettext("Join from the course page: {url}").format(url=page))
        if ics is None:
            return self._text_response(409, self.gettext("This webinar has no start date yet."))
        return webob.Response(body=ics.encode("utf-8"), content_type="text/calendar", charset="utf-8",
                              content_disposition='attachment; filename="webinar.ics"')
