"""Django admin pages of the payment core: payments (with refunds) and webhook events."""
from django.contrib import admin, messages
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.payments.fulfilment import refund_payment
from fee_training_xblock.payments.models import Payment, WebhookEvent


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Card and PayPal payments; staff can refund paid ones (to the card or PayPal, what was bought taken back)."""

    list_display = ("payment_intent_id", "method", "payer_key", "product_type", "product_id", "amount_minor",
                    "currency", "status", "refunded_minor", "created")
    list_filter = ("status", "method", "currency", "product_type", "course_key")
    search_fields = ("payment_intent_id", "capture_id", "payer_key", "payer_email", "usage_key", "product_id")
    readonly_fields = [field.name for field in Payment._meta.fields]
    actions = ["refund_selected"]

    @admin.action(description=gettext_lazy("Refund selected paid payments in full (to the card or PayPal "
                                           "account that paid)"))
    def refund_selected(self, request, queryset):
        """Refund each selected paid payment; reports what each refund took back, and what did not work."""
        done = 0
        for payment in queryset.filter(status=Payment.STATUS_PAID):
            try:
                payment, summary, details = refund_payment(payment, by=f"admin {request.user}")
                self.message_user(request, gettext("{reference}: {summary}").format(
                    reference=payment.reference, summary=gettext(summary).format(**details)), messages.INFO)
                done += 1
            except DomainError as err:
                self.message_user(request, gettext("{reference}: {summary}").format(
                    reference=payment.payment_intent_id, summary=err.localized(gettext)), messages.ERROR)
        self.message_user(request, ngettext("Refunded {count} payment.", "Refunded {count} payments.", done).format(
            count=done), messages.SUCCESS if done else messages.WARNING)


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    """Stripe and PayPal events received: what processing changed, or why it failed."""

    list_display = ("event_id", "provider", "event_type", "object_id", "status", "outcome", "attempts", "received_at")
    list_filter = ("provider", "event_type", "status")
    search_fields = ("event_id", "object_id")
    readonly_fields = [field.name for field in WebhookEvent._meta.fields]
