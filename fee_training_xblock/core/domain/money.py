"""Money as an integer number of minor units plus an ISO 4217 code; never floats.

`parse_money` turns an author's text ("49.99", "5000") into Money with messages
that say what to fix; `Money.format` renders it for a learner.
"""
import re
from dataclasses import dataclass

from fee_training_xblock.core.domain.currencies import exponent_of, is_supported, symbol_of
from fee_training_xblock.core.domain.errors import InvalidAmount, Label, UnknownCurrency
from fee_training_xblock.core.domain.errors import gettext_noop as _

# Stripe's upper bound for a single charge is 8 digits of minor units.
MAX_MINOR_UNITS = 99_999_999

_AMOUNT_RE = re.compile(r"^(?P<sign>[-+]?)(?P<whole>\d*)(?:\.(?P<frac>\d*))?$")


def check_currency(code, field="currency"):
    """Return the upper-cased code, or raise UnknownCurrency naming the field."""
    text = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise UnknownCurrency(
            _("Currency must be a three-letter ISO 4217 code such as USD, EUR or JPY (got '{value}')."),
            field=field, value=code or "",
        )
    if not is_supported(text):
        raise UnknownCurrency(
            _("Currency {value} is not supported. Use one of the supported codes, e.g. USD, EUR, GBP or JPY."),
            field=field, value=text,
        )
    return text


@dataclass(frozen=True, order=True)
class Money:
    """An amount in the currency's minor units (cents, or yen for JPY)."""

    minor: int
    currency: str

    def __post_init__(self):
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("Money.minor must be an int of minor units")
        check_currency(self.currency)

    @classmethod
    def zero(cls, currency):
        """No money in `currency`."""
        return cls(0, currency)

    @property
    def exponent(self):
        """Decimal places of this currency."""
        return exponent_of(self.currency)

    def _same(self, other):
        if not isinstance(other, Money) or other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other!r}")

    def __add__(self, other):
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other):
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def is_zero(self):
        """True for an amount of nothing."""
        return self.minor == 0

    def decimal_text(self):
        """The amount as plain decimal text without grouping, e.g. '49.99' or '5000'."""
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10 ** self.exponent)
        if self.exponent == 0:
            return f"{sign}{whole}"
        return f"{sign}{whole}.{frac:0{self.exponent}d}"

    def format(self):
        """The amount for display: '$49.99', '¥5,000', 'CHF 1,200.00'."""
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10 ** self.exponent)
        number = f"{whole:,}"
        if self.exponent:
            number += f".{frac:0{self.exponent}d}"
        return f"{sign}{symbol_of(self.currency)}{number}"

    def to_json(self):
        """A JSON-ready dict: minor units, currency, plain and display text."""
        return {
            "minor": self.minor,
            "currency": self.currency,
            "amount": self.decimal_text(),
            "display": self.format(),
        }


#: What an amount field is called in messages (the Studio label of the block's fee, the promo form's value).
FIELD_LABELS = {"fee": Label(_("Fee")), "value": Label(_("Value")), "amount": Label(_("Amount"))}


def _field_label(field):
    return FIELD_LABELS.get(field, field)


def parse_money(text, currency, field="fee"):
    """Parse an author's amount text in `currency` into Money.

    Accepts digits with an optional dot and at most as many decimals as the
    currency has. Raises InvalidAmount (or UnknownCurrency) with a message
    naming `field` and the fix.
    """
    code = check_currency(currency)
    exponent = exponent_of(code)
    raw = "" if text is None else str(text)
    cleaned = raw.strip().replace(" ", "").replace("_", "")
    match = _AMOUNT_RE.match(cleaned)
    if not cleaned or not match or not (match.group("whole") or match.group("frac")):
        example = "5000" if exponent == 0 else "49.99"
        raise InvalidAmount(
            _("{label} must be a number such as {example}, with a dot for decimals and no thousands separators "
            "(got '{value}')."),
            field=field, label=_field_label(field), example=example, value=raw,
        )
    if match.group("sign") == "-":
        raise InvalidAmount(_("{label} cannot be negative."), field=field, label=_field_label(field))
    frac = (match.group("frac") or "").rstrip("0")
    if len(frac) > exponent:
        if exponent == 0:
            raise InvalidAmount(
                _("{label}: {currency} has no decimal places; enter a whole number such as 5000."),
                field=field, label=_field_label(field), currency=code,
            )
        raise InvalidAmount(
            _("{label}: {currency} allows at most {places} decimal places (got '{value}')."),
            field=field, label=_field_label(field), currency=code, places=exponent, value=raw,
        )
    whole = int(match.group("whole") or "0")
    minor = whole * 10 ** exponent + int(frac.ljust(exponent, "0") or "0")
    if minor > MAX_MINOR_UNITS:
        raise InvalidAmount(
            _("{label} is too large: the most a single payment can be is {maximum}."),
            field=field, label=_field_label(field), maximum=Money(MAX_MINOR_UNITS, code).format(),
        )
    return Money(minor, code)
