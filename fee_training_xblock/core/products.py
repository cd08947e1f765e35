"""What the payment core can sell: Offers priced by their capability, and the Product registry.

The payment core (payments/) knows nothing about what is sold. A capability that
sells something registers a Product (what a paid payment delivers, what a refund
takes back); the glue that shows a payment form builds an Offer (what is sold,
to whom, at which server-computed price). Payments store the product type and id
as data and call the registered Product when money moves.
"""
import logging
from dataclasses import dataclass

from fee_training_xblock import compat
from fee_training_xblock.core.domain.block_settings import load_settings
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money

log = logging.getLogger(__name__)

_PRODUCTS = {}


@dataclass(frozen=True)
class Offer:
    """One thing for sale to one payer, priced on the server.

    `product_type`/`product_id` name what is bought (e.g. "block_access" and a usage
    key); `course_key`/`usage_key` say where it was sold (receipts, staff tools,
    promo-code scope); `discountable` says whether promo codes may apply.
    """

    product_type: str
    product_id: str
    title: str
    fee: Money
    course_key: str
    usage_key: str
    discountable: bool = True


@dataclass(frozen=True)
class Payer:
    """Who pays: a learner for their own access, or a host for a session."""

    key: str
    email: str = ""


class Product:
    """Base of registered products. Subclasses set `type` and implement the hooks they need.

    `fulfil` and `on_refund` run inside the payment's database transaction with the
    payment row locked; raising a DomainError there rolls the payment state back.
    """

    type = ""
    #: `fulfil` either delivers completely or raises before writing anything that would need undoing
    #: (e.g. one ledger write): a fulfilment under a lock its caller holds then needs no savepoint.
    atomic_delivery = False
    #: Course staff may refund it from the block's staff tools. False: only platform staff, in Django
    #: admin (a host must not refund the session they paid for and ran).
    staff_refundable = True

    def already_owned(self, payment):
        """True when the payer already has what this payment would buy (the payment is then refunded)."""
        return False

    def fulfil(self, payment):
        """Deliver what a verified, paid payment bought."""
        raise NotImplementedError

    #: What staff are told a full refund did (translatable; filled with `refund_details`).
    refund_summary = _("Payment refunded.")
    #: What the payer is told, in the refund email, about what they bought.
    refund_notice = _("What you bought with it has ended.")

    def on_refund(self, payment, reason):
        """Take back what a fully refunded payment bought (as far as the rules allow); `reason` is for the ledger."""

    def refund_details(self, payment):
        """Parameters of refund_summary and refund_notice for this payment (after on_refund)."""
        return {}

    def current_price(self, product_id, course_key, usage_key):
        """The fee (Money) this server charges for the product now, or None when it cannot tell here.

        Used to check an intent the ledger never recorded: without a price it is not fulfilled.
        """
        return None

    def may_buy_again(self, payment):
        """May the payer of a paid, unrefunded `payment` they no longer own buy the same product again?

        False (the default): they are told they paid already (e.g. staff withdrew the
        access) rather than charged twice. True for things that run out (a subscription).
        """
        return False


def published_fee(usage_key, modes):
    """The fee a block published in the LMS charges (Money) when its access mode is one of `modes`; None otherwise.

    Read from the LMS's modulestore through compat, so it is what the server charges,
    not what a request says. None where it cannot be read (the workbench has no
    modulestore), for another mode, or for a fee of 0 (nothing is sold).
    """
    fields = compat.published_block_fields(usage_key, ("display_name", "fee", "currency", "access_mode"))
    mode = (fields or {}).get("access_mode") or "fee"
    if not fields or mode not in modes:
        return None
    try:
        cfg = load_settings(str(fields.get("display_name") or ""), fields.get("fee"), fields.get("currency"), mode,
                            modes=tuple(modes))
    except DomainError as err:
        log.warning("Block %s has no usable published fee: %s", usage_key, err.message)
        return None
    return None if cfg.fee.is_zero() else cfg.fee


def register(product):
    """Make `product` sellable; registering the same type twice keeps the newest (module reloads)."""
    if not product.type:
        raise ValueError("a Product needs a type")
    _PRODUCTS[product.type] = product
    return product


def get(product_type):
    """The registered Product of `product_type`; LookupError names an unknown type."""
    try:
        return _PRODUCTS[product_type]
    except KeyError:
        raise LookupError(f"no product registered for {product_type!r}") from None


def registered_types():
    """The product types that can be sold (for admin filters and checks)."""
    return sorted(_PRODUCTS)
