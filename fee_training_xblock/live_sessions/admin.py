"""Django admin pages of live sessions: rates (site-wide and per organization), sessions, the reimbursement report.

Imported by admin.py so the admin site registers them. Refunds of host payments are
made from the Payments page ("Refund selected"), as for learners.
"""
import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.money import check_currency
from fee_training_xblock.core.domain.time import billing_month, load_time_zone
from fee_training_xblock.live_sessions import reimbursement
from fee_training_xblock.live_sessions.commands.report_formats import csv_text, json_document
from fee_training_xblock.live_sessions.models import LiveSession, LiveSessionAttendance, LiveSessionRate


class LiveSessionRateForm(forms.ModelForm):
    """A rate row: a supported currency; the rates' 6 decimal places are the field's own limit."""

    class Meta:
        model = LiveSessionRate
        fields = ("organization", "currency", "people_minute_rate", "teleconference_minute_rate")

    def clean_currency(self):
        """The upper-cased ISO 4217 code, or the reason it cannot be used."""
        try:
            return check_currency(self.cleaned_data.get("currency"))
        except DomainError as err:
            raise ValidationError(err.localized(gettext)) from err


@admin.register(LiveSessionRate)
class LiveSessionRateAdmin(admin.ModelAdmin):
    """Pay-per-use rates: an organization's row wins over the site-wide row (empty organization) and the settings.

    Changing a rate never changes an estimate a host already confirmed.
    """

    form = LiveSessionRateForm
    list_display = ("organization", "currency", "people_minute_rate", "teleconference_minute_rate", "updated_at")
    search_fields = ("organization",)


class AttendanceInline(admin.TabularInline):
    """Who joined the session through the block, and when."""

    model = LiveSessionAttendance
    extra = 0
    readonly_fields = ("user_key", "first_joined_at", "last_joined_at", "joins")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Joins are recorded by the block only."""
        return False


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    """Confirmed estimates and paid sessions (read-only), and the monthly reimbursement report."""

    list_display = ("title", "organization", "division", "status", "amount_minor", "currency", "starts_at",
                    "paid_at", "payment_reference")
    list_filter = ("status", "organization", "currency")
    search_fields = ("title", "division", "course_key", "payment_reference", "host_key")
    readonly_fields = [field.name for field in LiveSession._meta.fields]
    inlines = [AttendanceInline]
    change_list_template = "fee_training_xblock/admin/live_session_changelist.html"

    def has_add_permission(self, request):
        """Sessions are confirmed by hosts in the course."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Reimbursement records are kept."""
        return False

    def get_urls(self):
        """Add report/ next to the changelist."""
        view = self.admin_site.admin_view(self.report_view)
        return [path("report/", view, name="fee_training_live_session_report")] + super().get_urls()

    def report_view(self, request):
        """?month=YYYY-MM[&organization=ORG][&format=csv|json]: host payments per organization/division."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        month = (request.GET.get("month") or "").strip()
        organization = (request.GET.get("organization") or "").strip()
        context = {**self.admin_site.each_context(request), "title": gettext("Live sessions: reimbursement report"),
                   "opts": self.model._meta, "month": month, "organization": organization, "problem": ""}
        try:
            month = month or billing_month(timezone.now(), load_time_zone(setting("BILLING_TIME_ZONE")))
            context["month"] = month
            result = reimbursement.report(month, organization or None)
        except DomainError as err:
            context["problem"] = err.localized(gettext)
            return TemplateResponse(request, "fee_training_xblock/admin/live_session_report.html", context,
                                    status=400)
        kind = request.GET.get("format")
        if kind in ("csv", "json"):
            body = csv_text(result) if kind == "csv" else json.dumps(json_document(result, detail=True), indent=1)
            response = HttpResponse(body, content_type="text/csv" if kind == "csv" else "application/json")
            response["Content-Disposition"] = f'attachment; filename="live-sessions-{month}.{kind}"'
            return response
        query = request.GET.copy()
        query.pop("format", None)
        base = reverse("admin:fee_training_live_session_report") + "?" + query.urlencode()
        context.update(report=json_document(result, detail=True), csv_url=base + "&format=csv",
                       json_url=base + "&format=json")
        return TemplateResponse(request, "fee_training_xblock/admin/live_session_report.html", context)
