"""What the fee gate sells: access to the content a block gates ("block_access", product id = usage key)."""
import logging

from fee_training_xblock import compat
from fee_training_xblock.core import ledger, products
from fee_training_xblock.core.domain.block_settings import MODE_FEE, load_settings
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.products import Offer
from fee_training_xblock.data import BlockRef

log = logging.getLogger(__name__)

PRODUCT_TYPE = "block_access"


def block_offer(ref, cfg):
    """The Offer of a block's content at the author's fee (promo codes may apply)."""
    return Offer(product_type=PRODUCT_TYPE, product_id=ref.usage_key, title=cfg.display_name, fee=cfg.fee,
                 course_key=ref.course_key, usage_key=ref.usage_key, discountable=True)


class BlockAccess(products.Product):
    """A paid payment grants the payer access to the block's content; a full refund revokes it."""

    type = PRODUCT_TYPE
    refund_summary = "Payment refunded and access revoked."
    refund_notice = "Your access to the paid content has ended."

    def current_price(self, product_id, course_key, usage_key):
        """The block's published fee (from the LMS's modulestore through compat), or None where it cannot be read.

        The workbench has no modulestore: there the price is unknown and an intent the
        ledger never recorded is left to staff.
        """
        fields = compat.published_block_fields(product_id, ("display_name", "fee", "currency", "access_mode"))
        if not fields or (fields.get("access_mode") or MODE_FEE) != MODE_FEE:
            return None  # unknown here, or not sold for a fee
        try:
            cfg = load_settings(str(fields.get("display_name") or ""), fields.get("fee"), fields.get("currency"),
                                MODE_FEE, modes=(MODE_FEE,))
        except DomainError as err:
            log.warning("Block %s has no usable published fee: %s", product_id, err.message)
            return None
        return cfg.fee

    def already_owned(self, payment):
        """The payer already has access (another payment, a code, staff): a new payment would be a duplicate."""
        return ledger.has_access(payment.product_id, payment.payer_key)

    def fulfil(self, payment):
        """Grant access, recorded in the ledger with the PaymentIntent as reference."""
        ledger.grant_access(BlockRef(payment.course_key, payment.product_id), payment.payer_key,
                            via=AccessGrant.VIA_PAYMENT, reference=payment.payment_intent_id)

    def on_refund(self, payment, reason):
        """A full refund ends the access it paid for."""
        ledger.revoke_access(payment.product_id, payment.payer_key, reason)


def register():
    """Make block access sellable through the payment core."""
    products.register(BlockAccess())
