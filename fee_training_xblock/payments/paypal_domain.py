"""PayPal's rules on plain values: its currencies, its money strings, our reference fields, a capture's check.

No Django, no HTTP: the PayPal adapter (paypal_gateway) turns PayPal's JSON into
`PayPalOrder` values and the PayPal checkout checks them with `check_capture` before
any access is granted, as the card checkout does with `check_intent`.
"""
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fee_training_xblock.core.domain.currencies import exponent_of, is_supported
from fee_training_xblock.core.domain.errors import InvalidConfiguration, PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money

# PayPal's REST currency codes and the decimals PayPal takes in each (HUF and TWD take none,
# although HUF has two in ISO 4217 and in our fees). BRL, CNY and MYR work only for
# in-country PayPal accounts; PayPal answers the others with CURRENCY_NOT_SUPPORTED.
PAYPAL_DECIMALS = {code: 2 for code in (
    "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "ILS", "MYR", "MXN", "NOK", "NZD", "PHP", "PLN",
    "GBP", "SGD", "SEK", "CHF", "THB", "USD")}
PAYPAL_DECIMALS.update({"HUF": 0, "JPY": 0, "TWD": 0})

ORDER_ID = re.compile(r"^[A-Z0-9]{1,36}$")  # PayPal's order id pattern, with a length we expect
CUSTOM_ID_MAX, REFERENCE_ID_MAX, INVOICE_ID_MAX, DESCRIPTION_MAX = 127, 256, 127, 127
NOT_REPRESENTABLE = (_("PayPal cannot take {amount}: it takes whole amounts in {currency}. "
                     "Pay by card, or ask the course team for a code that gives a whole amount."))


def paypal_accepts(currency):
    """True when PayPal takes payments in `currency` (an ISO 4217 code)."""
    return currency in PAYPAL_DECIMALS


def _scale(currency):
    """How many of our minor units make one of PayPal's smallest units (100 for HUF, else 1)."""
    return 10 ** (exponent_of(currency) - PAYPAL_DECIMALS[currency])


def representable(money):
    """True when PayPal can take exactly this amount (a whole number of its smallest units)."""
    return paypal_accepts(money.currency) and money.minor % _scale(money.currency) == 0


def author_problem(fee, cards_too=False):
    """Why a block priced `fee` cannot be paid with PayPal (an InvalidConfiguration naming the field), or None.

    `cards_too`: the site also takes cards, so the block still sells (the message says
    learners will see only the card form) instead of not selling at all.
    """
    if not paypal_accepts(fee.currency):
        return InvalidConfiguration(_(
            "PayPal does not accept {currency}: choose one of PayPal's currencies (e.g. USD, EUR, GBP, JPY). "
            "This block's learners will see only the card form.") if cards_too else _(
            "PayPal does not accept {currency}: choose one of PayPal's currencies (e.g. USD, EUR, GBP, JPY)."),
            field="currency", currency=fee.currency)
    if not representable(fee):
        whole = Money(fee.minor - fee.minor % _scale(fee.currency), fee.currency).decimal_text().split(".")[0]
        return InvalidConfiguration(_(
            "PayPal takes {currency} in whole units only: set a fee without decimals (e.g. {example}). "
            "This block's learners will see only the card form.") if cards_too else _(
            "PayPal takes {currency} in whole units only: set a fee without decimals (e.g. {example})."),
            field="fee", currency=fee.currency, example=whole)
    return None


def return_urls(page_url, marker):
    """(return_url, cancel_url) for PayPal's redirect back to the learner's page; PaymentError naming page_url.

    The page's own address (http or https) with `ft_paypal` (approved) or
    `ft_paypal_cancel` (cancelled) set to the block's marker, so that only this block
    acts on the learner's return; PayPal adds `token` (the order id) and `PayerID`.
    """
    text = str(page_url or "").strip()
    parts = urlsplit(text) if len(text) <= 1500 else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise PaymentError(_("page_url must be the address of this page (http or https); reload the page and try "
                           "again."), field="page_url")
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in ("ft_paypal", "ft_paypal_cancel", "token", "PayerID")]
    return tuple(urlunsplit(parts._replace(query=urlencode([*kept, (name, marker)]), fragment=""))
                 for name in ("ft_paypal", "ft_paypal_cancel"))


def to_paypal_value(money):
    """The amount as PayPal writes it ("49.99", "5000", HUF "1200"); PaymentError if PayPal cannot take it."""
    if not paypal_accepts(money.currency):
        raise PaymentError(_("PayPal does not accept payments in {currency}. Please pay by card."),
                           currency=money.currency)
    if not representable(money):
        raise PaymentError(NOT_REPRESENTABLE, amount=money.format(), currency=money.currency)
    places = PAYPAL_DECIMALS[money.currency]
    whole, frac = divmod(money.minor // _scale(money.currency), 10 ** places)
    return f"{whole}.{frac:0{places}d}" if places else str(whole)


def from_paypal_amount(amount):
    """Money from PayPal's {"currency_code", "value"}; None when it is not an amount we can hold."""
    if not isinstance(amount, dict):
        return None
    currency, value = amount.get("currency_code"), amount.get("value")
    if not isinstance(currency, str) or not isinstance(value, str) or not is_supported(currency):
        return None
    try:
        minor = Decimal(value).scaleb(exponent_of(currency))
    except InvalidOperation:
        return None
    if minor != minor.to_integral_value():
        return None
    return Money(int(minor), currency)


def reference_fields(payer_key, product_type, product_id, usage_key):
    """The purchase unit's reference_id (the block) and custom_id (payer and product), within PayPal's limits.

    A product id too long for custom_id is replaced by a digest of it: the check compares
    what this function gives for the ledger row, so it stays exact.
    """
    custom = f"{payer_key}|{product_type}|{product_id}"
    if len(custom) > CUSTOM_ID_MAX:
        digest = hashlib.sha256(str(product_id).encode()).hexdigest()[:32]
        custom = f"{payer_key}|{product_type}|sha256:{digest}"[:CUSTOM_ID_MAX]
    return {"reference_id": str(usage_key)[:REFERENCE_ID_MAX], "custom_id": custom}


@dataclass(frozen=True)
class PayPalCapture:
    """One capture of an order: PayPal's id, status (COMPLETED, PENDING, DECLINED, ...) and amount."""

    id: str
    status: str
    amount: Money = None
    custom_id: str = ""


@dataclass(frozen=True)
class PayPalOrder:
    """What we need to know about a PayPal order (one purchase unit)."""

    id: str
    status: str
    amount: Money = None
    reference_id: str = ""
    custom_id: str = ""
    approve_url: str = ""
    captures: tuple = field(default_factory=tuple)
    #: What PayPal refunded of the capture so far (completed and pending refunds), or None.
    refunded: Money = None

    @property
    def capture(self):
        """The order's capture, or None before capture."""
        return self.captures[0] if self.captures else None


@dataclass(frozen=True)
class PayPalRefund:
    """A refund PayPal made: its id, status, this refund's amount and the capture's total refunded."""

    id: str
    status: str
    amount: Money = None
    total_refunded: Money = None
    capture_id: str = ""


def check_order(order, order_id, expected_fields, amount_minor, currency):
    """Raise PaymentError unless PayPal's order is ours: same id, block, payer, product, amount and currency."""
    if (order.id != order_id or order.reference_id != expected_fields["reference_id"]
            or order.custom_id != expected_fields["custom_id"]):
        raise PaymentError(_("This payment belongs to someone else or to other content."))
    if order.amount is None or (order.amount.minor, order.amount.currency) != (amount_minor, currency.upper()):
        raise PaymentError(_("The amount paid does not match the price. Please contact the course team."))


def check_capture(order, order_id, expected_fields, amount_minor, currency):
    """Raise PaymentError unless the order is ours and its capture took the full amount (status COMPLETED)."""
    check_order(order, order_id, expected_fields, amount_minor, currency)
    capture = order.capture
    if capture is None or capture.status != "COMPLETED":
        raise PaymentError(_("PayPal has not completed this payment. No money was taken; please try again."))
    if capture.amount is None or (capture.amount.minor, capture.amount.currency) != (amount_minor, currency.upper()):
        raise PaymentError(_("The amount paid does not match the price. Please contact the course team."))


# PayPal's Webhooks v1 schema for verify-webhook-signature: (header, body field, max length, pattern).
_TRANSMISSION = (
    ("PAYPAL-AUTH-ALGO", "auth_algo", 100, re.compile(r"^[a-zA-Z0-9]+$")),
    ("PAYPAL-CERT-URL", "cert_url", 500, re.compile(r"^https?://[^\s/]+/\S*$")),
    ("PAYPAL-TRANSMISSION-ID", "transmission_id", 50, re.compile(r"^(?!\d+$)\w+\S+")),
    ("PAYPAL-TRANSMISSION-SIG", "transmission_sig", 500, re.compile(r"^(?!\d+$)\w+\S+")),
    ("PAYPAL-TRANSMISSION-TIME", "transmission_time", 100,
     re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")),
)
WEBHOOK_ID = re.compile(r"^[a-zA-Z0-9]{1,50}$")


def transmission_of(headers):
    """The verify-webhook-signature fields from a delivery's PAYPAL-* headers; ValueError naming a bad one.

    Checked here against PayPal's own schema, so a forged delivery is refused without
    sending PayPal a request it would reject.
    """
    fields = {}
    for header, name, longest, pattern in _TRANSMISSION:
        value = str(headers.get(header) or "").strip()
        if not value or len(value) > longest or not pattern.match(value):
            raise ValueError(f"missing or malformed {header} header")
        fields[name] = value
    return fields


def event_shape_problem(event):
    """Why a parsed webhook body cannot be PayPal's event schema ('' when it can)."""
    if not isinstance(event, dict):
        return "the body is not a JSON object"
    for name in ("id", "create_time", "resource_type", "event_type", "summary", "event_version",
                 "resource_version"):
        if name in event and not isinstance(event[name], str):
            return f"{name} is not text"
    if not isinstance(event.get("resource"), dict):
        return "the event has no resource object"
    if "links" in event and not isinstance(event["links"], list):
        return "links is not a list"
    return ""
