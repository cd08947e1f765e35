"""Promo codes as the payment core's discount provider (registered in core.discounts at start-up).

The payment core calls these with an Offer or a DiscountClaim and never imports promos.
"""
from fee_training_xblock.core import discounts
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.data import BlockRef
from fee_training_xblock.promos import quotes, redemptions
from fee_training_xblock.promos.domain import codes as rules


def _ref(item):
    return BlockRef(course_key=item.course_key, usage_key=item.usage_key)


class PromoCodes:
    """core.discounts provider backed by PromoCode rows."""

    def quote(self, offer, payer_key, code):
        """The discounted Quote of the offer (PromoError saying why a code cannot be used)."""
        return quotes.lookup_and_quote(offer.fee, _ref(offer), payer_key, code)

    def hold(self, offer, payer_key, code, reference):
        """Reserve a use for the payment attempt `reference` (refused when the code is used up)."""
        redemptions.hold_redemption(offer.fee, _ref(offer), payer_key, code, reference=reference)

    def confirm(self, claim):
        """Count the held use; returns its tracking data. DiscountRefused when the use cannot be counted."""
        redemption = redemptions.confirm_redemption(_ref(claim), claim.payer_key, claim.code,
                                                    reference=claim.reference)
        if redemption is None:
            raise discounts.DiscountRefused(_("Promo code {code} cannot be counted for this payment."), code=claim.code)
        return redemptions.redemption_event(redemption, via="payment")

    def expected_quote(self, fee, course_key, usage_key, code):
        """The code's discount on `fee` where its scope covers the block (no limits checked); None otherwise."""
        row = quotes.find(rules.normalize_code(code))
        if row is None:
            return None
        rule = quotes.rule_of(row)
        if not rules.matches_scope(rule, quotes.target_of(BlockRef(course_key=course_key, usage_key=usage_key))):
            return None
        if rule.kind == rules.KIND_AMOUNT and rule.currency != fee.currency:
            return None
        return make_quote(fee, rule.discount(), promo_code=row.code)

    def release(self, claim):
        """Free the use held by an attempt that will never be paid."""
        redemptions.release_redemption(_ref(claim), claim.payer_key, claim.code, reference=claim.reference)

    def give_back(self, claim):
        """Return the use of a refunded payment."""
        redemptions.return_refunded_use(_ref(claim), claim.payer_key, claim.code, claim.reference)


def register():
    """Install promo codes as the site's discount provider."""
    discounts.register_provider(PromoCodes())
