"""Promo-code rules: code text, generation, validity and scope, the discount, and why a code is refused.

Pure: no Django, no XBlock. The use cases (promos.quotes, promos.redemptions) call these
functions with plain values (a PromoRule read from the database, a Target for what is
being bought, the time now and the counts they looked up under a row lock).
"""
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money
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

CODE_RE = re.compile(r"^[A-Z0-9]+$")
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
    percent: int | None
    amount_minor: int | None
    currency: str
    scope: str
    scope_key: str
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    max_redemptions: int | None = None
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

def normalize_code(text):
    """The canonical form of a typed code: upper case, without spaces, dashes or underscores."""
    return _SEPARATORS_RE.sub("", str(text or "")).upper()


def is_well_formed(code):
    """True when a normalised code has only letters and digits and a plausible length."""
    return bool(CODE_RE.match(code)) and MIN_CODE_LENGTH <= len(code) <= MAX_CODE_LENGTH


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

def _utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_usable(rule, target, fee, now, taken, used_by_learner):
    """Raise the PromoError that stops `rule` being used for `target` now; return None if usable.

    `taken` is the number of confirmed redemptions plus live holds by others;
    `used_by_learner` is True when this learner already has a confirmed one.
    The order gives the most useful message first.
    """
    code = rule.code
    if not rule.active:
        raise CodeInactive(_("Promo code {code} is no longer active."), field="code", code=code)
    if not matches_scope(rule, target):
        raise CodeWrongScope(_("Promo code {code} is not valid for this course."), field="code", code=code)
    if rule.valid_from is not None and now < rule.valid_from:
        raise CodeNotYetValid(
            _("Promo code {code} is not valid yet: you can use it from {start}."),
            field="code", code=code, start=_utc_text(rule.valid_from),
        )
    if rule.valid_until is not None and now >= rule.valid_until:
        raise CodeExpired(
            _("Promo code {code} expired on {end}."), field="code", code=code, end=_utc_text(rule.valid_until),
        )
    if rule.kind == KIND_AMOUNT and rule.currency != fee.currency:
        raise CodeWrongCurrency(
            _("Promo code {code} is a discount in {code_currency}, but this fee is in {fee_currency}."),
            field="code", code=code, code_currency=rule.currency, fee_currency=fee.currency,
        )
    if rule.once_per_learner and used_by_learner:
        raise CodeAlreadyUsed(_("You have already used promo code {code}."), field="code", code=code)
    if rule.max_redemptions is not None and taken >= rule.max_redemptions:
        raise CodeUsedUp(_("Promo code {code} has been used the maximum number of times."), field="code", code=code)


def unknown_code(text):
    """The error for a code nobody created (shown with the text the learner typed)."""
    return UnknownCode(
        _("There is no promo code '{code}' for this course. Check the spelling and try again."), field="code",
        code=str(text)[:40],
    )


def too_many_attempts(retry_at):
    """The error for a learner who typed too many wrong codes; says when to try again."""
    return TooManyAttempts(
        _("Too many wrong promo codes. Please try again after {when}."), field="code", when=_utc_text(retry_at),
    )
