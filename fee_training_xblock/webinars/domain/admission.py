"""Who is let into a webinar, and what a learner who is not in yet must do next.

The rules (README, "Paid webinars"):

* Staff are always in. A learner with a live access grant (paid, added by staff,
  admitted earlier) is in.
* A personal link, once claimed, makes its holder a participant. A holder is in at
  once, or after typing the room password when the author requires one.
* Without a link: with a fee, the learner pays (paying issues their own personal
  link and admits them); without a fee and with sharing allowed, the room password
  alone admits; with sharing off, only personal links admit.
* A webinar must be closed by something: a fee, a room password, or sharing off.
  With none of them it would admit everyone, which is the `free` mode's job.
"""
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars.domain.errors import TooManyAttempts, WebinarError

PAY = "pay"
OPEN_LINK = "open_link"
ENTER_PASSWORD = "enter_password"
NOT_READY = "not_ready"


def next_step(*, fee_due, holds_link, sharing_allowed, password_required, password_set):
    """What a signed-in learner without a live grant must do: PAY, OPEN_LINK, ENTER_PASSWORD or NOT_READY.

    NOT_READY: the password would admit them, but staff have not set it yet.
    """
    password_step = ENTER_PASSWORD if password_set else NOT_READY
    if holds_link:
        return password_step if password_required else OPEN_LINK
    if fee_due:
        return PAY
    if sharing_allowed and password_required:
        return password_step
    return OPEN_LINK


def check_closed(fee_due, password_required, sharing_allowed):
    """A WebinarError when nothing closes the webinar (no fee, no password, sharing allowed); else None."""
    if not fee_due and not password_required and sharing_allowed:
        return WebinarError(
            _("This webinar would admit everyone: set a fee, require a room password, or switch sharing off "
            "so that only personal links admit (or choose the 'free' access mode)."), field="webinar_sharing_allowed")
    return None


def too_many_attempts(until, shown_time, minutes):
    """The refusal for a learner locked out after wrong passwords: when to try again, in their time."""
    return TooManyAttempts(_("Too many wrong passwords. Try again at {time} (in about {minutes} min)."),
                           field="password", time=shown_time, minutes=minutes, until=until.isoformat())


def minutes_left(until, now):
    """Whole minutes (at least 1) from `now` until `until`, for the lockout message."""
    seconds = (until - now).total_seconds()
    return max(1, int(-(-seconds // 60)))
