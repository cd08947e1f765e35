"""Tables of pay-per-use sessions: each confirmed estimate, the rates an operator sets, who joined.

A LiveSession row is one estimate as the host confirmed it: the session options, the
rates in force at that moment and the rounded total. It never changes afterwards
(pressing Change and then Schedule makes a new row and supersedes this one), so a
payment always buys exactly what the host agreed to. Every status change is a method here.
"""
from datetime import timedelta

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

RATE_FIELD = {"max_digits": 16, "decimal_places": 6, "validators": [MinValueValidator(0)]}


class LiveSessionQuerySet(models.QuerySet):
    """Queries and state changes of sessions."""

    def forget_host_email(self):
        """Erase the host's receipt address (the host retired); returns how many sessions changed."""
        return self.exclude(host_email="").update(host_email="")

    def of_block(self, usage_key):
        """Every estimate made in one block."""
        return self.filter(usage_key=str(usage_key))

    def estimated(self):
        """Estimates not yet paid and not replaced."""
        return self.filter(status=LiveSession.STATUS_ESTIMATED)

    def paid(self):
        """Sessions whose host paid (not refunded): open for learners."""
        return self.filter(status=LiveSession.STATUS_PAID)

    def supersede(self):
        """Replace these unpaid estimates by a newer one; returns how many changed."""
        return self.filter(status=LiveSession.STATUS_ESTIMATED).update(status=LiveSession.STATUS_SUPERSEDED,
                                                                       updated_at=timezone.now())


class LiveSession(models.Model):
    """One confirmed estimate of a live session in one block and, once paid, the session itself.

    .. pii: `host_key`/`paid_by_key` are LMS user ids; `host_email` is where the host's receipt goes.
       Retirement erases the email (live_sessions/retirement.py); the ids stay in the reimbursement record.
    .. pii_types: id, email_address
    .. pii_retirement: local_api
    """

    STATUS_ESTIMATED = "estimated"
    STATUS_SUPERSEDED = "superseded"
    STATUS_PAID = "paid"
    STATUS_REFUNDED = "refunded"
    STATUS_CHOICES = [
        (STATUS_ESTIMATED, _("Estimated, waiting for the host's payment")),
        (STATUS_SUPERSEDED, _("Replaced by a newer estimate")),
        (STATUS_PAID, _("Paid by the host: open")),
        (STATUS_REFUNDED, _("Refunded: closed")),
    ]
    KIND_CHOICES = [("now", _("Start Session (starts when paid)")), ("scheduled", _("Scheduled"))]

    course_key = models.CharField(_("course key"), max_length=255, db_index=True)
    usage_key = models.CharField(_("usage key"), max_length=255)
    organization = models.CharField(_("organization"), max_length=255,
                                    help_text=_("The course's organization (rates and reports)."))
    host_key = models.CharField(_("host key"), max_length=255,
                                help_text=_("LMS user id of the host who confirmed the estimate."))
    host_email = models.CharField(_("host email"), max_length=254, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True,
                                     help_text=_("Empty until paid for 'Start Session'."))
    duration_minutes = models.PositiveIntegerField(_("duration minutes"))
    session_computers = models.PositiveIntegerField(_("session computers"))
    teleconference_computers = models.PositiveIntegerField(_("teleconference computers"))
    division = models.CharField(_("division"), max_length=100,
                                help_text=_("Division or cost centre that reimburses the host."))
    join_url = models.CharField(_("join url"), max_length=500, blank=True,
                                help_text=_("Where learners join; shown after payment."))
    currency = models.CharField(_("currency"), max_length=3)
    people_minute_rate = models.DecimalField(_("people minute rate"), **RATE_FIELD)
    teleconference_minute_rate = models.DecimalField(_("teleconference minute rate"), **RATE_FIELD)
    rate_source = models.CharField(_("rate source"), max_length=255,
                                   help_text=_("Where the rates came from when confirmed."))
    amount_minor = models.BigIntegerField(_("amount minor"),
                                          help_text=_("The estimate the host agreed to pay, in minor units."))
    estimated_at = models.DateTimeField(_("estimated at"), default=timezone.now)
    valid_until = models.DateTimeField(_("valid until"),
                                       help_text=_("The estimate can be paid at its rates until then."))
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_ESTIMATED)
    # Set to the usage key while paid: at most one open session per block (a nullable unique
    # column, because MariaDB has no partial unique indexes).
    paid_slot = models.CharField(_("paid slot"), max_length=255, null=True, blank=True, unique=True)
    payment_reference = models.CharField(_("payment reference"), max_length=255, blank=True, db_index=True)
    paid_by_key = models.CharField(_("paid by key"), max_length=255, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    closed_reason = models.CharField(_("closed reason"), max_length=255, blank=True)
    # The measured cost beyond the estimate, when the operator charges it (LIVE_SESSION_CHARGE_DIFFERENCE).
    difference_reference = models.CharField(_("difference reference"), max_length=255, blank=True)
    difference_paid_minor = models.BigIntegerField(_("difference paid minor"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        indexes = [models.Index(fields=["usage_key", "status"], name="fee_training_live_block_status")]

    def __str__(self):
        return f"{self.title} ({self.status}, {self.amount_minor} {self.currency})"

    @property
    def ends_at(self):
        """When the session ends (None before a 'Start Session' session was paid)."""
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None

    def mark_paid(self, reference, payer_key, paid_at):
        """Open the session: the host's payment `reference` paid it (a 'Start Session' one starts now)."""
        self.status, self.paid_slot = self.STATUS_PAID, self.usage_key
        self.payment_reference, self.paid_by_key, self.paid_at = reference, str(payer_key), paid_at
        if self.kind == "now":
            self.starts_at = paid_at
        self.save(update_fields=["status", "paid_slot", "payment_reference", "paid_by_key", "paid_at", "starts_at",
                                 "updated_at"])

    def mark_difference_paid(self, reference, amount_minor):
        """Record the host's payment of the measured cost beyond the estimate."""
        self.difference_reference, self.difference_paid_minor = reference, amount_minor
        self.save(update_fields=["difference_reference", "difference_paid_minor", "updated_at"])

    def mark_difference_refunded(self):
        """Forget a refunded difference payment (the difference is due again)."""
        self.difference_reference, self.difference_paid_minor = "", 0
        self.save(update_fields=["difference_reference", "difference_paid_minor", "updated_at"])

    def mark_refunded(self, reason):
        """Close the session after a full refund of the host's payment."""
        self.status, self.paid_slot, self.closed_reason = self.STATUS_REFUNDED, None, reason[:255]
        self.save(update_fields=["status", "paid_slot", "closed_reason", "updated_at"])


class LiveSessionRate(models.Model):
    """Rates set in the Django admin: site-wide (organization empty) or for one organization.

    An organization's row wins over the site-wide row, which wins over the settings
    (FEE_TRAINING['LIVE_SESSION_*']). Changing a rate never changes an estimate already confirmed.

    .. no_pii: Rates per organization.
    """

    organization = models.CharField(
        _("organization"), max_length=255, blank=True, unique=True,
        help_text=_("The course key's organization (e.g. 'AcmeX'); empty = the whole site."))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    people_minute_rate = models.DecimalField(_("people minute rate"), **RATE_FIELD,
                                             help_text=_("Price of one people minute, e.g. 0.0125."))
    teleconference_minute_rate = models.DecimalField(_("teleconference minute rate"), **RATE_FIELD,
                                                     help_text=_("Price of one teleconferencing minute, e.g. 0.05."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("live session rate")
        verbose_name_plural = _("live session rates")

    def __str__(self):
        return (f"{self.organization or gettext('site-wide')}: {self.people_minute_rate} / "
                f"{self.teleconference_minute_rate} {self.currency}")


class LiveSessionAttendanceQuerySet(models.QuerySet):
    """State changes of attendance rows."""

    def record_join(self, session, user_key, now=None):
        """Count a join of `user_key` (the first one is kept: measured time counts from it)."""
        now = now or timezone.now()
        row, created = self.get_or_create(session=session, user_key=str(user_key),
                                          defaults={"first_joined_at": now, "last_joined_at": now})
        if not created:
            self.filter(pk=row.pk).update(last_joined_at=now, joins=models.F("joins") + 1)
        return row


class LiveSessionAttendance(models.Model):
    """Someone who joined a paid session through the block (the Join link), and when.

    .. pii: `user_key` is an LMS user id (a usage record; an id alone does not identify a retired user).
    .. pii_types: id
    .. pii_retirement: retained
    """

    session = models.ForeignKey(LiveSession, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="attendance")
    user_key = models.CharField(_("user key"), max_length=255)
    first_joined_at = models.DateTimeField(_("first joined at"))
    last_joined_at = models.DateTimeField(_("last joined at"))
    joins = models.PositiveIntegerField(_("joins"), default=1)

    objects = LiveSessionAttendanceQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("live session join")
        verbose_name_plural = _("live session joins")
        constraints = [models.UniqueConstraint(fields=["session", "user_key"], name="fee_training_one_join_row")]
