"""The Estimated Session Cost, exactly as the seed defines it, rounded once at the end.

people minutes          = duration x computers connected in the session
teleconferencing minutes = duration x computers connected in the teleconference
cost = people minutes x people-minute rate + teleconferencing minutes x teleconferencing-minute rate

Rates are exact decimals that may be finer than the currency's minor unit (0.0125 USD
a minute). Every intermediate value is exact; only the total is rounded, half-up, to
the currency's minor unit (whole yen for JPY).
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from fee_training_xblock.core.domain.currencies import exponent_of, symbol_of
from fee_training_xblock.core.domain.errors import InvalidAmount
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import MAX_MINOR_UNITS, Money, check_currency

#: Rates may have at most this many decimal places (0.000001 of a currency unit per minute).
RATE_PLACES = 6
#: A per-minute rate above this is a typo, not a price.
MAX_RATE = Decimal("1000")
# Wide enough that no product of sane quantities and rates is ever rounded by the context.
_EXACT = Context(prec=60)


@dataclass(frozen=True)
class Rates:
    """What one minute costs: per person in the session and per computer in the teleconference."""

    currency: str
    people_minute: Decimal
    teleconference_minute: Decimal


@dataclass(frozen=True)
class Usage:
    """The quantities a host expects: duration and computers connected."""

    duration_minutes: int
    session_computers: int
    teleconference_computers: int

    @property
    def people_minutes(self):
        """Duration multiplied by the computers connected in the session."""
        return self.duration_minutes * self.session_computers

    @property
    def teleconference_minutes(self):
        """Duration multiplied by the computers connected in the teleconference."""
        return self.duration_minutes * self.teleconference_computers


@dataclass(frozen=True)
class Estimate:
    """The whole calculation: quantities, exact part costs, the exact total and the one rounded total."""

    usage: Usage
    rates: Rates
    people_cost: Decimal
    teleconference_cost: Decimal
    exact_total: Decimal
    total: Money

    @property
    def was_rounded(self):
        """True when the exact total had more decimals than the currency (so the total shown was rounded)."""
        return self.exact_total != Decimal(self.total.minor).scaleb(-self.total.exponent)

    @property
    def people_minutes(self):
        """People minutes of the estimate."""
        return self.usage.people_minutes

    @property
    def teleconference_minutes(self):
        """Teleconferencing minutes of the estimate."""
        return self.usage.teleconference_minutes


NOT_A_RATE = _("{label} must be a decimal number such as 0.0125 (got '{value}').")


def parse_rate(value, field):
    """An exact, non-negative Decimal rate from text or a number; InvalidAmount naming `field` otherwise.

    Floats are read through their shortest text (0.1 is 0.1, not 0.1000000000000000055...).
    """
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    try:
        rate = Decimal(text)
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        raise InvalidAmount(NOT_A_RATE, field=field, label=field, value=value)
    if rate < 0:
        raise InvalidAmount(_("{label} cannot be negative (got '{value}')."), field=field, label=field, value=text)
    if rate > MAX_RATE:
        raise InvalidAmount(_("{label} is more than {maximum} per minute; check the decimal point (got '{value}')."),
                            field=field, label=field, maximum=MAX_RATE, value=text)
    if -rate.normalize().as_tuple().exponent > RATE_PLACES:
        raise InvalidAmount(_("{label} may have at most {places} decimal places (got '{value}')."), field=field,
                            label=field, places=RATE_PLACES, value=text)
    return rate


def make_rates(currency, people_minute, teleconference_minute):
    """Checked Rates; UnknownCurrency or InvalidAmount name the setting at fault."""
    return Rates(
        currency=check_currency(currency, field="LIVE_SESSION_CURRENCY"),
        people_minute=parse_rate(people_minute, "LIVE_SESSION_PEOPLE_MINUTE_RATE"),
        teleconference_minute=parse_rate(teleconference_minute, "LIVE_SESSION_TELECONFERENCE_MINUTE_RATE"),
    )


def round_to_minor(amount, currency):
    """The exact `amount` (in currency units) rounded once, half-up, to whole minor units (an int)."""
    with localcontext(_EXACT):
        scaled = amount.scaleb(exponent_of(currency))
        return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def exact_costs(people_minutes, teleconference_minutes, rates):
    """(people cost, teleconferencing cost, total) as exact Decimals in currency units; nothing rounded."""
    with localcontext(_EXACT):
        people_cost = people_minutes * rates.people_minute
        teleconference_cost = teleconference_minutes * rates.teleconference_minute
        return people_cost, teleconference_cost, people_cost + teleconference_cost


def estimate(usage, rates):
    """The Estimate of `usage` at `rates`; InvalidAmount when the total exceeds one card payment."""
    people_cost, teleconference_cost, exact_total = exact_costs(usage.people_minutes, usage.teleconference_minutes,
                                                                rates)
    minor = round_to_minor(exact_total, rates.currency)
    if minor > MAX_MINOR_UNITS:
        raise InvalidAmount(
            _("The estimated cost ({amount}) is more than one card payment can be ({maximum}). "
            "Shorten the session or split it into several sessions."),
            field="session_computers", amount=format_exact(exact_total, rates.currency),
            maximum=Money(MAX_MINOR_UNITS, rates.currency).format(),
        )
    return Estimate(usage=usage, rates=rates, people_cost=people_cost, teleconference_cost=teleconference_cost,
                    exact_total=exact_total, total=Money(minor, rates.currency))


def format_exact(amount, currency):
    """An exact amount for display with at least the currency's decimals and no rounding: '$0.0125', '$150.00'."""
    places = max(exponent_of(currency), -min(amount.normalize().as_tuple().exponent, 0))
    with localcontext(_EXACT):
        text = f"{abs(amount):,.{places}f}"
    return ("-" if amount < 0 else "") + symbol_of(currency) + text


def format_count(number):
    """A whole number with thousands separators: 1,500."""
    return f"{number:,}"
