"""The fee_training XBlock: a container whose children render only for viewers the access gate lets in.

Glue only: fields, the learner view (ask the gate of the access mode, render its
decision) and Studio validation. The staff grant/revoke handlers are block.staff, the
access list block.access_report; each capability brings its handlers as a mixin that
relies on the GatedBlock interface implemented here.
"""
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
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
from fee_training_xblock.block.access_report import AccessReportMixin
from fee_training_xblock.block.gates import ACCESS_MODES
from fee_training_xblock.block.staff import StaffHandlersMixin
from fee_training_xblock.block.studio import SafeStudioEditsMixin
from fee_training_xblock.block.viewer import block_ref, current_viewer
from fee_training_xblock.block.workbench import scenarios
from fee_training_xblock.core import gates, i18n, rendering
from fee_training_xblock.core.domain.block_settings import load_settings, validate_settings
from fee_training_xblock.core.domain.currencies import CURRENCIES
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.live_sessions.handlers import LiveSessionHandlersMixin
from fee_training_xblock.lms.rules import SCOPE_CHILDREN, SCOPE_SUBSECTION, SCOPE_UNIT
from fee_training_xblock.payments.handlers import PaymentHandlersMixin
from fee_training_xblock.promos.handlers import PromoHandlersMixin
from fee_training_xblock.subscriptions.handlers import SubscriptionHandlersMixin
from fee_training_xblock.webinars.handlers import WebinarHandlersMixin

GATE_SCOPES = (SCOPE_CHILDREN, SCOPE_UNIT, SCOPE_SUBSECTION)


def _(text):
    """Mark a string for translation; the i18n service translates it at render time."""
    return text


#: The access modes as authors read them in Studio (the value stays the mode's name).
MODE_LABELS = {"fee": _("Fee: learners pay"), "free": _("Free for everyone"), "subscription": _("Subscription"),
               "live_session": _("Pay-per-use live session"), "webinar": _("Webinar")}


@XBlock.wants("user")
@XBlock.wants("settings")
@XBlock.needs("i18n")
class FeeTrainingXBlock(
    WebinarHandlersMixin, LiveSessionHandlersMixin, SubscriptionHandlersMixin, PromoHandlersMixin,
    PaymentHandlersMixin, StaffHandlersMixin, AccessReportMixin,
    SafeStudioEditsMixin, StudioContainerWithNestedXBlocksMixin, StudioEditableXBlockMixin, XBlock,
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
        values=[{"display_name": MODE_LABELS.get(mode, mode), "value": mode} for mode in ACCESS_MODES],
        help=_("Fee: learners pay before seeing the content. Free: everyone sees it. "
               "Subscription: learners with a subscription covering this course; each course start is billed. "
               "Pay-per-use live session: learners see it once its host paid the estimated cost "
               "(and the fee above, if it is not 0). "
               "Webinar: a live session; learners are admitted by personal link, room password or payment."),
    )
    benefit = String(
        display_name=_("What the learner gets"), default="", scope=Scope.settings, multiline_editor=True,
        help=_("One or two sentences shown next to the price."),
    )
    gate_scope = String(
        display_name=_("What this block closes"), default="children", scope=Scope.settings,
        values=[{"display_name": _("The components inside this block"), "value": "children"},
                {"display_name": _("The rest of this unit"), "value": "unit"},
                {"display_name": _("The rest of this subsection"), "value": "subsection"}],
        help=_("In the LMS, what stays closed until the learner pays. Choose 'The rest of this unit' in Studio's "
               "new unit editor, which cannot add components inside a block: put the block first in the unit."),
    )

    access_granted = Boolean(default=False, scope=Scope.user_state, help="Mirror of the learner's ledger grant.")
    access_via = String(default="", scope=Scope.user_state, help="How access was granted (payment, promo, staff...).")
    access_granted_at = String(default="", scope=Scope.user_state, help="When access was granted (ISO 8601, UTC).")
    access_reference = String(default="", scope=Scope.user_state, help="Receipt or grant reference.")

    editable_fields = ("display_name", "fee", "currency", "access_mode", "benefit", "gate_scope",
                       *SubscriptionHandlersMixin.subscription_fields, *WebinarHandlersMixin.webinar_fields)
    has_children = True
    show_in_read_only_mode = True
    # Complete when the children the learner can see are complete, not merely because the block was viewed.
    completion_mode = XBlockCompletionMode.AGGREGATOR
    #: Marks blocks whose gate also closes the blocks nested in them (block.page.closed_by_enclosing).
    is_paid_access_gate = True
    #: The global of the block's JavaScript catalogue (OEP-58: the LMS compiles atlas translations under it).
    i18n_js_namespace = i18n.JS_NAMESPACE

    # ---- the GatedBlock interface (core.handlers) ---------------------------

    def gettext(self, text):
        """`text` in the viewer's language (the i18n service's catalogue, else Django's: core.i18n)."""
        return i18n.translator(self.runtime.service(self, "i18n")).gettext(text)

    def ngettext(self, singular, plural, number):
        """The plural form of a message for `number`, in the viewer's language."""
        return i18n.translator(self.runtime.service(self, "i18n")).ngettext(singular, plural, number)

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
        if data.gate_scope not in GATE_SCOPES:
            validation.add(ValidationMessage(ValidationMessage.ERROR, self.gettext(
                "'What this block closes' must be one of: {choices}.").format(choices=", ".join(GATE_SCOPES))))
        gate = gates.for_mode(data.access_mode)
        for is_error, message in (gate.validate(self, data) if gate else []):
            validation.add(ValidationMessage(ValidationMessage.ERROR if is_error else ValidationMessage.WARNING,
                                             message))

    # ---- handlers ------------------------------------------------------

    @json_handler
    def get_quote(self, data, suffix=""):
        """The current full price, computed on the server."""
        return page.full_quote(self.block_settings()).to_json()

    @staticmethod
    def workbench_scenarios():
        """Scenarios shown by the XBlock SDK workbench."""
        return scenarios()
