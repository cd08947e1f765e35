"""XBlock handlers and view pieces for promo codes, mixed into FeeTrainingXBlock.

Learners: apply_promo_code (quote with the code), redeem_free_code (a code that
covers the whole fee grants access with no card). Staff: create, bulk-generate,
list, deactivate and download codes as CSV. Each handler parses input, calls
one use case in promos.py and turns a DomainError into a 400 with its message.
"""
import logging

import webob
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.utils.resources import ResourceLoader

from fee_training_xblock.promos import staff as promo_staff
from fee_training_xblock.promos import redemptions as promos
from fee_training_xblock.core import ledger as services
from fee_training_xblock.promos import domain as rules
from fee_training_xblock.core.handlers import json_errors
from fee_training_xblock.block.viewer import block_ref, current_viewer

log = logging.getLogger(__name__)
loader = ResourceLoader("fee_training_xblock")


class PromoHandlersMixin:
    """Promo-code handlers and templates; expects FeeTrainingXBlock's helpers (block_settings, publish...)."""

    # ---- view pieces ---------------------------------------------------

    def render_promo_field(self):
        """The learner's promo-code input for the payment step."""
        return loader.render_django_template(
            "templates/promo_field.html", {}, i18n_service=self.runtime.service(self, "i18n"),
        )

    def render_promo_staff(self):
        """The staff panel section for creating, generating and managing codes."""
        context = {
            "currency": self.currency,
            "max_bulk": rules.MAX_BULK,
            "csv_url": self.runtime.handler_url(self, "staff_codes_csv"),
        }
        return loader.render_django_template(
            "templates/promo_staff.html", context, i18n_service=self.runtime.service(self, "i18n"),
        )

    def promo_learner(self):
        """The signed-in learner's key, or a 403 for anonymous users."""
        viewer = current_viewer(self)
        if viewer.is_anonymous:
            raise JsonHandlerError(403, self.gettext("Sign in to use a promo code."))
        return viewer.user_key

    def require_promo_scope_rights(self, staff, data):
        """A 403 when course staff ask for an organization-wide code without the right to make one."""
        scope = str(data.get("scope") or "").strip().lower()
        if scope == rules.SCOPE_ORGANIZATION and not promo_staff.may_create_organization_codes(
                staff.user_key, staff.in_workbench):
            raise JsonHandlerError(403, self.gettext(
                "Only platform administrators can create organization-wide codes "
                "(or use Django admin). Choose 'This block' or 'The whole course'."))

    # ---- learner -------------------------------------------------------

    @XBlock.json_handler
    @json_errors
    def apply_promo_code(self, data, suffix=""):
        """Learner: the quote with the typed code (original price, discount, total), computed here."""
        user_key = self.promo_learner()
        quote = services.quote_for_learner(self.block_settings(), block_ref(self), user_key, data.get("code"))
        if quote.promo_code:
            message = self.gettext("Promo code {code} applied: you save {discount}.").format(
                code=quote.promo_code, discount=quote.discount.format())
        else:
            message = self.gettext("No promo code applied.")
        return {"quote": quote.to_json(), "message": message}

    @XBlock.json_handler
    @json_errors
    def redeem_free_code(self, data, suffix=""):
        """Learner: use a code that covers the whole fee; access is granted at once, no card, no Stripe."""
        user_key = self.promo_learner()
        ref = block_ref(self)
        if services.has_access(ref.usage_key, user_key):
            raise JsonHandlerError(400, self.gettext("You already have access to this content."))
        redemption, grant = promos.redeem_free(self.block_settings(), ref, user_key, data.get("code"))
        self.sync_access_state(grant)
        self.publish("promo.redeemed", promos.redemption_event(redemption, via="free"))
        self.publish("access.granted", {"user_key": user_key, "via": "promo", "code": redemption.promo.code})
        return {"granted": True, "message": self.gettext("Access granted with promo code {code}.").format(
            code=redemption.promo.code)}

    # ---- staff ---------------------------------------------------------

    @XBlock.json_handler
    @json_errors
    def staff_create_code(self, data, suffix=""):
        """Staff: create one code (custom text, or generated when blank)."""
        staff = self.require_staff()
        self.require_promo_scope_rights(staff, data)
        row = promo_staff.create_code(self.block_settings(), block_ref(self), data, staff.user_key)
        return {"code": row.code, "message": self.gettext("Promo code {code} created.").format(code=row.code)}

    @XBlock.json_handler
    @json_errors
    def staff_bulk_generate(self, data, suffix=""):
        """Staff: generate N unique codes with the same rules; the reply links to their CSV."""
        staff = self.require_staff()
        self.require_promo_scope_rights(staff, data)
        batch, codes = promo_staff.bulk_generate(self.block_settings(), block_ref(self), data, staff.user_key)
        return {
            "batch": batch,
            "count": len(codes),
            "csv_url": self.runtime.handler_url(self, "staff_codes_csv", query=f"batch={batch}"),
            "message": self.gettext("{count} promo codes generated (batch {batch}).").format(
                count=len(codes), batch=batch),
        }

    @XBlock.json_handler
    @json_errors
    def staff_list_codes(self, data, suffix=""):
        """Staff: the codes of this block/course with uses, uses left and redeemers."""
        self.require_staff()
        return {"codes": promo_staff.list_codes(block_ref(self), batch=str(data.get("batch") or ""))}

    @XBlock.json_handler
    @json_errors
    def staff_deactivate_code(self, data, suffix=""):
        """Staff: switch a code off; confirmed redemptions stay."""
        staff = self.require_staff()
        row = promo_staff.deactivate(block_ref(self), data.get("code"))
        log.info("Promo code %s deactivated by %s", row.code, staff.user_key)
        return {"code": row.code, "message": self.gettext("Promo code {code} deactivated.").format(code=row.code)}

    @XBlock.handler
    def staff_codes_csv(self, request, suffix=""):
        """Staff: the code table as a CSV download (optionally one batch: ?batch=...)."""
        if not current_viewer(self).is_staff:
            return webob.Response(status=403, body=self.gettext("Only course staff can do this.").encode(),
                                  content_type="text/plain", charset="utf-8")
        batch = request.GET.get("batch", "")
        body = promo_staff.codes_csv(block_ref(self), batch=batch)
        name = f"promo-codes-{batch or 'all'}.csv"
        return webob.Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8",
                              content_disposition=f'attachment; filename="{name}"')
