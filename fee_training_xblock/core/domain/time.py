"""Time helpers shared by capabilities: IANA time zones, calendar months and their boundaries.

Pure: every function takes the moment it works on; nothing here reads a clock.
"""
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fee_training_xblock.core.domain.errors import InvalidConfiguration
from fee_training_xblock.core.domain.errors import gettext_noop as _


def load_time_zone(name, field="BILLING_TIME_ZONE"):
    """The ZoneInfo for an IANA name such as 'UTC' or 'Europe/Paris'; InvalidConfiguration if unknown."""
    try:
        return ZoneInfo(str(name or "UTC"))
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise InvalidConfiguration(
            _("Unknown time zone '{value}': use an IANA name such as UTC or Europe/Paris."),
            field=field, value=name,
        ) from err


def billing_month(moment, tz):
    """The calendar month ('YYYY-MM') of an aware datetime, with month boundaries in `tz`."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    local = moment.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


#: Billing months the plugin accepts: their boundaries in any time zone stay inside what datetime and
#: the databases can hold (year 1 or 9999 overflows once shifted to UTC).
FIRST_YEAR, LAST_YEAR = 1900, 9998


def parse_month(text):
    """(year, month) from 'YYYY-MM'; InvalidConfiguration with the expected shape or range otherwise."""
    raw = (text or "").strip()
    try:
        year_text, month_text = raw.split("-")
        year, month = int(year_text), int(month_text)
        if len(year_text) != 4 or not 1 <= month <= 12:
            raise ValueError(raw)
    except ValueError as err:
        raise InvalidConfiguration(
            _("Month must look like 2026-11 (got '{value}')."), field="month", value=raw,
        ) from err
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidConfiguration(_("Month {value} is out of range: use a month from {first}-01 to {last}-12."),
                                   field="month", value=raw, first=FIRST_YEAR, last=LAST_YEAR)
    return year, month


def month_bounds(text, tz):
    """The half-open [start, end) instants of month 'YYYY-MM' in time zone `tz`, as aware datetimes."""
    year, month = parse_month(text)
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end
