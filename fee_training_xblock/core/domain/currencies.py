"""The currencies we accept, with the number of decimal places of their minor unit.

The exponents are the ones Stripe uses for amounts (ISO 4217 minor units, with
Stripe's zero-decimal list). Three-decimal currencies (BHD, JOD, KWD, OMR, TND)
are left out on purpose: Stripe requires their last digit to be zero, a rule
authors would trip over. ISK is left out too: Stripe's API counts it in
hundredths although only whole krónur can be charged.
"""

# code: (exponent, symbol or prefix used for display)
CURRENCIES = {
    "USD": (2, "$"),
    "EUR": (2, "€"),
    "GBP": (2, "£"),
    "CAD": (2, "CA$"),
    "AUD": (2, "A$"),
    "NZD": (2, "NZ$"),
    "CHF": (2, "CHF "),
    "SEK": (2, "SEK "),
    "NOK": (2, "NOK "),
    "DKK": (2, "DKK "),
    "PLN": (2, "PLN "),
    "CZK": (2, "CZK "),
    "HUF": (2, "HUF "),
    "RON": (2, "RON "),
    "UAH": (2, "₴"),
    "TRY": (2, "TRY "),
    "ILS": (2, "₪"),
    "AED": (2, "AED "),
    "SAR": (2, "SAR "),
    "INR": (2, "₹"),
    "SGD": (2, "SGD "),
    "HKD": (2, "HK$"),
    "CNY": (2, "CN¥"),
    "BRL": (2, "R$"),
    "MXN": (2, "MX$"),
    "ZAR": (2, "ZAR "),
    "NGN": (2, "₦"),
    "KES": (2, "KES "),
    "EGP": (2, "EGP "),
    "THB": (2, "THB "),
    "MYR": (2, "MYR "),
    "PHP": (2, "₱"),
    "IDR": (2, "IDR "),
    # zero-decimal currencies
    "JPY": (0, "¥"),
    "KRW": (0, "₩"),
    "VND": (0, "₫"),
    "CLP": (0, "CLP "),
    "PYG": (0, "PYG "),
    "UGX": (0, "UGX "),
    "RWF": (0, "RWF "),
    "XAF": (0, "FCFA "),
    "XOF": (0, "CFA "),
}


def exponent_of(code):
    """Decimal places of the currency's minor unit; KeyError if unsupported."""
    return CURRENCIES[code][0]


def symbol_of(code):
    """The prefix shown before an amount in this currency."""
    return CURRENCIES[code][1]


def is_supported(code):
    """True when `code` is one of the currencies we accept."""
    return code in CURRENCIES
