"""Price quotes: the fee, an optional discount, and the total a learner pays.

Discounts round in the learner's favour (half-up on the discount) and a total
never drops below zero. Promo-code rules decide *whether* a discount applies;
this module only does the arithmetic.
"""
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import InvalidAmount
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money


@dataclass(frozen=True)
class PercentOff:
    """A discount of 1..100 percent of the fee."""

    percent: int

    def __post_init__(self):
        if not isinstance(self.percent, int) or not 1 <= self.percent <= 100:
            raise InvalidAmount(_("Percent off must be a whole number from 1 to 100."), field="percent")

    def amount_off(self, fee):
        """The discount on `fee`, rounded half-up to a minor unit."""
        return Money((fee.minor * self.percent * 2 + 100) // 200, fee.currency)


@dataclass(frozen=True)
class AmountOff:
    """A fixed discount in the fee's currency."""

    amount: Money

    def amount_off(self, fee):
        """The discount on `fee`, never more than the fee itself."""
        if self.amount.currency != fee.currency:
            raise InvalidAmount(
                _("This discount is in {discount_currency} but the fee is in {fee_currency}."),
                field="amount", discount_currency=self.amount.currency, fee_currency=fee.currency,
            )
        return Money(min(self.amount.minor, fee.minor), fee.currency)


Discount = PercentOff | AmountOff


@dataclass(frozen=True)
class Quote:
    """What a learner is asked to pay: fee minus discount equals total."""

    fee: Money
    discount: Money
    total: Money
    promo_code: str | None = None

    @property
    def is_free(self):
        """True when nothing is left to pay."""
        return self.total.is_zero()

    def to_json(self):
        """A JSON-ready dict for the learner's page."""
        return {
            "fee": self.fee.to_json(),
            "discount": self.discount.to_json(),
            "total": self.total.to_json(),
            "promo_code": self.promo_code,
            "is_free": self.is_free,
        }


def make_quote(fee, discount=None, promo_code=None):
    """Quote `fee` with an optional `discount` (PercentOff or AmountOff)."""
    off = discount.amount_off(fee) if discount else Money.zero(fee.currency)
    total = Money(max(fee.minor - off.minor, 0), fee.currency)
    return Quote(fee=fee, discount=off, total=total, promo_code=promo_code)
