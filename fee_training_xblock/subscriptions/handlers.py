"""The subscription part of the block: assignment duration, learner assignments, status and staff summary.

`SubscriptionMixin` is mixed into FeeTrainingXBlock. In `subscription` mode a
learner's first visit to a course (per assignment period) creates a billable
course assignment through billing.start_course; this mixin mirrors it into the
learner's state, publishes the tracking event and renders what the learner sees.
"""
import logging
from datetime import timezone as dt_timezone

from django.utils import timezone
from xblock.fields import Integer, List, Scope
from xblock.utils.resources import ResourceLoader
from xblock.validation import ValidationMessage

from fee_training_xblock.subscriptions import assignments as billing
from fee_training_xblock.subscriptions import sales as subscription_sales
from fee_training_xblock.conf import payments_configured
from fee_training_xblock.subscriptions import domain as rules
from fee_training_xblock.core.domain.block_settings import MODE_SUBSCRIPTION
from fee_training_xblock.core.domain.errors import DomainError, PaymentError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.block.viewer import block_ref, current_viewer

log = logging.getLogger(__name__)
loader = ResourceLoader("fee_training_xblock")

ASSIGNMENT_EVENT = "fee_training.course_assignment.created"


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


def day_text(moment):
    """A date for learners, in UTC (e.g. '2026-11-30')."""
    return moment.astimezone(dt_timezone.utc).strftime("%Y-%m-%d") if moment else ""


def money_text(minor, currency):
    """Minor units and a code as display text, e.g. '$25.00'."""
    return Money(int(minor), currency).format()


class SubscriptionMixin:
    """Fields, learner status and staff summary for blocks in `subscription` access mode."""

    assignment_days = Integer(
        display_name=_("Assignment duration (days)"), default=180, scope=Scope.settings,
        help=_("Subscription mode: how long a course assignment gives access. Each new assignment is billed."),
    )
    course_assignments = List(
        default=[], scope=Scope.user_state,
        help="Mirror of the learner's course assignments in this course (the billing ledger is the source of truth).",
    )

    def billing_now(self):
        """The current time (one place, so tests can freeze it)."""
        return timezone.now()

    def remember_assignment(self, assignment):
        """Add the assignment to the learner-state list once."""
        known = {item.get("assignment_id") for item in self.course_assignments}
        if assignment.pk not in known:
            self.course_assignments = [*self.course_assignments, {
                "assignment_id": assignment.pk,
                "sequence": assignment.sequence,
                "starts_at": assignment.created_at.isoformat(),
                "expires_at": assignment.expires_at.isoformat(),
                "billing_month": assignment.billing_month,
            }]

    def start_subscription_course(self, viewer, ref):
        """Start the course for a learner in subscription mode; returns (gives_access, status_html, payment_html).

        `payment_html` is the card form for buying the subscription on sale in this
        course, when the learner has none to use and card payments are configured.
        """
        try:
            result = billing.start_course(ref, viewer.user_key, self.assignment_days, now=self.billing_now())
        except DomainError as err:
            log.warning("Subscription start refused for %s in %s: %s", viewer.user_key, ref.course_key, err.message)
            html = self.render_subscription_status({"outcome": "misconfigured", "problem": err.localized(self.gettext)})
            return False, html, ""
        if result.assignment is not None:
            self.remember_assignment(result.assignment)
        if result.created:
            self.runtime.publish(self, ASSIGNMENT_EVENT, billing.assignment_event(result.assignment))
        decision = result.decision
        context = {
            "outcome": decision.outcome,
            "created": result.created,
            "expires_on": day_text(result.assignment.expires_at) if result.assignment else "",
            "ended_on": day_text(decision.ended_at),
            "starts_on": day_text(decision.starts_at) if decision.outcome == rules.UPCOMING else "",
            "assignment_days": self.assignment_days,
            "payment_html": "",
        }
        if decision.outcome in (rules.NOT_SUBSCRIBED, rules.ENDED) and payments_configured():
            profile = subscription_sales.offered_profile(ref.course_key)
            if profile is not None:
                price = money_text(profile.sale_price_minor, profile.currency)
                context.update(offer_name=profile.name, offer_price=price, offer_days=profile.duration_days)
                context["payment_html"] = self.payment_step_html(price)
        return result.gives_access, self.render_subscription_status(context), context["payment_html"]

    def payment_offer(self):
        """In subscription mode the card form buys the subscription on sale here; otherwise the block's access."""
        if self.access_mode != MODE_SUBSCRIPTION:
            return super().payment_offer()
        ref = block_ref(self)
        decision = billing.decide(ref, current_viewer(self).user_key, self.assignment_days, now=self.billing_now())
        if decision.outcome not in (rules.NOT_SUBSCRIBED, rules.ENDED):
            raise PaymentError("You already have a subscription for this course; you have not been charged.")
        profile = subscription_sales.offered_profile(ref.course_key)
        if profile is None:
            raise PaymentError("No subscription for this course is on sale. Please contact the course team.")
        return subscription_sales.offer_settings(profile), subscription_sales.PURPOSE_SUBSCRIPTION

    def render_subscription_status(self, context):
        """HTML of templates/subscription_status.html for the learner."""
        return loader.render_django_template(
            "templates/subscription_status.html", context, i18n_service=self.runtime.service(self, "i18n"),
        )

    def billing_summary_html(self, ref):
        """HTML of the staff billing summary for this block's course."""
        try:
            summary = billing.billing_summary(ref.course_key, now=self.billing_now())
        except DomainError as err:
            summary = {"problem": err.localized(self.gettext), "months": [], "profiles": []}
        for month in summary["months"]:
            for total in month["totals"]:
                total["amount"] = money_text(total["amount_minor"], total["currency"])
        summary["course_key"] = ref.course_key
        summary["warnings"] = self.foresight_warnings(ref, self.assignment_days)
        return loader.render_django_template(
            "templates/billing_summary.html", summary, i18n_service=self.runtime.service(self, "i18n"),
        )

    def foresight_warnings(self, ref, assignment_days):
        """One message per profile covering this course that outlasts its assignments (with the ceil number)."""
        try:
            days = rules.check_days(assignment_days, "Assignment duration")
        except DomainError:
            return []
        messages = []
        for name, profile_days in billing.profiles_covering(ref.course_key):
            if profile_days > days:
                messages.append(self.gettext(
                    "Subscription profile '{name}' lasts {profile_days} days but assignments of this course last "
                    "{days} days: a subscriber can be billed up to {times} times for this course."
                ).format(name=name, profile_days=profile_days, days=days, times=rules.max_billings(profile_days, days)))
        return messages

    def validate_subscription_settings(self, validation, data, ref):
        """Studio checks for subscription mode: a usable duration (error) and the billing foresight (warnings)."""
        try:
            rules.check_days(data.assignment_days, "Assignment duration")
        except DomainError as err:
            validation.add(ValidationMessage(ValidationMessage.ERROR, err.localized(self.gettext)))
            return
        for message in self.foresight_warnings(ref, data.assignment_days):
            validation.add(ValidationMessage(ValidationMessage.WARNING, message))
