"""Checking staff input for new promo codes (one custom code, or a batch to generate).

Pure: no Django, no XBlock. Every problem raises InvalidPromoInput naming the field,
before anything is written.
"""
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from fee_training_xblock.core.domain.errors import DomainError, Label
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import parse_money
from fee_training_xblock.promos.domain.codes import (
    CODE_RE,
    KIND_AMOUNT,
    KIND_PERCENT,
    KINDS,
    MAX_CODE_LENGTH,
    MAX_PREFIX_LENGTH,
    MIN_CODE_LENGTH,
    SCOPE_BLOCK,
    SCOPE_COURSE,
    SCOPE_ORGANIZATION,
    SCOPES,
    normalize_code,
)

# Dates staff may type: anything outside cannot be stored or compared safely in every time zone.
MIN_YEAR = 2000
MAX_YEAR = 9998


class InvalidPromoInput(DomainError):
    """Staff input for a new code or a batch that cannot be used; `field` names the input."""


@dataclass(frozen=True)
class PromoSpec:
    """Checked staff input for new codes (one custom code, or a batch to generate)."""

    kind: str
    percent: int | None
    amount_minor: int | None
    currency: str
    scope: str
    valid_from: datetime | None
    valid_until: datetime | None
    max_redemptions: int | None
    once_per_learner: bool



def scope_key_for(scope, target):
    """The key a new code of `scope` is tied to when created from `target`."""
    if scope == SCOPE_BLOCK:
        return target.usage_key
    if scope == SCOPE_COURSE:
        return target.course_key
    if scope == SCOPE_ORGANIZATION:
        return target.organization
    raise InvalidPromoInput(_("Scope must be one of: {choices}."), field="scope", choices=", ".join(SCOPES))


def parse_count(text, field, minimum, maximum, label):
    """A whole number from staff input within [minimum, maximum], else InvalidPromoInput."""
    raw = str(text).strip() if text is not None else ""
    if not re.fullmatch(r"[-+]?\d+", raw):
        raise InvalidPromoInput(_("{label} must be a whole number (got '{value}')."), field=field, label=label,
                                value=raw)
    number = int(raw)
    if number < 0:
        raise InvalidPromoInput(_("{label} cannot be negative."), field=field, label=label)
    if not minimum <= number <= maximum:
        raise InvalidPromoInput(
            _("{label} must be from {minimum} to {maximum} (got {value})."),
            field=field, label=label, minimum=minimum, maximum=maximum, value=number,
        )
    return number


def parse_moment(text, field, label):
    """An ISO 8601 date or date-time from staff input, as an aware UTC datetime; None when blank."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    raw = (text or "").strip() if isinstance(text, str) else str(text or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidPromoInput(  # pylint: disable=raise-missing-from
            _("{label} must be a date such as 2026-12-31 or 2026-12-31T18:00 (got '{value}')."),
            field=field, label=label, value=raw,
        )
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:
        moment = None
    if moment is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise InvalidPromoInput(_("{label} must be a date from {first} to {last} (got '{value}')."),
                                field=field, label=label, first=MIN_YEAR, last=MAX_YEAR, value=raw)
    return moment


def check_custom_code(text):
    """The normalised custom code text, or InvalidPromoInput naming the `code` field."""
    code = normalize_code(text)
    if not CODE_RE.match(code or "-"):
        raise InvalidPromoInput(
            _("Code may only contain letters A–Z and digits (got '{value}')."), field="code", value=text)
    if not MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH:
        raise InvalidPromoInput(
            _("Code must be {minimum} to {maximum} characters long."), field="code",
            minimum=MIN_CODE_LENGTH, maximum=MAX_CODE_LENGTH,
        )
    return code


def check_prefix(text):
    """A normalised prefix for generated codes ('' allowed), or InvalidPromoInput on `prefix`."""
    prefix = normalize_code(text)
    if prefix and not CODE_RE.match(prefix):
        raise InvalidPromoInput(_("Prefix may only contain letters A–Z and digits."), field="prefix")
    if len(prefix) > MAX_PREFIX_LENGTH:
        raise InvalidPromoInput(_("Prefix is too long: use at most {maximum} characters."), field="prefix",
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
    kind = str(data.get("kind") or KIND_PERCENT).strip().lower()
    if kind not in KINDS:
        raise InvalidPromoInput(_("Discount type must be 'percent' or 'amount'."), field="kind")
    scope = str(data.get("scope") or SCOPE_BLOCK).strip().lower()
    if scope not in SCOPES:
        raise InvalidPromoInput(_("Scope must be one of: {choices}."), field="scope", choices=", ".join(SCOPES))
    percent = amount_minor = None
    value = data.get("value")
    if kind == KIND_PERCENT:
        percent = parse_count(value, "value", 1, 100, Label(_("Percent off")))
    else:
        raw = "" if value is None else str(value).strip()
        if raw.startswith("-"):
            raise InvalidPromoInput(_("Amount off cannot be negative."), field="value")
        try:
            amount = parse_money(raw, fee.currency, field="value")
        except DomainError as err:
            raise InvalidPromoInput(_("Amount off: {detail}"), field="value", detail=err) from err
        if amount.is_zero():
            raise InvalidPromoInput(_("Amount off must be more than zero."), field="value")
        if scope == SCOPE_BLOCK and amount.minor > fee.minor:
            raise InvalidPromoInput(
                _("Amount off ({amount}) cannot be larger than the fee ({fee})."),
                field="value", amount=amount.format(), fee=fee.format(),
            )
        amount_minor = amount.minor
    valid_from = parse_moment(data.get("valid_from"), "valid_from", Label(_("Valid from")))
    valid_until = parse_moment(data.get("valid_until"), "valid_until", Label(_("Valid until")))
    if valid_from and valid_until and valid_until <= valid_from:
        raise InvalidPromoInput(_("'Valid until' must be after 'Valid from'."), field="valid_until")
    if valid_until and now and valid_until <= now:
        raise InvalidPromoInput(_("'Valid until' is in the past: the code could never be used."), field="valid_until")
    max_text = data.get("max_redemptions")
    max_redemptions = None
    if max_text not in (None, ""):
        max_redemptions = parse_count(max_text, "max_redemptions", 1, 1_000_000, Label(_("Maximum redemptions")))
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
