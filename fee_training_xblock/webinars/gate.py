"""The access gate of `webinar` mode: the webinar card, and what admits each viewer (webinars.domain.admission).

Staff always see the content with their tools. A learner with a live grant is
admitted (Join button, calendar file, the children); a learner the course team
removed is told so (no password form; in a paid webinar they may still pay, as in fee
mode); anyone else sees the date and time and their next step: pay, type the room
password, or open their personal link.
"""
from fee_training_xblock.conf import payments_configured
from fee_training_xblock.core import gates
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.core.gates import Decision
from fee_training_xblock.webinars import rooms
from fee_training_xblock.webinars.handlers import MODE
from fee_training_xblock.webinars.seats import seat_offer

CARD_STYLE, CARD_SCRIPT, STAFF_SCRIPT = "css/webinar.css", "js/webinar.js", "js/webinar_staff.js"
WAITING_STEPS = ("open_link", "enter_password", "link_then_password", "not_ready")


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


class WebinarGate(gates.Gate):
    """Admits by personal link, payment, room password (when sharing is allowed) or staff decision."""

    mode = MODE

    def decide(self, block, viewer, cfg):
        """The Decision for `viewer`, with the webinar card above it."""
        room, schedule = block.webinar_room(cfg)
        if viewer.is_staff:
            situation = "staff"
            decision = Decision("preview", show_children=True, notice=self.staff_notice(block, room, cfg))
            decision.staff_html = block.webinar_staff_html(room) + (block.render_promo_staff() if room.has_fee else "")
            decision.resources |= {CARD_SCRIPT, STAFF_SCRIPT, *(("promo",) if room.has_fee else ())}
        elif viewer.is_anonymous:
            situation = "anonymous"
            decision = Decision("anonymous", notice=block.gettext("Sign in to join this webinar."))
            if room.has_fee:
                self._priced(decision, cfg)
        else:
            situation, grant, row = block.webinar_situation(room, viewer)
            block.sync_access_state(grant)
            # A payer whose seat staff withdrew is told so, not offered a second charge.
            withdrawn = (gates.withdrawn_after_payment(block, viewer, ended=row)
                         if grant is None and room.has_fee and row is not None else None)
            decision = withdrawn or self.for_situation(block, situation, grant, cfg, row)
        decision.status_html, decision.js_config = block.webinar_card(room, schedule, situation)
        decision.resources.add(CARD_STYLE)
        if self.card_acts(situation, schedule, decision.js_config):
            decision.resources.add(CARD_SCRIPT)
        return decision

    @staticmethod
    def card_acts(situation, schedule, config):
        """True when the learner's card needs its script (local time, the Join window, the password form).

        Otherwise (e.g. "open your personal link", shown in the learner's own zone) the card
        is plain HTML and the page sends no script for it.
        """
        if situation in ("enter_password", "link_then_password"):
            return True
        return schedule is not None and (situation == "admitted" or bool(config.get("browserTimeZone")))

    def for_situation(self, block, situation, grant, cfg, row=None):
        """A signed-in learner's Decision: admitted, withdrawn by staff, paying, or waiting (link, password)."""
        if situation == "admitted":
            return Decision("granted", show_children=True, receipt_html=block.receipt_html_for_grant(grant))
        if situation == "withdrawn":  # `row` is the grant staff revoked (webinars.rooms.withdrawn_by_staff)
            return Decision("withdrawn", notice=block.gettext(gates.WITHDRAWN_TEXT).format(
                date=row.revoked_at.strftime("%Y-%m-%d")))
        if situation in WAITING_STEPS:
            return Decision("waiting")
        notice = ""
        if rooms.withdrawn_by_staff(row):  # a removed learner who never paid here may buy a seat
            notice = block.gettext(gates.WITHDRAWN_PAY_TEXT).format(date=row.revoked_at.strftime("%Y-%m-%d"))
        decision = self._priced(Decision("locked", promo_html=block.render_promo_field(), notice=notice), cfg)
        decision.resources.add("promo")
        if payments_configured():
            # cards, and PayPal if it can take the price; the scripts of the ways shown go to the page
            decision.offer_html = block.payment_step_html(decision.price, cfg.fee, decision.resources)
        return decision

    def staff_notice(self, block, room, cfg):
        """The staff banner: who learners are admitted by, and what is still missing."""
        ways = [block.gettext("a personal link (each admits one person)")]
        if room.has_fee:
            ways.append(block.gettext("paying {price} (payers get their own link by email)").format(
                price=cfg.fee.format()))
        if room.sharing_allowed and room.password_required and not room.has_fee:
            ways.append(block.gettext("the room password alone (sharing is allowed)"))
        text = block.gettext("Staff preview: learners are admitted by {ways}.").format(ways="; ".join(ways))
        if room.password_required:
            text += " " + block.gettext("Link holders also type the room password.")
            if not room.password_set:
                text += " " + block.gettext("No room password is set yet: set it below, or no one can get in.")
        return text

    def offer(self, block, viewer):
        """A seat in this webinar at the author's fee."""
        return seat_offer(block.ref(), block.block_settings())

    def validate(self, block, data):
        """Schedule, live room URL, and that something closes the webinar."""
        return block.webinar_problems(data)

    @staticmethod
    def _priced(decision, cfg):
        decision.quote = make_quote(cfg.fee)
        decision.price, decision.benefit = decision.quote.total.format(), cfg.benefit
        return decision
