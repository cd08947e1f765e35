"""Promo-code rules: code text, generation, staff input checks, validity and scope, the discount.

Pure: no Django, no XBlock. The ORM use cases in promos.py call these functions
with plain values (a PromoRule read from the database, a Target for the block
being bought, the time now and the counts it looked up under a row lock).
"""
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Optional

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money, parse_money
from fee_training_xblock.core.domain.pricing import AmountOff, PercentOff

# No 0/O, 1/I/L, and no U/V pair: what is left cannot be misread on paper or screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
GENERATED_LENGTH = 12  # 29**12 ≈ 3.5e17 possibilities (≈58 bits): not guessable at any rate we allow.
MIN_CODE_LENGTH = 4
MAX_CODE_LENGTH = 32
MAX_PREFIX_LENGTH = 10
MAX_BULK = 5000

KIND_PERCENT = "percent"
KIND_AMOUNT = "amount"
KINDS = (KIND_PERCENT, KIND_AMOUNT)

SCOPE_BLOCK = "block"
SCOPE_COURSE = "course"
SCOPE_ORGANIZATION = "organization"
SCOPES = (SCOPE_BLOCK, SCOPE_COURSE, SCOPE_ORGANIZATION)

_CODE_RE = re.compile(r"^[A-Z0-9]+$")
_SEPARATORS_RE = re.compile(r"[\s\-_]+")


class PromoError(DomainError):
    """A promo code cannot be used by this learner here and now; `reason` tells which rule."""

    reason = "invalid"


class UnknownCode(PromoError):
    """No such code."""

    reason = "unknown"


class CodeInactive(PromoError):
    """Staff deactivated the code."""

    reason = "inactive"


class CodeNotYetValid(PromoError):
    """The code's validity starts later."""

    reason = "not_yet_valid"


class CodeExpired(PromoError):
    """The code's validity has ended."""

    reason = "expired"


class CodeUsedUp(PromoError):
    """Every redemption the code allows is taken."""

    reason = "used_up"


class CodeAlreadyUsed(PromoError):
    """A once-per-learner code this learner has already redeemed."""

    reason = "already_used"


class CodeWrongScope(PromoError):
    """The code belongs to another block, course or organization."""

    reason = "wrong_scope"


class CodeWrongCurrency(PromoError):
    """A fixed-amount code in a currency other than the fee's."""

    reason = "wrong_currency"


class TooManyAttempts(PromoError):
    """The learner typed too many wrong codes; `retry_at` says when to try again."""

    reason = "rate_limited"


class NeedsPayment(DomainError):
    """A valid code that leaves something to pay, used where only a free redemption fits."""


class InvalidPromoInput(DomainError):
    """Staff input for a new code or a batch that cannot be used; `field` names the input."""


@dataclass(frozen=True)
class Target:
    """What the learner is buying: the block, its course and the course's organization."""

    usage_key: str
    course_key: str
    organization: str


@dataclass(frozen=True)
class PromoRule:
    """A promo code as the rules see it (one database row, plain values)."""

    code: str
    kind: str
    percent: Optional[int]
    amount_minor: Optional[int]
    currency: str
    scope: str
    scope_key: str
    valid_from: Optional[datetime] = None
    valid_until: Optional[datetime] = None
    max_redemptions: Optional[int] = None
    once_per_learner: bool = True
    active: bool = True

    def discount(self):
        """The PercentOff or AmountOff this code gives."""
        if self.kind == KIND_PERCENT:
            return PercentOff(self.percent)
        return AmountOff(Money(self.amount_minor, self.currency))

    def describe(self):
        """Short text for staff tables: '25%' or '$10.00'."""
        if self.kind == KIND_PERCENT:
            return f"{self.percent}%"
        return Money(self.amount_minor, self.currency).format()


@dataclass(frozen=True)
class PromoSpec:
    """Checked staff input for new codes (one custom code, or a batch to generate)."""

    kind: str
    percent: Optional[int]
    amount_minor: Optional[int]
    currency: str
    scope: str
    valid_from: Optional[datetime]
    valid_until: Optional[datetime]
    max_redemptions: Optional[int]
    once_per_learner: bool


def normalize_code(text):
    """The canonical form of a typed code: upper case, without spaces, dashes or underscores."""
    return _SEPARATORS_RE.sub("", str(text or "")).upper()


def is_well_formed(code):
    """True when a normalised code has only letters and digits and a plausible length."""
    return bool(_CODE_RE.match(code)) and MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH


def generate_code(prefix="", length=GENERATED_LENGTH):
    """A new unguessable code from CODE_ALPHABET (cryptographic randomness), after `prefix`."""
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def format_code(code):
    """A code split in groups of four for reading aloud or printing: ABCD-EFGH-JKMN."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def matches_scope(rule, target):
    """True when the code may be used for `target` (its block, course or organization)."""
    wanted = {
        SCOPE_BLOCK: target.usage_key,
        SCOPE_COURSE: target.course_key,
        SCOPE_ORGANIZATION: target.organization,
    }.get(rule.scope)
    return wanted is not None and wanted == rule.scope_key


def scope_key_for(scope, target):
    """The key a new code of `scope` is tied to when created from `target`."""
    if scope == SCOPE_BLOCK:
        return target.usage_key
    if scope == SCOPE_COURSE:
        return target.course_key
    if scope == SCOPE_ORGANIZATION:
        return target.organization
    raise InvalidPromoInput("Scope must be one of: {choices}.", field="scope", choices=", ".join(SCOPES))


def _utc_text(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def check_usable(rule, target, fee, now, taken, used_by_learner):
    """Raise the PromoError that stops `rule` being used for `target` now; return None if usable.

    `taken` is the number of confirmed redemptions plus live holds by others;
    `used_by_learner` is True when this learner already has a confirmed one.
    The order gives the most useful message first.
    """
    code = rule.code
    if not rule.active:
        raise CodeInactive("Promo code {code} is no longer active.", field="code", code=code)
    if not matches_scope(rule, target):
        raise CodeWrongScope("Promo code {code} is not valid for this course.", field="code", code=code)
    if rule.valid_from is not None and now < rule.valid_from:
        raise CodeNotYetValid(
            "Promo code {code} is not valid yet: you can use it from {start}.",
            field="code", code=code, start=_utc_text(rule.valid_from),
        )
    if rule.valid_until is not None and now >= rule.valid_until:
        raise CodeExpired(
            "Promo code {code} expired on {end}.", field="code", code=code, end=_utc_text(rule.valid_until),
        )
    if rule.kind == KIND_AMOUNT and rule.currency != fee.currency:
        raise CodeWrongCurrency(
            "Promo code {code} is a discount in {code_currency}, but this fee is in {fee_currency}.",
            field="code", code=code, code_currency=rule.currency, fee_currency=fee.currency,
        )
    if rule.once_per_learner and used_by_learner:
        raise CodeAlreadyUsed("You have already used promo code {code}.", field="code", code=code)
    if rule.max_redemptions is not None and taken >= rule.max_redemptions:
        raise CodeUsedUp("Promo code {code} has been used the maximum number of times.", field="code", code=code)


def unknown_code(text):
    """The error for a code nobody created (shown with the text the learner typed)."""
    return UnknownCode(
        "There is no promo code '{code}'. Check the spelling and try again.", field="code", code=str(text)[:40],
    )


def too_many_attempts(retry_at):
    """The error for a learner who typed too many wrong codes; says when to try again."""
    return TooManyAttempts(
        "Too many wrong promo codes. Please try again after {when}.", field="code", when=_utc_text(retry_at),
    )


# ---- staff input ---------------------------------------------------------

def parse_count(text, field, minimum, maximum, label):
    """A whole number from staff input within [minimum, maximum], else InvalidPromoInput."""
    raw = str(text).strip() if text is not None else ""
    if not re.fullmatch(r"[-+]?\d+", raw):
        raise InvalidPromoInput("{label} must be a whole number (got '{value}').", field=field, label=label, value=raw)
    number = int(raw)
    if number < 0:
        raise InvalidPromoInput("{label} cannot be negative.", field=field, label=label)
    if not minimum <= number <= maximum:
        raise InvalidPromoInput(
            "{label} must be from {minimum} to {maximum} (got {value}).",
            field=field, label=label, minimum=minimum, maximum=maximum, value=number,
        )
    return number


def parse_moment(text, field, label):
    """An ISO 8601 date or date-time from staff input, as an aware UTC datetime; None when blank."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=timezone.utc)
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidPromoInput(  # pylint: disable=raise-missing-from
            "{label} must be a date such as 2026-12-31 or 2026-12-31T18:00 (got '{value}').",
            field=field, label=label, value=raw,
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_custom_code(text):
    """The normalised custom code text, or InvalidPromoInput naming the `code` field."""
    code = normalize_code(text)
    if not _CODE_RE.match(code or "-"):
        raise InvalidPromoInput(
            "Code may only contain letters A–Z and digits (got '{value}').", field="code", value=text)
    if not MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH:
        raise InvalidPromoInput(
            "Code must be {minimum} to {maximum} characters long.", field="code",
            minimum=MIN_CODE_LENGTH, maximum=MAX_CODE_LENGTH,
        )
    return code


def check_prefix(text):
    """A normalised prefix for generated codes ('' allowed), or InvalidPromoInput on `prefix`."""
    prefix = normalize_code(text)
    if prefix and not _CODE_RE.match(prefix):
        raise InvalidPromoInput("Prefix may only contain letters A–Z and digits.", field="prefix")
    if len(prefix) > MAX_PREFIX_LENGTH:
        raise InvalidPromoInput("Prefix is too long: use at most {maximum} characters.", field="prefix",
                                maximum=MAX_PREFIX_LENGTH)
    return prefix


def check_spec(data, fee, now=None):
    """Turn staff form data into a PromoSpec, or raise InvalidPromoInput naming the first bad field.

    `data` keys: kind ('percent'/'amount'), value (percent or amount text in the
    fee's currency), scope, valid_from, valid_until, max_redemptions (blank =
    unlimited), once_per_learner. `fee` is the block's fee (Money): a fixed amount
    above it is refused for codes of this block only (wider scopes are capped at
    quote time, since other blocks may cost more).
    """
    kind = (data.get("kind") or KIND_PERCENT).strip().lower()
    if kind not in KINDS:
        raise InvalidPromoInput("Discount type must be 'percent' or 'amount'.", field="kind")
    scope = (data.get("scope") or SCOPE_BLOCK).strip().lower()
    if scope not in SCOPES:
        raise InvalidPromoInput("Scope must be one of: {choices}.", field="scope", choices=", ".join(SCOPES))
    percent = amount_minor = None
    value = data.get("value")
    if kind == KIND_PERCENT:
        percent = parse_count(value, "value", 1, 100, "Percent off")
    else:
        raw = "" if value is None else str(value).strip()
        if raw.startswith("-"):
            raise InvalidPromoInput("Amount off cannot be negative.", field="value")
        try:
            amount = parse_money(raw, fee.currency, field="value")
        except DomainError as err:
            raise InvalidPromoInput("Amount off: {detail}", field="value", detail=err.message) from err
        if amount.is_zero():
            raise InvalidPromoInput("Amount off must be more than zero.", field="value")
        if scope == SCOPE_BLOCK and amount.minor > fee.minor:
            raise InvalidPromoInput(
                "Amount off ({amount}) cannot be larger than the fee ({fee}).",
                field="value", amount=amount.format(), fee=fee.format(),
            )
        amount_minor = amount.minor
    valid_from = parse_moment(data.get("valid_from"), "valid_from", "Valid from")
    valid_until = parse_moment(data.get("valid_until"), "valid_until", "Valid until")
    if valid_from and valid_until and valid_until <= valid_from:
        raise InvalidPromoInput("'Valid until' must be after 'Valid from'.", field="valid_until")
    if valid_until and now and valid_until <= now:
        raise InvalidPromoInput("'Valid until' is in the past: the code could never be used.", field="valid_until")
    max_text = data.get("max_redemptions")
    max_redemptions = None
    if max_text not in (None, ""):
        max_redemptions = parse_count(max_text, "max_redemptions", 1, 1_000_000, "Maximum redemptions")
    return PromoSpec(
        kind=kind, percent=percent, amount_minor=amount_minor,
        currency=fee.currency if kind == KIND_AMOUNT else "",
        scope=scope, valid_from=valid_from, valid_until=valid_until,
        max_redemptions=max_redemptions, once_per_learner=_truthy(data.get("once_per_learner", True)),
    )


def _truthy(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
