"""Money as PayPal's REST APIs write it: a currency code and a decimal string, kept as integer minor units.

The currency list and decimal places follow PayPal's REST currency-codes reference: three
currencies take no decimals (HUF, JPY, TWD), all others two. The fee formula is the
stand-in's own (a plausible percentage plus a fixed part), only there so that
``seller_receivable_breakdown`` has believable, consistent numbers.
"""
import re
from decimal import Decimal

CURRENCY_DECIMALS = {
    code: 2 for code in (
        "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "ILS", "MYR", "MXN", "NOK",
        "NZD", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD",
    )
}
CURRENCY_DECIMALS.update({"HUF": 0, "JPY": 0, "TWD": 0})
MAX_VALUE = Decimal("999999999999999.99")  # the documents' MAX_VALUE_EXCEEDED bound

_NUMBER = re.compile(r"^-?[0-9]*(\.[0-9]*)?$")


class MoneyError(ValueError):
    """A value PayPal would refuse; ``issue`` is the PayPal issue name."""

    def __init__(self, issue, field):
        super().__init__(issue)
        self.issue = issue
        self.field = field


def parse(money, field):
    """``{"currency_code", "value"}`` -> ``(currency, minor_units)``; raise MoneyError as PayPal would."""
    currency = money["currency_code"]
    value = money["value"]
    if currency not in CURRENCY_DECIMALS:
        raise MoneyError("INVALID_CURRENCY_CODE", f"{field}/currency_code")
    if not _NUMBER.match(value):
        raise MoneyError("INVALID_PARAMETER_SYNTAX", f"{field}/value")
    amount = Decimal(value)
    decimals = CURRENCY_DECIMALS[currency]
    # Strict on purpose: "10.00" JPY is refused too, as PayPal documents for zero-decimal currencies.
    if len(value.partition(".")[2]) > decimals:
        raise MoneyError("DECIMAL_PRECISION", f"{field}/value")
    if amount <= 0:
        raise MoneyError("CANNOT_BE_ZERO_OR_NEGATIVE", f"{field}/value")
    if amount > MAX_VALUE:
        raise MoneyError("MAX_VALUE_EXCEEDED", f"{field}/value")
    return currency, int(amount.scaleb(decimals))


def format_minor(currency, minor):
    """Minor units -> PayPal's value string ("10.00", "1000" for JPY)."""
    decimals = CURRENCY_DECIMALS[currency]
    return str(Decimal(minor).scaleb(-decimals).quantize(Decimal(1).scaleb(-decimals)))


def money(currency, minor):
    """A PayPal money object."""
    return {"currency_code": currency, "value": format_minor(currency, minor)}


def paypal_fee(currency, gross_minor):
    """The stand-in's fee: 3.49 % plus 49 minor units (49 cents, 49 yen), never above the gross."""
    return min(gross_minor, (gross_minor * 349 + 5000) // 10000 + 49)

