"""XBlock glue of live sessions: the host's estimate handler, the learners' join handler, page resources.

`LiveSessionHandlersMixin` relies only on the GatedBlock interface (core.handlers).
Paying goes through the payment handlers (start_payment/confirm_payment) with the
Offer the live-session gate builds, so 3-D Secure, webhooks and receipts work as for
learners. Nothing here runs on GET.
"""
from django.utils import timezone
from xblock.exceptions import JsonHandlerError

from fee_training_xblock.conf import setting
from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.live_sessions import attendance, estimates


class LiveSessionHandlersMixin:
    """Handlers and view helpers for blocks in `live_session` mode."""

    def require_host(self):
        """The viewer if they may host (course staff, not viewing as a learner); a 403 otherwise."""
        viewer = self.require_staff()
        if viewer.is_masquerading:
            raise JsonHandlerError(403, self.gettext("Stop viewing the course as a learner to host the session."))
        return viewer

    @json_handler
    def estimate_session(self, data, suffix=""):
        """Host: check the session options and confirm their Estimated Session Cost at today's rates."""
        viewer = self.require_host()
        session = estimates.confirm_estimate(self.ref(), viewer.user_key, viewer.email, data, timezone.now())
        self.publish("live_session.estimated", {"session": session.pk, "amount_minor": session.amount_minor,
                                                "currency": session.currency, "host": viewer.user_key})
        return {"session": session.pk, "total": estimates.estimate_of(session).total.to_json(),
                "message": self.gettext("Estimated session cost updated.")}

    @json_handler
    def open_free_session(self, data, suffix=""):
        """Host: open a session whose estimate is zero (the site's rates are zero)."""
        viewer = self.require_host()
        estimates.require_switched_on()
        session = estimates.open_without_payment(self.ref().usage_key, viewer.user_key, timezone.now())
        self.publish("live_session.opened", {"session": session.pk, "host": viewer.user_key, "amount_minor": 0})
        return {"session": session.pk, "message": self.gettext("Session opened.")}

    @json_handler
    def join_session(self, data, suffix=""):
        """Someone with access follows the join link: remember when (measured usage), reply with the link."""
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise JsonHandlerError(403, self.gettext("Sign in to join this session."))
        session = estimates.open_session(self.ref().usage_key)
        if session is None:
            raise PaymentError(_("This session has not been opened by its host yet."))
        if not (viewer.is_staff or ledger.has_access(self.ref().usage_key, viewer.user_key)):
            raise JsonHandlerError(403, self.gettext("You do not have access to this session yet."))
        if attendance.has_ended(session):
            raise PaymentError(_("This session has ended."))
        if not viewer.is_masquerading:
            attendance.record_join(session, viewer.user_key)
        return {"join_url": session.join_url}

    def live_session_problems(self, data):
        """Studio checks of `live_session` mode: [(is_error, message)]."""
        if not setting("LIVE_SESSIONS_ENABLED"):
            return [(False, self.gettext(
                "Pay-per-use sessions are switched off on this site: hosts cannot open this session until a site "
                "administrator turns on LIVE_SESSIONS_ENABLED."))]
        return []
