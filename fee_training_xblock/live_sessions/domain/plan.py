"""The host's session options, checked: every problem names its field and the fix, all reported at once.

Pure: the caller passes the request's fields (text, numbers as text, booleans or None)
and the current time.
"""
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from fee_training_xblock.core.domain.errors import InvalidConfiguration, Label
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.live_sessions.domain.estimate import Usage

#: "Start Session": the session starts when the host has paid. "Schedule": at the chosen start time.
KIND_NOW = "now"
KIND_SCHEDULED = "scheduled"
KINDS = (KIND_NOW, KIND_SCHEDULED)

MAX_TITLE = 200
MAX_DIVISION = 100
MAX_JOIN_URL = 500
#: A day: longer "sessions" are a typo (minutes typed as seconds) or several sessions.
MAX_DURATION_MINUTES = 24 * 60
MAX_COMPUTERS = 10_000
MAX_DAYS_AHEAD = 366


class InvalidSessionPlan(InvalidConfiguration):
    """Several problems with the host's session options; the message lists each one."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("{detail}", field=self.problems[0].field, detail=self.message)

    @property
    def message(self):
        """Every problem's English message, one after the other."""
        return " ".join(problem.message for problem in self.problems)

    def localized(self, gettext):
        """Every problem's message translated with `gettext`."""
        return " ".join(problem.localized(gettext) for problem in self.problems)


@dataclass(frozen=True)
class SessionPlan:
    """Checked session options: what the estimate is made of and what learners will see."""

    title: str
    kind: str
    starts_at: datetime | None
    usage: Usage
    division: str
    join_url: str = ""


def _text(data, name):
    value = data.get(name)
    return "" if value is None or isinstance(value, bool) else str(value).strip()


def parse_count(raw, field, label, minimum, maximum):
    """A whole number from `minimum` to `maximum`; InvalidConfiguration naming the field otherwise."""
    text = "" if raw is None or isinstance(raw, bool) else str(raw).strip()
    if not re.fullmatch(r"\d{1,9}", text) or not minimum <= int(text) <= maximum:
        raise InvalidConfiguration(_("{label} must be a whole number from {minimum} to {maximum} (got '{value}')."),
                                   field=field, label=label, minimum=minimum, maximum=maximum,
                                   value=text)
    return int(text)


def parse_start(text, now):
    """An aware datetime from ISO 8601 text with a time-zone offset, in the future and within a year."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidConfiguration(_("Start time must be a date and time with a time zone, such as "
                                   "2026-12-01T14:00:00+00:00 (got '{value}')."), field="starts_at", value=text)
    if moment <= now:
        raise InvalidConfiguration(_("Start time must be in the future; to start right away, press Start Session."),
                                   field="starts_at")
    if moment > now + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidConfiguration(_("Start time must be within {days} days from now."), field="starts_at",
                                   days=MAX_DAYS_AHEAD)
    return moment


def parse_join_url(text):
    """'' or an http(s) address without spaces; InvalidConfiguration naming join_url otherwise."""
    if not text:
        return ""
    parts = urlsplit(text)
    if (len(text) > MAX_JOIN_URL or parts.scheme not in ("https", "http") or not parts.netloc
            or re.search(r"\s", text)):
        raise InvalidConfiguration(_("Join link must be a web address starting with https:// (at most {maximum} "
                                   "characters), or empty."), field="join_url", maximum=MAX_JOIN_URL)
    return text


def _check(problems, func, *args):
    try:
        return func(*args)
    except InvalidConfiguration as err:
        problems.append(err)
        return None


def _limited_text(problems, data, name, label, maximum):
    text = " ".join(_text(data, name).split())
    if not text:
        problems.append(InvalidConfiguration(_("{label} cannot be empty."), field=name, label=label))
    elif len(text) > maximum:
        problems.append(InvalidConfiguration(_("{label} is too long: use at most {maximum} characters."), field=name,
                                             label=label, maximum=maximum))
    return text


def parse_plan(data, now):
    """The SessionPlan in the request `data`; InvalidSessionPlan listing every problem otherwise."""
    problems = []
    title = _limited_text(problems, data, "title", Label(_("Session title")), MAX_TITLE)
    division = _limited_text(problems, data, "division", Label(_("Division or cost centre")), MAX_DIVISION)
    kind = _text(data, "kind")
    if kind not in KINDS:
        problems.append(InvalidConfiguration(_("Press Schedule or Start Session (kind must be 'scheduled' or 'now', "
                                             "got '{value}')."), field="kind", value=kind))
    starts_at = _check(problems, parse_start, _text(data, "starts_at"), now) if kind == KIND_SCHEDULED else None
    duration = _check(problems, parse_count, data.get("duration_minutes"), "duration_minutes",
                      Label(_("Duration (minutes)")), 1, MAX_DURATION_MINUTES)
    computers = _check(problems, parse_count, data.get("session_computers"), "session_computers",
                       Label(_("Computers in the session")), 1, MAX_COMPUTERS)
    phones = _check(problems, parse_count, data.get("teleconference_computers"), "teleconference_computers",
                    Label(_("Computers in the teleconference")), 0, MAX_COMPUTERS)
    if computers is not None and phones is not None and phones > computers:
        problems.append(InvalidConfiguration(
            _("Computers in the teleconference ({value}) cannot be more than the computers in the session "
            "({maximum}): they are computers connected in the session."),
            field="teleconference_computers", value=phones, maximum=computers))
    join_url = _check(problems, parse_join_url, _text(data, "join_url"))
    if problems:
        raise InvalidSessionPlan(problems)
    return SessionPlan(title=title, kind=kind, starts_at=starts_at, usage=Usage(duration, computers, phones),
                       division=division, join_url=join_url)
