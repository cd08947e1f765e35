"""XBlock handlers and view pieces for promo codes, mixed into the fee_training block.

Learners: apply_promo_code (quote with the code), redeem_free_code (a code that
covers the whole fee grants access with no card). Staff: create, bulk-generate,
list, deactivate and download codes as CSV. Each handler parses input, calls
one promo use case and turns a DomainError into a 400 with its message.
"""
import logging
import re

import webob
from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.promos import quotes, redemptions
from fee_training_xblock.promos import staff as promo_staff
from fee_training_xblock.promos.domain import codes as rules

log = logging.getLogger(__name__)

#: What a batch id looks like (promos.staff.bulk_generate makes "B" + hex); anything else never reaches a header.
BATCH_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class PromoHandlersMixin:
    """Promo-code handlers and templates; relies only on the GatedBlock interface (core.handlers)."""

    # ---- view pieces ---------------------------------------------------

    def render_promo_field(self):
        """The learner's promo-code input for the payment step."""
        return self.render_template("promo_field.html", {})

    def render_promo_staff(self):
        """The staff panel section for creating, generating and managing codes."""
        context = {
            "currency": self.block_settings().fee.currency,
            "max_bulk": rules.MAX_BULK,
            "csv_url": self.runtime.handler_url(self, "staff_codes_csv"),
        }
        return self.render_template("promo_staff.html", context)

    def promo_learner(self):
        """The signed-in learner (a Viewer), or a 403 for anonymous users."""
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise JsonHandlerError(403, self.gettext("Sign in to use a promo code."))
        return viewer

    def discountable_fee(self, viewer):
        """The fee of what this block sells to `viewer`, if promo codes may discount it (PaymentError if not)."""
        offer = self.gate().offer(self, viewer)
        if not offer.discountable:
            raise PaymentError(_("Promo codes cannot be used for this purchase."), field="code")
        return offer.fee

    def require_promo_scope_rights(self, staff, data):
        """A 403 when course staff ask for an organization-wide code without the right to make one."""
        scope = str(data.get("scope") or "").strip().lower()
        if scope == rules.SCOPE_ORGANIZATION and not promo_staff.may_create_organization_codes(
                staff.user_key, staff.in_workbench):
            raise JsonHandlerError(403, self.gettext(
                "Only platform administrators can create organization-wide codes "
                "(or use Django admin). Choose 'This block' or 'The whole course'."))

    # ---- learner -------------------------------------------------------

    @json_handler
    def apply_promo_code(self, data, suffix=""):
        """Learner: the quote with the typed code (original price, discount, total), computed here."""
        viewer = self.promo_learner()
        quote = quotes.lookup_and_quote(self.discountable_fee(viewer), self.ref(), viewer.user_key, data.get("code"))
        if quote.promo_code:
            message = self.gettext("Promo code {code} applied: you save {discount}.").format(
                code=quote.promo_code, discount=quote.discount.format())
        else:
            message = self.gettext("No promo code applied.")
        return {"quote": quote.to_json(), "message": message}

    @json_handler
    def redeem_free_code(self, data, suffix=""):
        """Learner: use a code that covers the whole fee; access is granted at once, no card, no Stripe."""
        viewer = self.promo_learner()
        user_key, ref = viewer.user_key, self.ref()
        if ledger.has_access(ref.usage_key, user_key):
            raise JsonHandlerError(400, self.gettext("You already have access to this content."))
        redemption, grant = redemptions.redeem_free(self.discountable_fee(viewer), ref, user_key, data.get("code"))
        self.sync_access_state(grant)
        self.publish("promo.redeemed", redemptions.redemption_event(redemption, via="free"))
        self.publish("access.granted", {"user_key": user_key, "via": "promo", "code": redemption.promo.code})
        return {"granted": True, "message": self.gettext("Access granted with promo code {code}.").format(
            code=redemption.promo.code)}

    # ---- staff ---------------------------------------------------------

    @json_handler
    def staff_create_code(self, data, suffix=""):
        """Staff: create one code (custom text, or generated when blank)."""
        staff = self.require_staff()
        self.require_promo_scope_rights(staff, data)
        row = promo_staff.create_code(self.block_settings().fee, self.ref(), data, staff.user_key)
        return {"code": row.code, "message": self.gettext("Promo code {code} created.").format(code=row.code)}

    @json_handler
    def staff_bulk_generate(self, data, suffix=""):
        """Staff: generate N unique codes with the same rules; the reply links to their CSV."""
        staff = self.require_staff()
        self.require_promo_scope_rights(staff, data)
        batch, codes = promo_staff.bulk_generate(self.block_settings().fee, self.ref(), data, staff.user_key)
        return {
            "batch": batch,
            "count": len(codes),
            "csv_url": self.runtime.handler_url(self, "staff_codes_csv", query=f"batch={batch}"),
            "message": self.ngettext("{count} promo code generated (batch {batch}).",
                                     "{count} promo codes generated (batch {batch}).", len(codes)).format(
                count=len(codes), batch=batch),
        }

    @json_handler
    def staff_list_codes(self, data, suffix=""):
        """Staff: the codes of this block/course with uses, uses left and redeemers."""
        self.require_staff()
        return {"codes": promo_staff.list_codes(self.ref(), batch=str(data.get("batch") or ""))}

    @json_handler
    def staff_deactivate_code(self, data, suffix=""):
        """Staff: switch a code off; confirmed redemptions stay."""
        staff = self.require_staff()
        row = promo_staff.deactivate(self.ref(), data.get("code"))
        log.info("Promo code %s deactivated by %s", row.code, staff.user_key)
        return {"code": row.code, "message": self.gettext("Promo code {code} deactivated.").format(code=row.code)}

    @XBlock.handler
    def staff_codes_csv(self, request, suffix=""):
        """Staff: the code table as a CSV download (optionally one batch: ?batch=...)."""
        if not self.viewer().is_staff:
            return webob.Response(status=403, body=self.gettext("Only course staff can do this.").encode(),
                                  content_type="text/plain", charset="utf-8")
        batch = request.GET.get("batch", "")
        if batch and not BATCH_RE.fullmatch(batch):
            return webob.Response(status=400, body=self.gettext("Unknown batch.").encode(),
                                  content_type="text/plain", charset="utf-8")
        body = promo_staff.codes_csv(self.ref(), batch=batch)
        name = f"promo-codes-{batch or 'all'}.csv"
        return webob.Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8",
                              content_disposition=f'attachment; filename="{name}"')
