"""When a webinar happens: the author's start (local time in an IANA zone), its duration, and the join window.

Pure: every function takes the moment it works on; nothing here reads a clock.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fee_training_xblock.core.domain.errors import Label
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars.domain.errors import WebinarError

MIN_MINUTES = 5
MAX_MINUTES = 24 * 60
MAX_URL = 1000
START_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

BEFORE, OPEN, ENDED = "before", "open", "ended"


@dataclass(frozen=True)
class Schedule:
    """A checked schedule: start as an aware UTC datetime, length in minutes, the author's zone, the room URL."""

    starts_at: datetime
    duration_minutes: int
    time_zone: str
    join_url: str = ""

    @property
    def ends_at(self):
        """The end of the session (start + duration)."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)


def load_zone(name, field="webinar_time_zone"):
    """The ZoneInfo of an IANA name; WebinarError naming the field otherwise."""
    text = str(name or "").strip()
    try:
        if not text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise WebinarError(_("Time zone: '{value}' is not an IANA time zone name (e.g. Europe/Warsaw, UTC)."),
                           field=field, value=text) from err


START = Label(_("Start"))


def parse_local(text, zone, field="webinar_starts_at", label=START):
    """The aware UTC instant of a local wall-clock time 'YYYY-MM-DD HH:MM' in `zone`.

    A time that does not exist in that zone (skipped by a daylight-saving change) is
    refused; an ambiguous one (repeated by the change back) means its first occurrence.
    """
    raw = str(text or "").strip()
    for shape in START_FORMATS:
        try:
            naive = datetime.strptime(raw, shape)
            break
        except ValueError:
            continue
    else:
        raise WebinarError(_("{label}: write the date and time as 2026-12-02 18:00 (got '{value}')."),
                           field=field, label=label, value=raw)
    local = naive.replace(tzinfo=zone, fold=0)
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        raise WebinarError(_("{label}: {value} does not exist in {zone} (the clocks change then); pick another time."),
                           field=field, label=label, value=raw, zone=str(zone))
    return moment


def parse_duration(value):
    """The duration in whole minutes between MIN_MINUTES and MAX_MINUTES; WebinarError otherwise."""
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        raise WebinarError(_("Duration: write a whole number of minutes (got '{value}')."),
                           field="webinar_duration_minutes", value=value) from None
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise WebinarError(_("Duration must be between {low} and {high} minutes (got {value})."),
                           field="webinar_duration_minutes", low=MIN_MINUTES, high=MAX_MINUTES, value=minutes)
    return minutes


def check_join_url(text):
    """The live room's URL: empty, or an https:// (or http://) address with a host; WebinarError otherwise."""
    url = str(text or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if len(url) > MAX_URL or parts.scheme not in ("https", "http") or not parts.hostname or " " in url:
        raise WebinarError(_("Join URL: give the full address of the live room, starting with https:// (got "
                             "'{value}')."),
                           field="webinar_join_url", value=url[:80])
    return url


def check_schedule(start_text, duration, zone_name, join_url):
    """(Schedule or None, [WebinarError]) for the author's fields; every problem is reported at once."""
    problems, zone, minutes, start, url = [], None, None, None, ""
    for step in ("zone", "duration", "start", "url"):
        try:
            if step == "zone":
                zone = load_zone(zone_name)
            elif step == "duration":
                minutes = parse_duration(duration)
            elif step == "start" and zone is not None:
                start = parse_local(start_text, zone)
            elif step == "url":
                url = check_join_url(join_url)
        except WebinarError as err:
            problems.append(err)
    if problems or start is None:
        return None, problems
    return Schedule(starts_at=start, duration_minutes=minutes, time_zone=str(zone), join_url=url), []


def join_window(schedule, early_minutes):
    """(opens_at, closes_at): the Join button works from `early_minutes` before the start until the end."""
    return schedule.starts_at - timedelta(minutes=max(int(early_minutes), 0)), schedule.ends_at


def join_state(now, opens_at, closes_at):
    """BEFORE the window, OPEN within it (start inclusive, end exclusive), or ENDED."""
    if now < opens_at:
        return BEFORE
    return OPEN if now < closes_at else ENDED


def in_zone(moment, zone_name):
    """`moment` as wall-clock time in the named zone (UTC when the name is unknown or empty)."""
    try:
        zone = load_zone(zone_name)
    except WebinarError:
        zone = UTC
    return moment.astimezone(zone)
