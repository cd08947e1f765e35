"""Django admin page of the entitlement ledger."""
from django.contrib import admin

from fee_training_xblock.core.models import AccessGrant


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Who has access to which block, how, and whether it was revoked."""

    list_display = ("user_key", "course_key", "usage_key", "via", "reference", "granted_at", "expires_at", "revoked_at")
    list_filter = ("via", "revoked_by_staff", "course_key")
    search_fields = ("user_key", "usage_key", "reference")
    date_hierarchy = "granted_at"
