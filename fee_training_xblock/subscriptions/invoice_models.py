"""Issued invoices: numbered, immutable, their lines and per-currency totals stored.

An invoice covers a region of the assignment ledger that never changes once issued,
because the ledger only grows: the organization's assignments created before the
end of the month with an id up to `ledger_cutoff`, less what the previous invoice of
the organization covered (those with id <= its cutoff created before its end). So
every assignment is invoiced exactly once, and one made late (dated in an issued
month but written after it was issued) lands on the next invoice as an adjustment
line. Rows are written once; saving, updating or deleting an issued row raises.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class InvoiceImmutable(Exception):
    """An issued invoice, line or total was about to change: late changes go to the next invoice."""


class ImmutableQuerySet(models.QuerySet):
    """Issued rows are inserted once (create, bulk_create); bulk updates and deletes are refused."""

    def update(self, **kwargs):
        """Refused: an issued invoice never changes."""
        raise InvoiceImmutable("Issued invoices cannot be changed; late changes go to the next invoice.")

    def delete(self):
        """Refused: an issued invoice is never deleted."""
        raise InvoiceImmutable("Issued invoices cannot be deleted.")


class ImmutableRow(models.Model):
    """Base of issued rows: `save` inserts, never updates; `delete` raises."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Insert the row; an already stored row cannot be saved again."""
        if not self._state.adding:
            raise InvoiceImmutable(f"{self} is issued and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: an issued invoice is never deleted."""
        raise InvoiceImmutable(f"{self} is issued and cannot be deleted.")


class Invoice(ImmutableRow):
    """One organization's invoice for one month, issued once (see the module docstring for what it covers).

    .. no_pii: An organization's monthly totals; no learner is named (retiring a learner leaves it as issued).
    """

    number = models.PositiveIntegerField(_("number"), unique=True,
                                         help_text=_("Sequential, without gaps, across organizations."))
    organization = models.CharField(_("organization"), max_length=255)
    month = models.CharField(_("month"), max_length=7, help_text=_("YYYY-MM, boundaries in the time zone below."))
    time_zone = models.CharField(_("time zone"), max_length=64)
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    ledger_cutoff = models.BigIntegerField(_("ledger cutoff"),
                                           help_text=_("The highest course-assignment id existing when issued."))
    previous = models.OneToOneField("self", verbose_name=_("previous invoice"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="next",
                                    help_text=_("The organization's invoice before this one (its region is excluded)."))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="fee_training_one_invoice_per_org_month"),
        ]

    def __str__(self):
        return f"{self.label} ({self.organization}, {self.month})"

    @property
    def label(self):
        """The number as printed on the invoice, e.g. FT-000042."""
        return f"FT-{self.number:06d}"


class InvoiceLine(ImmutableRow):
    """One line: assignments of one profile, course and unit price; a charge of the month or a late adjustment.

    .. no_pii: A count of assignments per profile, course and price; no learner is named.
    """

    CHARGE = "charge"
    ADJUSTMENT = "adjustment"
    KIND_CHOICES = [(CHARGE, _("Assignments of the month")), (ADJUSTMENT, _("Late assignments of an earlier month"))]

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    for_month = models.CharField(_("for month"), max_length=7,
                                 help_text=_("The month the assignments were billed in."))
    profile_id = models.PositiveIntegerField(_("profile id"),
                                             help_text=_("The subscription profile (kept as a number: history)."))
    profile_name = models.CharField(_("profile name"), max_length=200)
    course_key = models.CharField(_("course key"), max_length=255)
    currency = models.CharField(_("currency"), max_length=3)
    unit_price_minor = models.BigIntegerField(_("unit price minor"))
    assignments = models.PositiveIntegerField(_("assignments"))
    amount_minor = models.BigIntegerField(_("amount minor"))

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="fee_training_one_line_per_position"),
        ]

    def __str__(self):
        return gettext("line {position} of invoice {invoice}").format(position=self.position, invoice=self.invoice_id)


class InvoiceTotal(ImmutableRow):
    """An invoice's total in one currency (the sum of its lines, checked when issued and on reconciliation).

    .. no_pii: A sum of money and a count.
    """

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="totals")
    currency = models.CharField(_("currency"), max_length=3)
    assignments = models.PositiveIntegerField(_("assignments"))
    amount_minor = models.BigIntegerField(_("amount minor"))

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("invoice total")
        verbose_name_plural = _("invoice totals")
        ordering = ["invoice", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "currency"], name="fee_training_one_total_per_currency"),
        ]

    def __str__(self):
        return gettext("{currency} total of invoice {invoice}").format(currency=self.currency, invoice=self.invoice_id)
