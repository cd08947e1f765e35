"""XBlock glue of subscription billing: the block's subscription fields, the Start course handler,
the learner's status panel and the staff billing summary.

`SubscriptionHandlersMixin` relies only on the GatedBlock interface (core.handlers).
A course assignment (the billable event) is created only by the explicit POST
`start_course`, never by a page view, and never while staff view the block as a learner.
"""
import logging
from datetime import UTC

from django.utils import timezone
from xblock.exceptions import JsonHandlerError
from xblock.fields import Integer, List, Scope

from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.subscriptions import assignments, invoices
from fee_training_xblock.subscriptions import domain as rules

log = logging.getLogger(__name__)

ASSIGNMENT_EVENT = "fee_training.course_assignment.created"
MODE = "subscription"


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


def day_text(moment):
    """A date for learners, in UTC (e.g. '2026-11-30')."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else ""


def money_text(minor, currency):
    """Minor units and a code as display text, e.g. '$25.00'."""
    return Money(int(minor), currency).format()


class SubscriptionHandlersMixin:
    """Fields, the Start course handler, status and staff summary for blocks in `subscription` mode."""

    #: Studio fields this mixin adds to the block's editor.
    subscription_fields = ("assignment_days",)

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

    @json_handler
    def start_course(self, data, suffix=""):
        """Learner: start this course with their subscription (creates and bills a course assignment once)."""
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise JsonHandlerError(403, self.gettext("Sign in to open this course with your subscription."))
        if viewer.is_staff or viewer.is_masquerading:
            raise JsonHandlerError(403, self.gettext(
                "Staff cannot start a course as a learner: starting is billed to the learner's subscription."))
        if self.access_mode != MODE:
            raise JsonHandlerError(400, self.gettext("This content is not opened with a subscription."))
        result = assignments.start_course(self.ref(), viewer.user_key, self.assignment_days, now=self.billing_now())
        if result.assignment is None:
            raise JsonHandlerError(400, self.gettext(
                "Your subscription does not let you start this course now. Reload the page to see why."))
        self.remember_assignment(result.assignment)
        if result.created:
            self.runtime.publish(self, ASSIGNMENT_EVENT, assignments.assignment_event(result.assignment))
        self.sync_access_state(ledger.active_grant(self.ref().usage_key, viewer.user_key, now=self.billing_now()))
        return {"started": True, "created": result.created,
                "expires_on": day_text(result.assignment.expires_at),
                "message": self.gettext("Course started. Opening your content…")}

    def render_subscription_status(self, context):
        """HTML of templates/subscription_status.html for the learner."""
        return self.render_template("subscription_status.html", {"assignment_days": self.assignment_days, **context})

    def billing_summary_html(self):
        """HTML of the staff billing summary: the course key, covering profiles and warnings (one small query).

        The month totals and live assignments grow with the course: billing_figures_html, on demand.
        """
        course_key = self.ref().course_key
        profiles = invoices.profiles_covering(course_key)
        return self.render_template("billing_summary.html", {
            "course_key": course_key, "profiles": profiles,
            "warnings": self.foresight_warnings(self.assignment_days, profiles),
        })

    def billing_figures_html(self):
        """HTML of this course's billed assignments this and last month and its live assignments."""
        try:
            figures = invoices.billing_figures(self.ref().course_key, now=self.billing_now())
        except DomainError as err:
            figures = {"problem": err.localized(self.gettext), "months": []}
        for month in figures["months"]:
            for total in month["totals"]:
                total["amount"] = money_text(total["amount_minor"], total["currency"])
        return self.render_template("billing_figures.html", figures)

    def foresight_warnings(self, assignment_days, profiles=None):
        """One message per profile covering this course that outlasts its assignments (with the ceil number).

        `profiles`: the (name, days) rows already read by the caller, so the staff view asks once.
        """
        try:
            days = rules.check_days(assignment_days, rules.ASSIGNMENT_DURATION)
        except DomainError:
            return []
        messages = []
        for name, profile_days in (invoices.profiles_covering(self.ref().course_key) if profiles is None
                                   else profiles):
            if profile_days > days:
                messages.append(self.gettext(
                    "Subscription profile '{name}' lasts {profile_days} days but assignments of this course last "
                    "{days} days: a subscriber can be billed up to {times} times for this course."
                ).format(name=name, profile_days=profile_days, days=days, times=rules.max_billings(profile_days, days)))
        return messages

    def subscription_problems(self, data):
        """Studio checks for subscription mode: [(is_error, message)] — a usable duration, then billing foresight."""
        try:
            rules.check_days(data.assignment_days, rules.ASSIGNMENT_DURATION)
        except DomainError as err:
            return [(True, err.localized(self.gettext))]
        return [(False, message) for message in self.foresight_warnings(data.assignment_days)]
