"""Django admin pages of issued invoices: read-only list and detail, downloads (CSV, JSON, PDF), reconciliation.

Imported by admin.py so the admin site registers them. Nothing here can add, change
or delete an invoice: issuing is the management command's job, and issued rows are immutable.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext

from fee_training_xblock.subscriptions import invoice_documents, issuing
from fee_training_xblock.subscriptions.invoice_models import Invoice, InvoiceLine, InvoiceTotal

DOCUMENTS = {
    "csv": ("text/csv", invoice_documents.as_csv),
    "json": ("application/json", invoice_documents.as_json),
    "pdf": ("application/pdf", invoice_documents.as_pdf),
}


class ReadOnlyInline(admin.TabularInline):
    """An inline that only shows rows."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        """Issued rows are written by the issuing command only."""
        return False

    def has_change_permission(self, request, obj=None):
        """Issued rows never change."""
        return False


class InvoiceLineInline(ReadOnlyInline):
    """The invoice's lines, in order."""

    model = InvoiceLine
    fields = ("position", "kind", "for_month", "profile_name", "course_key", "currency", "unit_price_minor",
              "assignments", "amount_minor")


class InvoiceTotalInline(ReadOnlyInline):
    """The invoice's totals per currency."""

    model = InvoiceTotal
    fields = ("currency", "assignments", "amount_minor")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Issued invoices: what was billed to whom for which month, with documents and a reconciliation action."""

    list_display = ("label", "organization", "month", "issued_at", "totals_text", "documents")
    list_filter = ("month", "organization")
    search_fields = ("organization", "=number")
    fields = ("label", "organization", "month", "time_zone", "period_start", "period_end", "ledger_cutoff",
              "previous", "issued_at", "documents")
    readonly_fields = fields
    inlines = [InvoiceLineInline, InvoiceTotalInline]
    actions = ["reconcile_selected"]

    def get_queryset(self, request):
        """Totals fetched with the list (one query, not one per row)."""
        return super().get_queryset(request).prefetch_related("totals")

    def has_add_permission(self, request):
        """Invoices are issued by `manage.py fee_training_issue_invoices`."""
        return False

    def has_change_permission(self, request, obj=None):
        """Issued invoices never change."""
        return False

    def has_delete_permission(self, request, obj=None):
        """Issued invoices are never deleted."""
        return False

    @admin.display(description=gettext_lazy("Invoice"))
    def label(self, obj):
        """The printed number."""
        return obj.label

    @admin.display(description=gettext_lazy("Totals"))
    def totals_text(self, obj):
        """Totals per currency and how many assignments, e.g. 'USD 2500 minor (1)'."""
        return ", ".join(gettext("{currency} {amount} minor ({count})").format(
            currency=t.currency, amount=t.amount_minor, count=t.assignments) for t in obj.totals.all())

    @admin.display(description=gettext_lazy("Documents"))
    def documents(self, obj):
        """Download links."""
        return format_html_join(" ", '<a href="{}">{}</a>', (
            (reverse("admin:fee_training_invoice_document", args=[obj.pk, fmt]), fmt.upper()) for fmt in DOCUMENTS))

    @admin.action(description=gettext_lazy("Reconcile the selected invoices with the ledger"))
    def reconcile_selected(self, request, queryset):
        """Check totals, lines and ledger agree; show every difference as an error."""
        try:
            checked = issuing.reconcile(list(queryset))
        except issuing.ReconciliationError as err:
            for problem in err.problems:
                self.message_user(request, format_html(gettext("Reconciliation failed: {problem}"),
                                                       problem=problem.localized(gettext)), messages.ERROR)
            return
        self.message_user(request, ngettext("{count} invoice agrees with the ledger.",
                                            "{count} invoices agree with the ledger.", checked).format(count=checked),
                          messages.SUCCESS)

    def get_urls(self):
        """Add <id>/document/<format>/ for the downloads."""
        extra = [path("<int:pk>/document/<str:fmt>/", self.admin_site.admin_view(self.document_view),
                      name="fee_training_invoice_document")]
        return extra + super().get_urls()

    def document_view(self, request, pk, fmt):
        """The invoice as CSV, JSON or PDF, re-created from its stored lines."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in DOCUMENTS:
            raise Http404(gettext("Unknown format {format}: use csv, json or pdf.").format(format=repr(fmt)))
        invoice = get_object_or_404(Invoice, pk=pk)
        content_type, render = DOCUMENTS[fmt]
        response = HttpResponse(render(invoice), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="invoice-{invoice.label}.{fmt}"'
        return response
