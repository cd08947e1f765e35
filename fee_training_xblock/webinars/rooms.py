"""Use cases of a webinar's room: keep its copy of the author's settings, set the room password, admit by password.

Functions take plain values (a BlockRef, user keys, the Webinar row), never an XBlock.

A staff revocation holds (`withdrawn_by_staff`, recorded as AccessGrant.revoked_by_staff
by the block's staff "revoke"): the room password is shared by design, so it does not let
a learner whom the course team removed back in, and neither does a personal link created
before the revocation (resending its invitation does not make it newer). What happens
afterwards does: staff granting access again, staff issuing or re-issuing the learner a
personal link, or, in a paid webinar, the learner paying for a seat (which issues them a
new link). Access that ended otherwise (a link expired or staff revoked that one link,
sharing was switched off, a refund) does not stop a later admission the room's rules allow.
The rule is checked on the learner's grant row while `ledger.grant_access` holds its lock,
so a revocation made while a password was being checked is not undone.
"""
import logging
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from fee_training_xblock.conf import setting
from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.ratelimit import Limiter
from fee_training_xblock.webinars.domain import admission, passwords
from fee_training_xblock.webinars.domain.errors import WebinarError
from fee_training_xblock.webinars.domain.schedule import in_zone
from fee_training_xblock.webinars.models import Webinar, WebinarLink

log = logging.getLogger(__name__)

WRONG_PASSWORDS = Limiter(
    "webinar_password",
    limit=lambda: setting("WEBINAR_PASSWORD_MAX_WRONG"),
    window=lambda: setting("WEBINAR_PASSWORD_WRONG_WINDOW"),
    lockout=lambda: setting("WEBINAR_PASSWORD_LOCKOUT"),
)
SHARING_OFF = "the room password no longer admits: sharing was switched off"
WITHDRAWN = _("The course team withdrew your access to this webinar, so the room password does not admit you. "
              "Contact them if you think this is a mistake.")
LINK_REFERENCE = "webinar-link:{pk}"
VIA_OF_KIND = {WebinarLink.KIND_INVITED: AccessGrant.VIA_WEBINAR_LINK,
               WebinarLink.KIND_PAID_ELSEWHERE: AccessGrant.VIA_PAID_ELSEWHERE,
               WebinarLink.KIND_PAID: AccessGrant.VIA_PAYMENT}


def copy_values(title, schedule, *, password_required, sharing_allowed, has_fee, signature):
    """The Webinar columns that mirror the author's settings (schedule may be None while unscheduled)."""
    values = {"title": str(title)[:255], "password_required": bool(password_required),
              "sharing_allowed": bool(sharing_allowed), "has_fee": bool(has_fee), "signature": signature or ""}
    if schedule is not None:
        values.update(starts_at=schedule.starts_at, duration_minutes=schedule.duration_minutes,
                      time_zone=schedule.time_zone, join_url=schedule.join_url)
    return values


def sync_room(ref, values):
    """The block's Webinar row, created or brought up to date with `values` (written only when something changed).

    Switching sharing off ends the admissions the room password alone gave.
    """
    room, created = Webinar.objects.get_or_create(usage_key=ref.usage_key,
                                                  defaults={"course_key": ref.course_key, **values})
    if not created and "sharing_allowed" in room.apply_copy(values) and not room.sharing_allowed:
        ended = AccessGrant.objects.filter(usage_key=ref.usage_key, via=AccessGrant.VIA_WEBINAR_PASSWORD).revoke(
            SHARING_OFF)
        log.info("Webinar %s: sharing switched off, %s password admissions ended", ref.usage_key, ended)
    return room


def find_room(usage_key):
    """The Webinar row of a block, or None before the block was first shown."""
    return Webinar.objects.filter(usage_key=str(usage_key)).first()


def set_room_password(room, text, by):
    """Staff: check and store a new room password (only its hash is kept)."""
    password = passwords.check_new_password(text)
    room.set_password(passwords.hash_password(password, setting("WEBINAR_PASSWORD_ITERATIONS")), by)
    log.info("Webinar %s: room password set by %s", room.usage_key, by)


def clear_room_password(room, by):
    """Staff: remove the room password."""
    room.clear_password(by)
    log.info("Webinar %s: room password removed by %s", room.usage_key, by)


def password_for_invitations(room, text):
    """The password staff typed to put into invitations: '' when none is needed, WebinarError when it is wrong."""
    if not room.password_required:
        return ""
    if not room.password_set:
        raise WebinarError(_("Set the room password first: invitations tell participants what it is."),
                           field="password")
    typed = "" if text is None else str(text)
    if not passwords.password_matches(typed, room.password_hash):
        raise WebinarError(_("Type the room password that is set (invitations carry it); it does not match."),
                           field="password")
    return typed


def held_link(room, user_key, now=None):
    """The usable personal link this learner claimed in this webinar, or None."""
    return WebinarLink.objects.held_by(room, user_key, now).order_by("-claimed_at").first()


def step_for(room, user_key, now=None):
    """(next admission step, the learner's held link or None) for a signed-in learner without a live grant."""
    link = held_link(room, user_key, now)
    step = admission.next_step(fee_due=room.has_fee, holds_link=link is not None,
                               sharing_allowed=room.sharing_allowed, password_required=room.password_required,
                               password_set=room.password_set)
    return step, link


def withdrawn_by_staff(row, link=None):
    """True when the course team revoked this learner's access here and has not let them back in since.

    `row`: the learner's grant row in the block (live or not) or None; `link`: the
    personal link they hold or are opening, if any. A link created after the revocation
    is the course team's decision to admit them again.
    """
    if row is None or row.revoked_at is None or not row.revoked_by_staff:
        return False
    return link is None or link.created_at <= row.revoked_at


def refuse_withdrawn(link=None):
    """A `check` for ledger.grant_access: WebinarError WITHDRAWN when `withdrawn_by_staff(row, link)`."""
    def check(row):
        if withdrawn_by_staff(row, link):
            raise WebinarError(WITHDRAWN, field="password")
    return check


def grant_for_link(ref, link, user_key):
    """The AccessGrant a personal link gives its holder (it ends when the link expires).

    WebinarError WITHDRAWN (nothing changes) when staff removed the learner after the link was made.
    """
    via = VIA_OF_KIND[link.kind]
    reference = link.reference if link.kind == WebinarLink.KIND_PAID else LINK_REFERENCE.format(pk=link.pk)
    return ledger.grant_access(ref, user_key, via, reference, expires_at=link.expires_at,
                               check=refuse_withdrawn(link))


def _locked_out(until_epoch, zone_name, now):
    until = datetime.fromtimestamp(until_epoch, tz=UTC)
    local = in_zone(until, zone_name)
    shown = f"{local:%H:%M} ({zone_name or 'UTC'})"
    return admission.too_many_attempts(until, shown, admission.minutes_left(until, now))


_NOT_BY_PASSWORD = {
    admission.PAY: _("Pay for this webinar first; the room password does not replace the fee."),
    admission.OPEN_LINK: _("The room password alone does not admit you: open the personal link from your "
                           "invitation."),
    admission.NOT_READY: _("The room is not open yet: the course team has not set its password. Please come back "
                           "later."),
}


def enter_password(room, ref, user_key, text, zone_name="", now=None):
    """A learner types the room password: admitted (returns the AccessGrant) or refused with a WebinarError.

    Locked-out learners are refused before anything is checked; each wrong password
    counts, and the last allowed one starts the lockout (TooManyAttempts, saying when).
    A learner staff removed is refused (WITHDRAWN) once the password matched, on the
    grant row the admission locks anyway: no extra read, and no race with the revocation.
    """
    now = now or timezone.now()
    key = f"{ref.usage_key}:{user_key}"
    until = WRONG_PASSWORDS.locked_until(key, now.timestamp())
    if until:
        raise _locked_out(until, zone_name, now)
    step, link = step_for(room, user_key, now)
    if step != admission.ENTER_PASSWORD:
        raise WebinarError(_NOT_BY_PASSWORD[step], field="password")
    typed = "" if text is None else str(text)
    if not typed.strip():
        raise WebinarError(_("Type the room password."), field="password")
    if not passwords.password_matches(typed, room.password_hash):
        until = WRONG_PASSWORDS.record_failure(key, now.timestamp())
        if until:
            raise _locked_out(until, zone_name, now)
        raise WebinarError(_("That is not the room password. After {limit} wrong tries you must wait {minutes} min."),
                           field="password", limit=setting("WEBINAR_PASSWORD_MAX_WRONG"),
                           minutes=max(1, setting("WEBINAR_PASSWORD_LOCKOUT") // 60))
    with transaction.atomic():
        if link is not None:
            grant = grant_for_link(ref, link, user_key)
        else:
            grant = ledger.grant_access(ref, user_key, AccessGrant.VIA_WEBINAR_PASSWORD, "room password",
                                        check=refuse_withdrawn())
    log.info("Webinar %s: user %s admitted with the room password", ref.usage_key, user_key)
    return grant
