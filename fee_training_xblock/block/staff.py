"""The block's staff handlers for one learner: grant access, revoke it (with the learner told by email).

Refunds are the payment core's (payments.handlers.staff_refund); the list of who has
access is block.access_report. Revoking someone who paid (by card, by PayPal, or
outside the platform for a webinar) first asks staff to confirm what it means: no
refund, and no second payment for the same content. A revocation holds whichever way
the learner came in: their webinar personal links stop admitting them, a webinar's
room password (shared by design) does not let them back in, and a live session does
not admit them again on their next view. Granting access again, a personal link
issued after the revocation, or buying a seat of a paid webinar lets them back in.
"""
from django.utils.translation import gettext
from xblock.exceptions import JsonHandlerError

from fee_training_xblock.block import permissions
from fee_training_xblock.block.access_report import how_label
from fee_training_xblock.core import i18n, learners, ledger, notifications
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.webinars import links as webinar_links


def send_revocation_notice(learner, title, how, payment, links_ended):
    """Email the learner that staff withdrew their access, in the learner's language (not the staff member's)."""
    with i18n.in_language_of(learner):
        lines = [gettext("The course team has withdrawn your access to “{title}” (you had it through: {how}).").format(
            title=title, how=gettext(how))]
        if payment is not None:
            lines.append(gettext("You paid for it (reference {reference}); this was not refunded.").format(
                reference=payment.reference))
        if links_ended:
            lines.append(gettext("Your personal link no longer admits you."))
        lines.append(gettext("Please contact the course team if you think this is a mistake."))
        subject = gettext("Access withdrawn: {title}").format(title=title)
    notifications.send_email(learners.email_of(learner) or (payment.payer_email if payment else ""), subject,
                             "\n".join(lines), about=f"revocation notice for {learner}")


class StaffHandlersMixin:
    """Staff tools of the block acting on one learner named in the request (`learner`: username or email)."""

    def staff_and_learner(self, data):
        """(staff viewer, learner user key) for a staff handler acting on the learner named in `data`."""
        staff = self.require_staff()
        return staff, learners.find_learner_key(data.get("learner"), allow_raw=staff.in_workbench)

    def require_refund_rights(self):
        """The viewer if they may refund here (platform staff or a REFUND_COURSE_ROLES role); otherwise a 403."""
        viewer = self.require_staff()
        if not permissions.may_refund(viewer, self.ref().course_key):
            raise JsonHandlerError(403, self.gettext("Only platform staff or the course roles the site allows can "
                                                     "refund payments. Ask a platform administrator."))
        return viewer

    def learner_payment_for_access(self, learner):
        """The learner's own paid, unrefunded payment for this block's content (not a host's session payment)."""
        payment = self.paid_payment_of(learner)
        return payment if payment is not None and payment.product_id == self.ref().usage_key else None

    @json_handler
    def staff_grant(self, data, suffix=""):
        """Staff: give a learner access without payment (recorded in the ledger as a staff grant)."""
        staff, learner = self.staff_and_learner(data)
        if not permissions.may_receive_grant(learner, self.ref().course_key, staff.in_workbench):
            raise JsonHandlerError(400, self.gettext("That learner is not enrolled in this course: enroll them first."))
        grant = ledger.grant_access(self.ref(), learner, via=AccessGrant.VIA_STAFF, reference=f"staff:{staff.user_key}")
        self.publish("access.granted", {"user_key": learner, "via": "staff", "granted_by": staff.user_key})
        return {"learner": learner, "granted_at": grant.granted_at.isoformat(),
                "message": self.gettext("Access granted.")}

    def _revoke_question(self, learner, grant, payment):
        """What staff confirm before revoking a learner who paid ('' when they did not)."""
        if payment is not None:
            return self.describe_payment(payment, learner) + " " + self.gettext(
                "Revoking does not refund them, and they cannot pay again for this content. To give the money "
                "back, press Refund payment instead (it also revokes access). Revoke without a refund?")
        if grant.via == AccessGrant.VIA_PAID_ELSEWHERE:
            return self.gettext(
                "{learner} paid for this webinar outside the platform (recorded by staff). Revoking does not refund "
                "them and ends their personal link's admission. Revoke anyway?").format(learner=learner)
        return ""

    @json_handler
    def staff_revoke(self, data, suffix=""):
        """Staff: take a learner's access away (does not refund; see the refund action). The learner is emailed.

        When the learner paid for their access, nothing happens without `confirmed: true`:
        the reply says what revoking a paying learner means (no refund, and they cannot pay again).
        """
        staff, learner = self.staff_and_learner(data)
        ref = self.ref()
        grant = ledger.active_grant(ref.usage_key, learner)
        if grant is None:
            raise JsonHandlerError(400, self.gettext("That learner has no active access to revoke."))
        payment = self.learner_payment_for_access(learner)
        question = self._revoke_question(learner, grant, payment)
        if question and data.get("confirmed") is not True:
            return {"learner": learner, "needs_confirmation": True, "message": question}
        reason = (data.get("reason") or "").strip() or f"revoked by staff {staff.user_key}"
        if not ledger.revoke_access(ref.usage_key, learner, reason, by_staff=True):
            raise JsonHandlerError(400, self.gettext("That learner has no active access to revoke."))
        links_ended = webinar_links.revoke_links_of(ref.usage_key, learner, by=f"staff {staff.user_key}")
        self.publish("access.revoked", {"user_key": learner, "reason": reason, "revoked_by": staff.user_key,
                                        "via": grant.via})
        send_revocation_notice(learner, self.display_name, how_label(grant, payment), payment, links_ended)
        return {"learner": learner, "message": self._revoked_message(grant, payment, links_ended)}

    def _revoked_message(self, grant, payment, links_ended):
        """What staff are told a revocation did: what it ended, and what it did not."""
        message = self.gettext("Access revoked ({how}); the learner was told by email.").format(
            how=self.gettext(how_label(grant, payment)))
        if payment is not None or grant.via == AccessGrant.VIA_PAID_ELSEWHERE:
            message += " " + self.gettext("Their payment was not refunded.")
        if links_ended:
            message += " " + self.gettext("Their personal link no longer admits them.")
        if grant.via == AccessGrant.VIA_WEBINAR_PASSWORD:
            message += " " + self.gettext("The room password no longer admits them; grant access again to let them "
                                          "back in.")
        return message
