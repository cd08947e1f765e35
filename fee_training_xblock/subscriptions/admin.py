"""Django admin pages for subscription billing: profiles, subscriptions, the assignment ledger, the invoice.

Imported by admin.py so the admin site registers them.
"""
import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.subscriptions import assignments, invoices
from fee_training_xblock.subscriptions import domain as billing_rules
from fee_training_xblock.subscriptions.models import CourseAssignment, ProfileCourse, Subscription, SubscriptionProfile


class ProfileCourseInline(admin.TabularInline):
    """The courses a profile covers, with optional per-course prices."""

    model = ProfileCourse
    extra = 1


@admin.register(SubscriptionProfile)
class SubscriptionProfileAdmin(admin.ModelAdmin):
    """Subscription profiles: organization, duration, price per course assignment, covered courses."""

    list_display = ("name", "organization", "duration_days", "price_minor", "currency", "active")
    list_filter = ("organization", "active", "currency")
    search_fields = ("name", "organization")
    inlines = [ProfileCourseInline]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Learners' subscriptions; the end is computed from the profile's duration when created."""

    list_display = ("user_key", "profile", "starts_at", "ends_at", "source", "payment_reference")
    list_filter = ("source", "profile")
    search_fields = ("user_key", "payment_reference")
    readonly_fields = ("ends_at", "created_at")
    fields = ("profile", "user_key", "starts_at", "source", "payment_reference", "ends_at", "created_at")

    def save_model(self, request, obj, form, change):
        """Compute the end from the profile's duration on creation, and again when the start or profile changes."""
        if not change or not obj.ends_at or {"starts_at", "profile"} & set(form.changed_data):
            obj.ends_at = billing_rules.subscription_end(obj.starts_at, obj.profile.duration_days)
        super().save_model(request, obj, form, change)


@admin.register(CourseAssignment)
class CourseAssignmentAdmin(admin.ModelAdmin):
    """The billing ledger (read-only) and the monthly invoice page."""

    list_display = ("user_key", "course_key", "sequence", "profile", "created_at", "expires_at",
                    "billing_month", "price_minor", "currency")
    list_filter = ("billing_month", "organization", "currency")
    search_fields = ("user_key", "course_key")
    date_hierarchy = "created_at"
    change_list_template = "fee_training_xblock/admin/assignment_changelist.html"

    def has_add_permission(self, request):
        """Assignments are only created by learners starting courses."""
        return False

    def has_change_permission(self, request, obj=None):
        """The ledger is never edited by hand."""
        return False

    def has_delete_permission(self, request, obj=None):
        """The ledger is never edited by hand."""
        return False

    def get_urls(self):
        """Add invoice/ next to the changelist."""
        extra = [path("invoice/", self.admin_site.admin_view(self.invoice_view), name="fee_training_invoice")]
        return extra + super().get_urls()

    def invoice_view(self, request):
        """The invoice of ?month=YYYY-MM[&organization=ORG][&detail=1][&format=csv] (billing time zone)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        month = request.GET.get("month") or billing_rules.billing_month(timezone.now(), assignments.billing_time_zone())
        organization = request.GET.get("organization") or None
        detail = bool(request.GET.get("detail"))
        context = {**self.admin_site.each_context(request), "title": gettext("Subscription invoice"), "month": month,
                   "organization": organization or "", "detail": detail, "opts": self.model._meta,
                   "lines": [], "totals": [], "problem": ""}
        try:
            context["time_zone"] = str(assignments.billing_time_zone())
            cutoff = invoices.ledger_cutoff()  # lines and totals count the same rows
            totals = invoices.invoice_totals(month, organization, until=cutoff)
        except DomainError as err:
            context["problem"] = err.localized(gettext)
            return TemplateResponse(request, "fee_training_xblock/admin/invoice.html", context, status=400)
        lines = invoices.invoice_rows(month, organization, None, detail, until=cutoff)
        if request.GET.get("format") == "csv":
            return self.invoice_csv(month, lines, totals, detail)
        context.update(lines=[with_display(line) for line in lines], totals=[with_display(t) for t in totals],
                       csv_url=reverse("admin:fee_training_invoice") + "?" + request.GET.urlencode() + "&format=csv")
        return TemplateResponse(request, "fee_training_xblock/admin/invoice.html", context)

    def invoice_csv(self, month, lines, totals, detail):
        """The invoice as a streamed CSV download (amounts in minor units)."""
        columns = ["profile", "organization", "course_key", *(["user_key"] if detail else []),
                   "currency", "unit_price_minor", "assignments", "amount_minor"]

        def rows():
            yield columns
            for line in lines:
                yield [line[name] for name in columns]
            for total in totals:
                yield [{"profile": "TOTAL", **total}.get(name, "") for name in columns]

        echo = EchoBuffer()
        writer = csv.writer(echo)
        response = StreamingHttpResponse((writer.writerow(row) for row in rows()), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="invoice-{month}.csv"'
        return response


class EchoBuffer:
    """A file-like object whose write returns the text, so csv.writer can feed a streaming response."""

    def write(self, value):
        """Return the written text instead of storing it."""
        return value


def with_display(row):
    """An invoice line or total with formatted money ('$25.00') added."""
    row = dict(row)
    row["amount"] = Money(row["amount_minor"], row["currency"]).format()
    if "unit_price_minor" in row:
        row["unit_price"] = Money(row["unit_price_minor"], row["currency"]).format()
    return row
