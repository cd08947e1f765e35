"""The gates of the built-in access modes, and the registry the block asks.

`free`: everyone sees the content. `fee`: learners pay the author's fee (promo codes
may apply) or are granted access. Capability gates (subscriptions.gate, ...) are
registered here too, so adding a mode is one line in this file.
"""
from fee_training_xblock.block.products import block_offer
from fee_training_xblock.conf import payments_configured
from fee_training_xblock.core import gates
from fee_training_xblock.core.domain.block_settings import MODE_FEE, MODE_FREE
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import check_currency, parse_money
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.core.gates import Decision
from fee_training_xblock.live_sessions.gate import LiveSessionGate
from fee_training_xblock.payments.methods import author_messages
from fee_training_xblock.subscriptions.gate import SubscriptionGate
from fee_training_xblock.webinars.gate import WebinarGate


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


class FreeGate(gates.Gate):
    """Everyone, signed in or not, sees the content."""

    mode = MODE_FREE
    has_staff_figures = False  # nobody needs access to be counted

    def decide(self, block, viewer, cfg):
        """Open for all; staff still get their tools."""
        return Decision("open", show_children=True)


class FeeGate(gates.Gate):
    """Learners see the content once they paid the fee (or a code or staff gave them access)."""

    mode = MODE_FEE
    staff_resources = ("promo",)  # the promo-code manager
    preview_text = _("Staff preview: learners must pay {price} before they see the content below.")
    refunded_text = _("Your payment for this content was refunded on {date}, so it is closed. You can pay again "
                      "below to open it.")
    withdrawn_text = gates.WITHDRAWN_PAY_TEXT  # shared with paid webinars

    def preview(self, block, cfg):
        """The banner with the price learners pay."""
        return block.gettext(self.preview_text).format(price=cfg.fee.format())

    def anonymous(self, block, cfg):
        """The price, and a request to sign in to pay."""
        return self._priced(Decision("anonymous", notice=block.gettext("Sign in to buy access to this content.")),
                            cfg)

    def for_learner(self, block, viewer, cfg):
        """Granted (with the receipt) or locked (with the promo field and the card form)."""
        row = block.grant_row(viewer)  # live or not, with its receipt: one query whatever the learner's state
        grant = row if row is not None and row.is_active() else None
        block.sync_access_state(grant)
        if grant is not None:
            return Decision("granted", show_children=True, receipt_html=block.receipt_html_for_grant(grant))
        notice = ""
        if row is not None and row.revoked_at is not None:
            withdrawn = gates.withdrawn_after_payment(block, viewer, ended=row)
            if withdrawn is not None:  # staff withdrew access the learner paid for: paying again is refused
                return withdrawn
            notice = block.gettext(self.refunded_text if row.via == "payment" else self.withdrawn_text).format(
                date=row.revoked_at.strftime("%Y-%m-%d"))
        decision = self._priced(Decision("locked", promo_html=block.render_promo_field(), notice=notice), cfg)
        decision.resources.add("promo")
        if payments_configured():
            decision.offer_html = block.payment_step_html(decision.price, cfg.fee, decision.resources)
        return decision

    def staff_html(self, block, cfg):
        """The promo-code manager."""
        return block.render_promo_staff()

    def offer(self, block, viewer):
        """Access to this block's content at the author's fee."""
        return block_offer(block.ref(), block.block_settings())

    def validate(self, block, data):
        """PayPal's currency rules for the fee, when the site offers PayPal (the fee itself is checked elsewhere).

        The editor refuses to save on any message, so a warning (cards still sell the
        block) is given only when Studio validates the saved block (`data` is the block).
        """
        try:
            fee = parse_money(data.fee, check_currency(data.currency))
        except DomainError:
            return []
        return [(is_error, problem.localized(block.gettext)) for is_error, problem in author_messages(fee)
                if is_error or data is block]

    @staticmethod
    def _priced(decision, cfg):
        decision.quote = make_quote(cfg.fee)
        decision.price, decision.benefit = decision.quote.total.format(), cfg.benefit
        return decision


for _gate in (FreeGate(), FeeGate(), SubscriptionGate(), LiveSessionGate(), WebinarGate()):
    gates.register(_gate)

ACCESS_MODES = gates.modes()
