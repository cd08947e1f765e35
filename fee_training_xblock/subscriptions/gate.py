"""The access gate of `subscription` mode: subscribers open the course with an explicit Start, each start is billed.

A page view only reads: it shows the learner's subscription status, a Start course
button when starting would create (and bill) an assignment, or the subscription on
sale. A live assignment made in another block of the course opens this block too
(nothing is billed for that), except while staff view the block as a learner.
"""
from fee_training_xblock.conf import payments_configured
from fee_training_xblock.core import gates, ledger
from fee_training_xblock.core.domain.errors import DomainError, PaymentError
from fee_training_xblock.core.gates import Decision
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.subscriptions import assignments, sales
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.subscriptions.handlers import MODE, day_text, money_text


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


class SubscriptionGate(gates.Gate):
    """Subscribers see the content once they started the course; others may buy the subscription on sale."""

    mode = MODE
    preview_text = _("Staff preview: learners see the content below with a subscription covering this course; "
                     "each course start is a billed course assignment.")

    def anonymous(self, block, cfg):
        """Signed-out visitors are asked to sign in (there is no price to show)."""
        return Decision("anonymous", notice=block.gettext("Sign in to open this course with your subscription."))

    def for_learner(self, block, viewer, cfg):
        """Granted, waiting for Start, or not subscribed (with the offer when one is on sale)."""
        ref, now = block.ref(), block.billing_now()
        grant = block.active_grant(viewer, now=now)
        if grant is not None and grant.via != AccessGrant.VIA_SUBSCRIPTION:
            block.sync_access_state(grant)  # staff grant or a payment made here: no assignment needed
            return Decision("granted", show_children=True, receipt_html=block.receipt_html_for_grant(grant))
        try:
            decision = assignments.decide(ref, viewer.user_key, block.assignment_days, now)
        except DomainError as err:
            return Decision("waiting", status_html=block.render_subscription_status(
                {"outcome": "misconfigured", "problem": err.localized(block.gettext)}))
        context = {"outcome": decision.outcome, "ended_on": day_text(decision.ended_at),
                   "starts_on": day_text(decision.starts_at) if decision.outcome == rules.UPCOMING else ""}
        if decision.outcome == rules.LIVE:
            return self._live(block, viewer, ref, context, grant)
        block.sync_access_state(None)
        result = Decision("waiting")
        if decision.outcome == rules.CREATE:
            context["outcome"] = "ready"
            result.resources.add("actions")  # the Start course button
        if decision.outcome in (rules.NOT_SUBSCRIBED, rules.ENDED) and payments_configured():
            profile = sales.offered_profile(ref.course_key)
            if profile is not None:
                price = money_text(profile.sale_price_minor, profile.currency)
                context.update(offer_name=profile.name, offer_price=price, offer_days=profile.duration_days,
                               payment_html=block.payment_step_html(price, sales.offer_for(profile, ref).fee,
                                                                    result.resources))
        result.status_html = block.render_subscription_status(context)
        return result

    def _live(self, block, viewer, ref, context, grant):
        """A live assignment: the content shows, unless staff withdrew the access it gave in this block."""
        assignment = assignments.latest_assignment(ref.course_key, viewer.user_key)
        if ledger.revoked_with(ref.usage_key, viewer.user_key, f"assignment:{assignment.pk}"):
            block.sync_access_state(None)
            context["outcome"] = rules.REVOKED
            return Decision("waiting", status_html=block.render_subscription_status(context))
        if grant is None and not viewer.is_masquerading:
            grant = assignments.grant_for(ref, viewer.user_key, assignment)
        block.sync_access_state(grant)
        block.remember_assignment(assignment)
        context["expires_on"] = day_text(assignment.expires_at)
        return Decision("granted", show_children=True, status_html=block.render_subscription_status(context),
                        receipt_html=block.latest_receipt_html(viewer))

    def staff_html(self, block, cfg):
        """The billing summary of the block's course (what does not grow with it)."""
        return block.billing_summary_html()

    def staff_figures(self, block):
        """The course's billed assignments this and last month and its live assignments (on demand)."""
        return block.billing_figures_html()

    def offer(self, block, viewer):
        """The subscription on sale in this course, for a learner who has none to use."""
        ref = block.ref()
        decision = assignments.decide(ref, viewer.user_key, block.assignment_days, now=block.billing_now())
        if decision.outcome not in (rules.NOT_SUBSCRIBED, rules.ENDED):
            raise PaymentError(_("You already have a subscription for this course; you have not been charged."))
        profile = sales.offered_profile(ref.course_key)
        if profile is None:
            raise PaymentError(_("No subscription for this course is on sale. Please contact the course team."))
        return sales.offer_for(profile, ref)

    def validate(self, block, data):
        """Assignment duration and the billing foresight warnings."""
        return block.subscription_problems(data)
