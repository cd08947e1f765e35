"""Django admin pages for the ledger tables."""
from django.contrib import admin

from .models import AccessGrant


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Who has access to which block, how, and whether it was revoked."""

    list_display = ("user_key", "course_key", "usage_key", "via", "reference", "granted_at", "expires_at", "revoked_at")
    list_filter = ("via", "course_key")
    search_fields = ("user_key", "usage_key", "reference")
    date_hierarchy = "granted_at"


# Subscription billing pages (profiles, subscriptions, the assignment ledger and the invoice).
from . import billing_admin  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
