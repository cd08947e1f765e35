"""The fee_training XBlock: a container whose children only render for learners with access.

Glue only: fields, views and handlers. Rules live in domain/, use cases in services.py.
"""
import logging

from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import (
    NestedXBlockSpec,
    StudioContainerWithNestedXBlocksMixin,
    StudioEditableXBlockMixin,
)
from xblock.validation import ValidationMessage

from fee_training_xblock.payments import checkout
from fee_training_xblock.core import ledger as services
from fee_training_xblock.conf import missing_payment_settings, payments_configured, setting
from fee_training_xblock.core.domain.block_settings import ACCESS_MODES, MODE_FREE, MODE_SUBSCRIPTION, load_settings, validate_settings
from fee_training_xblock.core.domain.currencies import CURRENCIES
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.handlers import json_errors
from fee_training_xblock.payments.handlers import PaymentHandlersMixin
from fee_training_xblock.promos.handlers import PromoHandlersMixin
from fee_training_xblock.subscriptions.handlers import SubscriptionMixin
from fee_training_xblock.block.viewer import block_ref, current_viewer
from fee_training_xblock.block.workbench import scenarios

log = logging.getLogger(__name__)
loader = ResourceLoader("fee_training_xblock")


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


@XBlock.wants("user")
@XBlock.wants("settings")
@XBlock.needs("i18n")
class FeeTrainingXBlock(
    SubscriptionMixin, PromoHandlersMixin, PaymentHandlersMixin, StudioContainerWithNestedXBlocksMixin,
    StudioEditableXBlockMixin, XBlock,
):
    """Paid access: learners pay (or are granted access) before the nested content is shown."""

    display_name = String(
        display_name=_("Display name"), default=_("Paid access"), scope=Scope.settings,
        help=_("The title learners see above the payment step."),
    )
    fee = String(
        display_name=_("Fee"), default="49.00", scope=Scope.settings,
        help=_("The price in the currency below, e.g. 49.99 (JPY and other zero-decimal currencies: whole numbers)."),
    )
    currency = String(
        display_name=_("Currency"), default="USD", scope=Scope.settings,
        values=[{"display_name": code, "value": code} for code in sorted(CURRENCIES)],
        help=_("ISO 4217 code of the fee's currency."),
    )
    access_mode = String(
        display_name=_("Access mode"), default="fee", scope=Scope.settings,
        values=[{"display_name": mode, "value": mode} for mode in ACCESS_MODES],
        help=_("'fee': learners pay before seeing the content. 'free': everyone sees it. "
               "'subscription': learners with a subscription covering this course; each course start is billed."),
    )
    benefit = String(
        display_name=_("What the learner gets"), default="", scope=Scope.settings, multiline_editor=True,
        help=_("One or two sentences shown next to the price."),
    )

    access_granted = Boolean(default=False, scope=Scope.user_state, help="Mirror of the learner's ledger grant.")
    access_via = String(default="", scope=Scope.user_state, help="How access was granted (payment, promo, staff...).")
    access_granted_at = String(default="", scope=Scope.user_state, help="When access was granted (ISO 8601, UTC).")
    access_reference = String(default="", scope=Scope.user_state, help="Receipt or grant reference.")

    editable_fields = ("display_name", "fee", "currency", "access_mode", "benefit", "assignment_days")
    has_children = True
    show_in_read_only_mode = True

    # ---- helpers -------------------------------------------------------

    def gettext(self, text):
        """Translate `text` with the runtime's i18n service."""
        service = self.runtime.service(self, "i18n")
        return service.gettext(text) if service else text

    def block_settings(self):
        """This block's checked settings (raises InvalidConfiguration)."""
        return load_settings(self.display_name, self.fee, self.currency, self.access_mode, self.benefit)

    @property
    def allowed_nested_blocks(self):
        """Components an author can add inside the paid container in Studio."""
        return [
            NestedXBlockSpec(None, category="html", label=self.gettext("Text")),
            NestedXBlockSpec(None, category="video", label=self.gettext("Video")),
            NestedXBlockSpec(None, category="problem", label=self.gettext("Problem")),
        ]

    def sync_access_state(self, grant):
        """Mirror the ledger's answer into learner state; the ledger is the source of truth."""
        if grant is not None:
            if not self.access_granted or self.access_reference != grant.reference:
                self.access_granted = True
                self.access_via = grant.via
                self.access_granted_at = grant.granted_at.isoformat()
                self.access_reference = grant.reference
        elif self.access_granted:
            self.access_granted = False
            self.access_via = ""

    def render_children_html(self, context, fragment):
        """Render every child's student_view into `fragment` and return their HTML."""
        parts = []
        for child_id in self.children:
            child = self.runtime.get_block(child_id)
            rendered = self.runtime.render_child(child, "student_view", context)
            fragment.add_fragment_resources(rendered)
            parts.append(rendered.content)
        return "".join(parts)

    def publish(self, event, data):
        """Send a tracking event named fee_training.<event>."""
        self.runtime.publish(self, f"fee_training.{event}", data)

    def staff_and_learner(self, data):
        """(staff viewer, learner user key) for a staff handler acting on the learner named in `data`."""
        staff = self.require_staff()
        return staff, services.find_learner_key(data.get("learner"), allow_raw=staff.in_workbench)

    def require_staff(self):
        """The current viewer if they are course staff; otherwise a 403."""
        viewer = current_viewer(self)
        if not viewer.is_staff:
            raise JsonHandlerError(403, self.gettext("Only course staff can do this."))
        return viewer

    # ---- views ---------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """The learner's view: price and payment step, or the content once access is granted."""
        context = context or {}
        viewer = current_viewer(self)
        ref = block_ref(self)
        fragment = Fragment()
        page = {
            "display_name": self.display_name,
            "viewer_is_staff": viewer.is_staff,
            "payments_enabled": bool(setting("PAYMENTS_ENABLED")),
            "payments_configured": payments_configured(),
            "children_html": "",
            "problem": "",
            "mode": "",
            "subscription_html": "",
            "billing_html": "",
            "payment_html": "",
            "receipt_html": "",
        }
        try:
            cfg = self.block_settings()
        except DomainError as err:
            cfg = None
            page["state"] = "misconfigured"
            page["problem"] = err.localized(self.gettext)
        if cfg is not None:
            page["benefit"] = cfg.benefit
            page["quote"] = services.quote(cfg)
            page["price"] = page["quote"].total.format()
            page["mode"] = cfg.mode
            if cfg.mode == MODE_FREE:
                page["state"] = "open"
            elif viewer.is_staff:
                page["state"] = "preview"
            elif viewer.is_anonymous:
                page["state"] = "anonymous"
            elif cfg.mode == MODE_SUBSCRIPTION:
                page["state"] = self.subscription_state(viewer, ref, page)
                if page["state"] == "granted":  # e.g. the receipt of a subscription bought here
                    page["receipt_html"] = self.receipt_html(checkout.paid_payment(ref.usage_key, viewer.user_key))
            else:
                grant = services.active_grant(ref.usage_key, viewer.user_key)
                self.sync_access_state(grant)
                page["state"] = "granted" if grant else "locked"
                page["receipt_html"] = self.receipt_html(checkout.payment_behind(grant))
        if page["state"] in ("open", "preview", "granted") or (viewer.is_staff and cfg is None):
            page["children_html"] = self.render_children_html(context, fragment)
        if page["state"] == "locked" and page["payments_configured"]:
            page["payment_html"] = self.payment_step_html(page["price"])
        if viewer.is_staff:
            page["active_grants"] = services.count_active_grants(ref.usage_key)
            if cfg is not None and cfg.mode == MODE_SUBSCRIPTION:
                page["billing_html"] = self.billing_summary_html(ref)
            page["missing_settings"] = ", ".join(missing_payment_settings())
        page["promo_html"] = self.render_promo_field() if page["state"] == "locked" else ""
        # Promo codes discount a block's fee; subscription blocks have no fee to discount.
        promo_applies = cfg is not None and cfg.mode != MODE_SUBSCRIPTION
        page["promo_staff_html"] = self.render_promo_staff() if viewer.is_staff and promo_applies else ""
        fragment.add_content(loader.render_django_template(
            "templates/fee_training.html", page, i18n_service=self.runtime.service(self, "i18n"),
        ))
        fragment.add_css(loader.load_unicode("static/css/fee_training.css"))
        fragment.add_css(loader.load_unicode("static/css/promo.css"))
        fragment.add_javascript(loader.load_unicode("static/js/promo.js"))
        if page["payment_html"]:
            self.add_payment_resources(fragment)
        fragment.add_javascript(loader.load_unicode("static/js/fee_training.js"))
        fragment.initialize_js("FeeTrainingXBlock", {
            "state": page["state"],
            "isStaff": viewer.is_staff,
            "quote": page["quote"].to_json() if "quote" in page else None,
            "payment": self.payment_js_config() if page["payment_html"] else None,
        })
        return fragment

    def subscription_state(self, viewer, ref, page):
        """Subscription mode for a learner: 'granted' or 'subscription'; fills page['subscription_html'].

        A grant that did not come from a subscription (staff, payment) opens the
        content without starting (and billing) a course assignment.
        """
        now = self.billing_now()
        grant = services.active_grant(ref.usage_key, viewer.user_key, now=now)
        if grant is not None and grant.via != "subscription":
            self.sync_access_state(grant)
            return "granted"
        gives_access, page["subscription_html"], page["payment_html"] = self.start_subscription_course(viewer, ref)
        self.sync_access_state(services.active_grant(ref.usage_key, viewer.user_key, now=now))
        return "granted" if gives_access else "subscription"

    # ---- Studio --------------------------------------------------------

    def clean_studio_edits(self, data):
        """Trim text and upper-case the currency before validation."""
        for name in ("display_name", "fee", "currency", "benefit"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        if isinstance(data.get("currency"), str):
            data["currency"] = data["currency"].upper()

    def validate_field_data(self, validation, data):
        """Check the author's settings; each problem names the field and the fix."""
        for _field, message in validate_settings(
            data.display_name, data.fee, data.currency, data.access_mode, data.benefit,
        ):
            validation.add(ValidationMessage(ValidationMessage.ERROR, self.gettext(message)))
        if data.access_mode == MODE_SUBSCRIPTION:
            self.validate_subscription_settings(validation, data, block_ref(self))

    # ---- handlers ------------------------------------------------------

    @XBlock.json_handler
    @json_errors
    def get_quote(self, data, suffix=""):
        """The current price for this learner, computed on the server."""
        return services.quote(self.block_settings()).to_json()

    @XBlock.json_handler
    @json_errors
    def staff_grant(self, data, suffix=""):
        """Staff: give a learner access without payment (recorded in the ledger as a staff grant)."""
        staff, learner = self.staff_and_learner(data)
        grant = services.grant_access(block_ref(self), learner, via="staff", reference=f"staff:{staff.user_key}")
        self.publish("access.granted", {"user_key": learner, "via": "staff", "granted_by": staff.user_key})
        return {"learner": learner, "granted_at": grant.granted_at.isoformat(), "message": self.gettext("Access granted.")}

    @XBlock.json_handler
    @json_errors
    def staff_revoke(self, data, suffix=""):
        """Staff: take a learner's access away (does not refund; see the refund action)."""
        staff, learner = self.staff_and_learner(data)
        reason = (data.get("reason") or "").strip() or f"revoked by staff {staff.user_key}"
        if not services.revoke_access(block_ref(self).usage_key, learner, reason):
            raise JsonHandlerError(400, self.gettext("That learner has no active access to revoke."))
        self.publish("access.revoked", {"user_key": learner, "reason": reason, "revoked_by": staff.user_key})
        return {"learner": learner, "message": self.gettext("Access revoked.")}

    @staticmethod
    def workbench_scenarios():
        """Scenarios shown by the XBlock SDK workbench."""
        return scenarios()
