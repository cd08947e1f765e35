"""The access gate of `live_session` mode: learners see the session once its host paid the estimated cost.

Course staff are the hosts: they see the session form, the Estimated Session Cost and
the card form (or, once paid, the session and its measured usage) above a preview of
the content. Learners see "This session has not been opened by its host yet" until the
host paid; then the session, and the content — after paying the learner fee too when
the block has one (the fee gate decides that part, reached through core.gates).
"""
from django.utils import timezone

from fee_training_xblock.conf import payments_configured
from fee_training_xblock.core import gates, ledger
from fee_training_xblock.core.domain.errors import DomainError, PaymentError
from fee_training_xblock.core.gates import Decision
from fee_training_xblock.live_sessions import attendance, estimates, pages, sales

MODE = "live_session"
#: What a learner's session card needs (local times, recorded joins); the host also gets the session form's script.
LEARNER_RESOURCES = frozenset({"css/live_session.css", "js/live_session.js"})
HOST_RESOURCES = LEARNER_RESOURCES | {"js/live_session_host.js"}


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


class LiveSessionGate(gates.Gate):
    """Pay-per-use: the host pays before the session opens; learners wait until then."""

    mode = MODE
    preview_text = _("Staff preview: learners see the content below only after the session's host has paid "
                     "for the session.")

    def decide(self, block, viewer, cfg):
        """The host panel for staff; for everyone else, whether the host has opened the session yet."""
        if viewer.is_staff:
            return self.for_host(block, viewer, cfg)
        now = timezone.now()
        session = estimates.open_session(block.ref().usage_key)
        if session is None:
            if not viewer.is_anonymous:
                block.sync_access_state(None)
            return Decision("waiting", status_html=block.render_template("live_sessions/not_open.html", {}))
        if viewer.is_anonymous:
            return Decision("anonymous", notice=block.gettext("Sign in to join this session."),
                            status_html=self._learner_html(block, session, now, may_join=False))
        if not cfg.fee.is_zero():
            decision = gates.for_mode("fee").for_learner(block, viewer, cfg)
            decision.status_html = self._learner_html(block, session, now, may_join=decision.show_children)
            decision.resources |= LEARNER_RESOURCES
            return decision
        row = ledger.grant_row(block.ref().usage_key, viewer.user_key)  # live or not: one query for both checks
        grant = row if row is not None and row.is_active(now) else None
        if grant is None and self._withdrawn_from(row, session):
            block.sync_access_state(None)
            return Decision("withdrawn", notice=block.gettext(gates.WITHDRAWN_TEXT).format(
                date=row.revoked_at.strftime("%Y-%m-%d")),
                status_html=self._learner_html(block, session, now, may_join=False))
        if grant is None and not viewer.is_masquerading:  # staff viewing as a learner are never admitted
            grant = attendance.admit(session, viewer.user_key)
        block.sync_access_state(grant)
        decision = Decision("granted", show_children=True,
                            status_html=self._learner_html(block, session, now, may_join=True))
        decision.resources |= LEARNER_RESOURCES
        return decision

    @staticmethod
    def _withdrawn_from(ended, session):
        """True when staff took back this learner's admission to this very session (the next view must not undo it)."""
        return (ended is not None and ended.revoked_at is not None
                and ended.reference == attendance.grant_reference(session))

    @staticmethod
    def _learner_html(block, session, now, may_join):
        return block.render_template("live_sessions/learner.html", pages.learner_context(session, now, may_join))

    def for_host(self, block, viewer, cfg):
        """The session form, the estimate and the card form, or the open session with its measured usage."""
        decision = Decision("preview", show_children=True, notice=self.preview(block, cfg))
        context = pages.host_context(block.ref(), block.display_name, timezone.now(), block.gettext)
        if "calc" in context:
            context["calc_html"] = block.render_template("live_sessions/calculation.html", context["calc"])
        if context["price"] and not context.get("free") and payments_configured():
            context["payment_html"] = block.payment_step_html(context["price"], self._host_fee(block, viewer),
                                                              decision.resources)
        decision.status_html = block.render_template("live_sessions/host.html", context)
        decision.resources |= HOST_RESOURCES
        if not cfg.fee.is_zero():
            decision.staff_html = gates.for_mode("fee").staff_html(block, cfg)  # promo codes for the learner fee
            decision.resources.add("promo")
        return decision

    def _host_fee(self, block, viewer):
        """What the host pays, as Money (the payment step offers PayPal only for prices it can take), or None."""
        try:
            return self.offer(block, viewer).fee
        except DomainError:
            return None

    def offer(self, block, viewer):
        """Host: the confirmed estimate (or the measured difference due). Learner: the learner fee, once open."""
        usage_key, now = block.ref().usage_key, timezone.now()
        if viewer.is_staff:
            estimates.require_switched_on()
            session = estimates.open_session(usage_key)
            if session is not None:
                return sales.difference_offer(session, now)
            return estimates.session_offer(estimates.payable_estimate(usage_key, now))
        if estimates.open_session(usage_key) is None:
            raise PaymentError(_("This session has not been opened by its host yet; there is nothing to pay."))
        if block.block_settings().fee.is_zero():
            raise PaymentError(_("There is nothing to pay to join this session."))
        return gates.for_mode("fee").offer(block, viewer)

    def validate(self, block, data):
        """Studio: warn when the site switch is off (hosts could not open the session)."""
        return block.live_session_problems(data)
