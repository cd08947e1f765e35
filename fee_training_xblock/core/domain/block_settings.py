"""Rules for a block's author settings, shared by the Studio editor and the views.

`validate_settings` returns every problem at once (DomainErrors naming their field) so
the editor can show them together and write nothing.
"""
import functools
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import DomainError, InvalidConfiguration
from fee_training_xblock.core.domain.errors import gettext_noop as _
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


def validate_settings(display_name, fee_text, currency, mode, benefit="", modes=ACCESS_MODES):
    """Every problem of these settings as a DomainError (with `field`); empty when they are usable.

    `modes` are the access modes the site knows (the registered gates).
    """
    problems = []
    name = (display_name or "").strip()
    if not name:
        problems.append(InvalidConfiguration(_("Display name cannot be empty."), field="display_name"))
    elif len(name) > MAX_DISPLAY_NAME:
        problems.append(InvalidConfiguration(_("Display name is too long: use at most {maximum} characters."),
                                             field="display_name", maximum=MAX_DISPLAY_NAME))
    if mode not in modes:
        problems.append(InvalidConfiguration(_("Access mode must be one of: {choices} (got '{value}')."),
                                             field="access_mode", choices=", ".join(modes), value=mode))
    if len(benefit or "") > MAX_BENEFIT:
        problems.append(InvalidConfiguration(_("'What the learner gets' is too long: use at most {maximum} "
                                               "characters."),
                                             field="benefit", maximum=MAX_BENEFIT))
    try:
        fee = parse_money(fee_text, check_currency(currency))
    except DomainError as err:
        problems.append(err)
        return problems
    if mode == MODE_FEE and fee.is_zero():
        problems.append(InvalidConfiguration(
            _("Fee must be more than zero in 'fee' mode; set a price, or choose the 'free' mode."), field="fee"))
    return problems


def load_settings(display_name, fee_text, currency, mode, benefit="", modes=ACCESS_MODES):
    """Build BlockSettings, or raise InvalidConfiguration with the first problem.

    Every view and handler asks; the answer depends only on the arguments and is
    immutable, so it is remembered (a few hundred blocks' worth). Unhashable input,
    which only a broken course export could hold, is checked without the memory.
    """
    args = (display_name, fee_text, currency, mode, benefit, tuple(modes))
    try:
        return _load_remembered(*args)
    except TypeError:
        return _load(*args)


@functools.lru_cache(maxsize=512)
def _load_remembered(*args):
    return _load(*args)


def _load(display_name, fee_text, currency, mode, benefit, modes):
    problems = validate_settings(display_name, fee_text, currency, mode, benefit, modes)
    if problems:
        first = problems[0]
        raise InvalidConfiguration(_("This block is not set up correctly: {detail}"), field=first.field,
                                   detail=first)
    return BlockSettings(
        display_name=display_name.strip(),
        fee=parse_money(fee_text, check_currency(currency)),
        mode=mode,
        benefit=benefit or "",
    )
