"""The fee_training XBlock: a container whose children render only for viewers the access gate lets in.

Glue only: fields, the learner view (ask the gate of the access mode, render its
decision), Studio validation, and the staff grant/revoke handlers. Each capability
brings its handlers as a mixin that relies on the GatedBlock interface implemented here.
"""
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.fields import Boolean, Scope, String
from xblock.utils.studio_editable import (
    NestedXBlockSpec,
    StudioContainerWithNestedXBlocksMixin,
    StudioEditableXBlockMixin,
)
from xblock.validation import ValidationMessage

from fee_training_xblock.block import page
from fee_training_xblock.block.gates import ACCESS_MODES
from fee_training_xblock.block.viewer import block_ref, current_viewer
from fee_training_xblock.block.workbench import scenarios
from fee_training_xblock.core import gates, ledger, rendering
from fee_training_xblock.core.domain.block_settings import load_settings, validate_settings
from fee_training_xblock.core.domain.currencies import CURRENCIES
from fee_training_xblock.core.handlers import json_errors
from fee_training_xblock.core.learners import find_learner_key
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.payments.handlers import PaymentHandlersMixin
from fee_training_xblock.promos.handlers import PromoHandlersMixin
from fee_training_xblock.subscriptions.handlers import SubscriptionHandlersMixin


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


@XBlock.wants("user")
@XBlock.wants("settings")
@XBlock.needs("i18n")
class FeeTrainingXBlock(
    SubscriptionHandlersMixin, PromoHandlersMixin, PaymentHandlersMixin, StudioContainerWithNestedXBlocksMixin,
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

    editable_fields = ("display_name", "fee", "currency", "access_mode", "benefit",
                       *SubscriptionHandlersMixin.subscription_fields)
    has_children = True
    show_in_read_only_mode = True

    # ---- the GatedBlock interface (core.handlers) ---------------------------

    def gettext(self, text):
        """Translate `text` with the runtime's i18n service."""
        service = self.runtime.service(self, "i18n")
        return service.gettext(text) if service else text

    def viewer(self):
        """The current user (data.Viewer)."""
        return current_viewer(self)

    def ref(self):
        """Where this block lives (data.BlockRef)."""
        return block_ref(self)

    def block_settings(self):
        """This block's checked settings (raises InvalidConfiguration)."""
        return load_settings(self.display_name, self.fee, self.currency, self.access_mode, self.benefit,
                             modes=ACCESS_MODES)

    def gate(self):
        """The access gate of this block's mode."""
        return gates.for_mode(self.access_mode) or gates.for_mode("fee")

    def publish(self, event, data):
        """Send a tracking event named fee_training.<event>."""
        self.runtime.publish(self, f"fee_training.{event}", data)

    def render_template(self, name, context):
        """HTML of templates/<name> in the viewer's language."""
        return rendering.render(name, context, i18n_service=self.runtime.service(self, "i18n"))

    def require_staff(self):
        """The current viewer if they are course staff; otherwise a 403."""
        viewer = self.viewer()
        if not viewer.is_staff:
            raise JsonHandlerError(403, self.gettext("Only course staff can do this."))
        return viewer

    def staff_and_learner(self, data):
        """(staff viewer, learner user key) for a staff handler acting on the learner named in `data`."""
        staff = self.require_staff()
        return staff, find_learner_key(data.get("learner"), allow_raw=staff.in_workbench)

    def sync_access_state(self, grant):
        """Mirror the ledger's answer into learner state; the ledger is the source of truth."""
        if grant is not None:
            if not self.access_granted or self.access_reference != grant.reference:
                self.access_granted, self.access_via = True, grant.via
                self.access_granted_at, self.access_reference = grant.granted_at.isoformat(), grant.reference
        elif self.access_granted:
            self.access_granted, self.access_via = False, ""

    @property
    def allowed_nested_blocks(self):
        """Components an author can add inside the paid container in Studio."""
        return [
            NestedXBlockSpec(None, category="html", label=self.gettext("Text")),
            NestedXBlockSpec(None, category="video", label=self.gettext("Video")),
            NestedXBlockSpec(None, category="problem", label=self.gettext("Problem")),
        ]

    # ---- views ---------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """The learner's view: what the gate of the access mode decides for this viewer."""
        fragment = Fragment()
        page.render(self, self.viewer(), context or {}, fragment)
        return fragment

    def render_children_html(self, context, fragment):
        """Render the children's student_view into `fragment`; children the runtime hides (None) are skipped."""
        parts = []
        for child_id in self.children:
            child = self.runtime.get_block(child_id)
            if child is None:
                continue
            rendered = self.runtime.render_child(child, "student_view", context)
            fragment.add_fragment_resources(rendered)
            parts.append(rendered.content)
        return "".join(parts)

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
        for problem in validate_settings(data.display_name, data.fee, data.currency, data.access_mode,
                                         data.benefit, modes=ACCESS_MODES):
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem.localized(self.gettext)))
        gate = gates.for_mode(data.access_mode)
        for is_error, message in (gate.validate(self, data) if gate else []):
            validation.add(ValidationMessage(ValidationMessage.ERROR if is_error else ValidationMessage.WARNING,
                                             message))

    # ---- handlers ------------------------------------------------------

    @XBlock.json_handler
    @json_errors
    def get_quote(self, data, suffix=""):
        """The current full price, computed on the server."""
        return page.full_quote(self.block_settings()).to_json()

    @XBlock.json_handler
    @json_errors
    def staff_grant(self, data, suffix=""):
        """Staff: give a learner access without payment (recorded in the ledger as a staff grant)."""
        staff, learner = self.staff_and_learner(data)
        grant = ledger.grant_access(self.ref(), learner, via=AccessGrant.VIA_STAFF, reference=f"staff:{staff.user_key}")
        self.publish("access.granted", {"user_key": learner, "via": "staff", "granted_by": staff.user_key})
        return {"learner": learner, "granted_at": grant.granted_at.isoformat(),
                "message": self.gettext("Access granted.")}

    @XBlock.json_handler
    @json_errors
    def staff_revoke(self, data, suffix=""):
        """Staff: take a learner's access away (does not refund; see the refund action)."""
        staff, learner = self.staff_and_learner(data)
        reason = (data.get("reason") or "").strip() or f"revoked by staff {staff.user_key}"
        if not ledger.revoke_access(self.ref().usage_key, learner, reason):
            raise JsonHandlerError(400, self.gettext("That learner has no active access to revoke."))
        self.publish("access.revoked", {"user_key": learner, "reason": reason, "revoked_by": staff.user_key})
        return {"learner": learner, "message": self.gettext("Access revoked.")}

    @XBlock.json_handler
    @json_errors
    def staff_counts(self, data, suffix=""):
        """Staff: figures that grow with the course (learners with access, billing), computed only when asked."""
        self.require_staff()
        return {"html": self.gate().staff_figures(self)}

    @staticmethod
    def workbench_scenarios():
        """Scenarios shown by the XBlock SDK workbench."""
        return scenarios()
