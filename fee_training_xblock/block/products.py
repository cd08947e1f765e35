"""What the fee gate sells: access to the content a block gates ("block_access", product id = usage key)."""
from fee_training_xblock.core import ledger, products
from fee_training_xblock.core.domain.block_settings import MODE_FEE
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.products import Offer
from fee_training_xblock.data import BlockRef
from fee_training_xblock.live_sessions.gate import MODE as LIVE_SESSION_MODE

PRODUCT_TYPE = "block_access"


def block_offer(ref, cfg):
    """The Offer of a block's content at the author's fee (promo codes may apply)."""
    return Offer(product_type=PRODUCT_TYPE, product_id=ref.usage_key, title=cfg.display_name, fee=cfg.fee,
                 course_key=ref.course_key, usage_key=ref.usage_key, discountable=True)


class BlockAccess(products.Product):
    """A paid payment grants the payer access to the block's content; a full refund revokes it."""

    type = PRODUCT_TYPE
    atomic_delivery = True  # one ledger write, or an error before it
    refund_summary = _("Payment refunded and access revoked.")
    refund_notice = _("Your access to the paid content has ended.")

    def current_price(self, product_id, course_key, usage_key):
        """The block's published fee (fee mode, or the learner fee of a live session), or None where unknown.

        The workbench has no modulestore: there the price is unknown and an intent the
        ledger never recorded is left to staff.
        """
        return products.published_fee(product_id, (MODE_FEE, LIVE_SESSION_MODE))

    def already_owned(self, payment):
        """The payer already has access (another payment, a code, staff): a new payment would be a duplicate.

        A payment read with its payer's grant row (the webhook locks it so) answers without a query.
        """
        known = ledger.known_grant(payment)
        return known[1] if known is not None else ledger.has_access(payment.product_id, payment.payer_key)

    def fulfil(self, payment):
        """Grant access, recorded in the ledger with the PaymentIntent as reference."""
        ref, known = BlockRef(payment.course_key, payment.product_id), ledger.known_grant(payment)
        if known is not None:  # the grant row was read with the locked payment: one write
            ledger.grant_known(ref, payment.payer_key, AccessGrant.VIA_PAYMENT, payment.payment_intent_id, known)
            return
        ledger.grant_access(ref, payment.payer_key, via=AccessGrant.VIA_PAYMENT, reference=payment.payment_intent_id)

    def on_refund(self, payment, reason):
        """A full refund ends the access it paid for."""
        ledger.revoke_access(payment.product_id, payment.payer_key, reason)


def register():
    """Make block access sellable through the payment core."""
    products.register(BlockAccess())
