"""Django admin pages for the ledger tables."""
from django.contrib import admin, messages

from . import checkout
from .domain.errors import DomainError
from .models import AccessGrant, Payment, WebhookEvent


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    """Who has access to which block, how, and whether it was revoked."""

    list_display = ("user_key", "course_key", "usage_key", "via", "reference", "granted_at", "expires_at", "revoked_at")
    list_filter = ("via", "course_key")
    search_fields = ("user_key", "usage_key", "reference")
    date_hierarchy = "granted_at"


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
from . import billing_admin  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
