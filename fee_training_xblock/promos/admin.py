"""Django admin pages for promo codes and their redemptions."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.promos.domain.staff_input import InvalidPromoInput, check_custom_code
from fee_training_xblock.promos.models import PromoCode, PromoRedemption


@admin.action(description=gettext_lazy("Deactivate the selected promo codes"))
def deactivate_codes(modeladmin, request, queryset):
    """Admin action: switch codes off (their confirmed redemptions stay)."""
    changed = queryset.deactivate()
    modeladmin.message_user(request, ngettext("{count} promo code deactivated.", "{count} promo codes deactivated.",
                                              changed).format(count=changed))


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
            raise forms.ValidationError(err.localized(gettext)) from err


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
