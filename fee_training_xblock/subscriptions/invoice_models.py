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

    number = models.PositiveIntegerField(unique=True, help_text="Sequential, without gaps, across organizations.")
    organization = models.CharField(max_length=255)
    month = models.CharField(max_length=7, help_text="YYYY-MM, boundaries in `time_zone`.")
    time_zone = models.CharField(max_length=64)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    ledger_cutoff = models.BigIntegerField(help_text="The highest course-assignment id existing when issued.")
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next",
                                    help_text="The organization's invoice before this one (its region is excluded).")
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "fee_training_xblock"
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
    KIND_CHOICES = [(CHARGE, "Assignments of the month"), (ADJUSTMENT, "Late assignments of an earlier month")]

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    for_month = models.CharField(max_length=7, help_text="The month the assignments were billed in.")
    profile_id = models.PositiveIntegerField(help_text="The subscription profile (kept as a number: history).")
    profile_name = models.CharField(max_length=200)
    course_key = models.CharField(max_length=255)
    currency = models.CharField(max_length=3)
    unit_price_minor = models.BigIntegerField()
    assignments = models.PositiveIntegerField()
    amount_minor = models.BigIntegerField()

    class Meta:
        app_label = "fee_training_xblock"
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="fee_training_one_line_per_position"),
        ]

    def __str__(self):
        return f"line {self.position} of invoice {self.invoice_id}"


class InvoiceTotal(ImmutableRow):
    """An invoice's total in one currency (the sum of its lines, checked when issued and on reconciliation).

    .. no_pii: A sum of money and a count.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="totals")
    currency = models.CharField(max_length=3)
    assignments = models.PositiveIntegerField()
    amount_minor = models.BigIntegerField()

    class Meta:
        app_label = "fee_training_xblock"
        ordering = ["invoice", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "currency"], name="fee_training_one_total_per_currency"),
        ]

    def __str__(self):
        return f"{self.currency} total of invoice {self.invoice_id}"
