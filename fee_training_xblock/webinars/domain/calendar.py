"""An iCalendar (.ics, RFC 5545) file with one event: the webinar, for "Add to calendar" and invitations.

Times are written in UTC (calendars show them in the reader's zone); text is escaped
and lines are folded at 75 octets as the RFC requires.
"""
from datetime import UTC

PRODID = "-//fee_training_xblock//webinars//EN"


def _stamp(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


def escape_text(value):
    """A TEXT value with backslashes, semicolons, commas and line breaks escaped."""
    text = str(value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line):
    """One content line folded into pieces of at most 75 octets (continuations start with a space)."""
    pieces, current = [], ""
    for char in line:
        limit = 75 if not pieces else 74
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def event_ics(*, uid, starts_at, ends_at, summary, description="", url="", stamp):
    """The text of a calendar holding one event; all datetimes must be aware (they are written in UTC)."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{_stamp(stamp.astimezone(UTC))}",
        f"DTSTART:{_stamp(starts_at.astimezone(UTC))}",
        f"DTEND:{_stamp(ends_at.astimezone(UTC))}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
