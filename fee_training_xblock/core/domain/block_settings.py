"""Rules for a block's author settings, shared by the Studio editor and the views.

`validate_settings` returns every problem at once as (field, message) pairs so
the editor can show them together and write nothing.
"""
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import DomainError, InvalidConfiguration
from fee_training_xblock.core.domain.money import Money, check_currency, parse_money

MODE_FEE = "fee"
MODE_FREE = "free"
# Access through a subscription: each course start is a billable course assignment;
# the block's fee is not charged (it may be 0).
MODE_SUBSCRIPTION = "subscription"
ACCESS_MODES = (MODE_FEE, MODE_FREE, MODE_SUBSCRIPTION)

MAX_DISPLAY_NAME = 200
MAX_BENEFIT = 2000


@dataclass(frozen=True)
class BlockSettings:
    """The author's settings of one block, already checked."""

    display_name: str
    fee: Money
    mode: str
    benefit: str


def validate_settings(display_name, fee_text, currency, mode, benefit=""):
    """Return a list of (field, message) problems; empty when the settings are usable."""
    problems = []
    name = (display_name or "").strip()
    if not name:
        problems.append(("display_name", "Display name cannot be empty."))
    elif len(name) > MAX_DISPLAY_NAME:
        problems.append(("display_name", f"Display name is too long: use at most {MAX_DISPLAY_NAME} characters."))
    if mode not in ACCESS_MODES:
        problems.append(("access_mode", f"Access mode must be one of: {', '.join(ACCESS_MODES)} (got '{mode}')."))
    if len(benefit or "") > MAX_BENEFIT:
        problems.append(("benefit", f"'What the learner gets' is too long: use at most {MAX_BENEFIT} characters."))
    try:
        code = check_currency(currency)
    except DomainError as err:
        problems.append((err.field, err.message))
        return problems
    try:
        fee = parse_money(fee_text, code)
    except DomainError as err:
        problems.append((err.field, err.message))
        return problems
    if mode == MODE_FEE and fee.is_zero():
        problems.append(("fee", "Fee must be more than zero in 'fee' mode; set a price, or choose the 'free' mode."))
    return problems


def load_settings(display_name, fee_text, currency, mode, benefit=""):
    """Build BlockSettings, or raise InvalidConfiguration with the first problem."""
    problems = validate_settings(display_name, fee_text, currency, mode, benefit)
    if problems:
        field, message = problems[0]
        raise InvalidConfiguration("This block is not set up correctly: {detail}", field=field, detail=message)
    return BlockSettings(
        display_name=display_name.strip(),
        fee=parse_money(fee_text, check_currency(currency)),
        mode=mode,
        benefit=benefit or "",
    )
