"""Django admin pages for the ledger tables."""
from django import forms
from django.contrib import admin, messages

from fee_training_xblock.payments import checkout
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.promos.domain import InvalidPromoInput, check_custom_code
from fee_training_xblock.models import AccessGrant, Payment, PromoCode, PromoRedemption, WebhookEvent


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Who has access to which block, how, and whether it was revoked."""

    list_display = ("user_key", "course_key", "usage_key", "via", "reference", "granted_at", "expires_at", "revoked_at")
    list_filter = ("via", "course_key")
    search_fields = ("user_key", "usage_key", "reference")
    date_hierarchy = "granted_at"


@admin.action(description="Deactivate the selected promo codes")
def deactivate_codes(modeladmin, request, queryset):
    """Admin action: switch codes off (their confirmed redemptions stay)."""
    changed = queryset.update(active=False)
    modeladmin.message_user(request, f"{changed} promo code(s) deactivated.")


class PromoRedemptionInline(admin.TabularInline):
    """Who used a code, for which block, and in which state."""

    model = PromoRedemption
    extra = 0
    can_delete = False
    fields = ("user_key", "usage_key", "status", "held_until", "total_minor", "reference", "confirmed_at")
    readonly_fields = fields


class PromoCodeForm(forms.ModelForm):
    """Normalises the code before Django checks it is unique, as learners' input is matched."""

    class Meta:
        model = PromoCode
        fields = "__all__"

    def clean_code(self):
        """The code upper-cased without spaces or dashes; letters and digits only."""
        try:
            return check_custom_code(self.cleaned_data.get("code"))
        except InvalidPromoInput as err:
            raise forms.ValidationError(err.message) from err


@admin.register(PromoCode)
class PromoCodeAdmin(admin.ModelAdmin):
    """Promo codes: discount, scope, validity, limits; deactivate in bulk.

    Codes created here skip the block's checks (fee, currency): prefer the
    block's staff view, or keep amounts within the fees of the scope.
    """

    list_display = ("code", "kind", "percent", "amount_minor", "currency", "scope", "scope_key", "valid_from",
                    "valid_until", "max_redemptions", "once_per_learner", "active", "batch")
    list_filter = ("active", "kind", "scope")
    search_fields = ("code", "scope_key", "batch")
    actions = [deactivate_codes]
    inlines = [PromoRedemptionInline]
    form = PromoCodeForm

    def save_model(self, request, obj, form, change):
        """Record who created the code."""
        if not obj.created_by:
            obj.created_by = f"admin:{request.user.pk}"
        super().save_model(request, obj, form, change)


@admin.register(PromoRedemption)
class PromoRedemptionAdmin(admin.ModelAdmin):
    """Every use of a promo code (held while paying, confirmed, released)."""

    list_display = ("promo", "user_key", "usage_key", "status", "held_until", "fee_minor", "discount_minor",
                    "total_minor", "currency", "reference", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("promo__code", "user_key", "usage_key", "reference")
    raw_id_fields = ("promo",)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Card payments; staff can refund paid ones (Stripe refund, access revoked, learner emailed)."""

    list_display = ("payment_intent_id", "user_key", "usage_key", "amount_minor", "currency", "status",
                    "refunded_minor", "created")
    list_filter = ("status", "currency", "purpose", "course_key")
    search_fields = ("payment_intent_id", "user_key", "user_email", "usage_key")
    readonly_fields = [field.name for field in Payment._meta.fields]
    actions = ["refund_selected"]

    @admin.action(description="Refund selected paid payments (full refund, access revoked)")
    def refund_selected(self, request, queryset):
        """Refund each selected paid payment; reports what worked and what did not."""
        done = 0
        for payment in queryset.filter(status=Payment.STATUS_PAID):
            try:
                checkout.refund_payment(payment, by=f"admin {request.user}")
                done += 1
            except DomainError as err:
                self.message_user(request, f"{payment.payment_intent_id}: {err.message}", messages.ERROR)
        self.message_user(request, f"Refunded {done} payment(s).", messages.SUCCESS if done else messages.WARNING)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    """Stripe events received, with what processing them changed."""

    list_display = ("event_id", "event_type", "object_id", "outcome", "received_at")
    list_filter = ("event_type",)
    search_fields = ("event_id", "object_id")
    readonly_fields = [field.name for field in WebhookEvent._meta.fields]


# Subscription billing pages (profiles, subscriptions, the assignment ledger and the invoice).
from fee_training_xblock.subscriptions import admin as billing_admin  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
