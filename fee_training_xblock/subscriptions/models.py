"""Subscription billing tables: profiles, their courses, learners' subscriptions and the assignment ledger."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SubscriptionProfile(models.Model):
    """The template of a subscription: which organization it bills, its courses, duration and price.

    `price_minor` is billed for every course assignment (in `currency`'s minor units)
    unless the course's ProfileCourse row overrides it.

    .. no_pii: A subscription template (organization, courses, prices).
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    organization = models.CharField(_("organization"), max_length=255,
                                    help_text=_("The organization billed (e.g. the course key's org)."))
    duration_days = models.PositiveIntegerField(_("duration days"),
                                                help_text=_("How long each subscription made from this profile lasts."))
    price_minor = models.PositiveIntegerField(_("price minor"),
        help_text=_("Price per course assignment, in minor units (cents; yen for JPY)."))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Inactive profiles can no longer be sold or imported."))
    sale_price_minor = models.PositiveIntegerField(_("sale price minor"),
        null=True, blank=True,
        help_text=_("What a learner pays by card to buy this subscription in a subscription block of one of its "
                  "courses (minor units, profile currency). Empty: not sold to learners."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("subscription profile")
        verbose_name_plural = _("subscription profiles")

    def __str__(self):
        return gettext("{name} ({organization}, {days} days)").format(
            name=self.name, organization=self.organization, days=self.duration_days)


class ProfileCourse(models.Model):
    """A course covered by a subscription profile, with an optional price override.

    .. no_pii: A course covered by a profile.
    """

    profile = models.ForeignKey(SubscriptionProfile, verbose_name=_("profile"), on_delete=models.CASCADE,
                                related_name="courses")
    course_key = models.CharField(_("course key"), max_length=255)
    price_minor_override = models.PositiveIntegerField(_("price minor override"),
        null=True, blank=True,
        help_text=_("Price per assignment for this course (minor units); empty: the profile's price."),
    )

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("profile course")
        verbose_name_plural = _("profile courses")
        constraints = [
            models.UniqueConstraint(fields=["profile", "course_key"], name="fee_training_one_course_per_profile"),
        ]
        indexes = [models.Index(fields=["course_key"], name="fee_training_profcourse_course")]

    def __str__(self):
        return f"{self.profile.name}: {self.course_key}"

    @property
    def price_minor(self):
        """The price billed per assignment of this course."""
        return self.profile.price_minor if self.price_minor_override is None else self.price_minor_override


class SubscriptionQuerySet(models.QuerySet):
    """State changes of subscriptions."""

    def end_now(self, now=None):
        """End these subscriptions at `now` (those still running); returns how many changed."""
        now = now or timezone.now()
        return self.filter(ends_at__gt=now).update(ends_at=now)


class Subscription(models.Model):
    """A profile assigned to one learner from `starts_at` until `ends_at` (exclusive).

    .. pii: `user_key` is the LMS user id of the subscriber.
    .. pii_types: id
    .. pii_retirement: retained
    """

    SOURCE_STAFF = "staff"
    SOURCE_IMPORT = "import"
    SOURCE_PURCHASE = "purchase"
    SOURCE_CHOICES = [
        (SOURCE_STAFF, _("Created by staff")),
        (SOURCE_IMPORT, _("CSV import")),
        (SOURCE_PURCHASE, _("Bought by the learner")),
    ]

    profile = models.ForeignKey(SubscriptionProfile, verbose_name=_("profile"), on_delete=models.PROTECT,
                                related_name="subscriptions")
    user_key = models.CharField(_("user key"), max_length=255, help_text=_("LMS user id (workbench: student id)."))
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Start plus the profile's duration when created."))
    source = models.CharField(_("source"), max_length=16, choices=SOURCE_CHOICES, default=SOURCE_STAFF)
    payment_reference = models.CharField(_("payment reference"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            # An import run twice (or a retried purchase) must not create a second subscription.
            models.UniqueConstraint(fields=["profile", "user_key", "starts_at"], name="fee_training_one_sub_per_start"),
        ]
        indexes = [models.Index(fields=["user_key", "ends_at"], name="fee_training_sub_user_end")]

    def __str__(self):
        return gettext("{learner}: {profile} from {start}").format(
            learner=self.user_key, profile=self.profile.name, start=f"{self.starts_at:%Y-%m-%d}")


class CourseAssignment(models.Model):
    """The billing ledger: one row per course assignment, the billable event.

    `sequence` numbers a learner's assignments in a course (1, 2, ...); the unique
    (user_key, course_key, sequence) rule makes a double click, two tabs or a retried
    request create one assignment, on every database (no partial index needed).
    Price, currency and organization are copied from the profile when the row is
    created, so later profile edits never change past invoices.

    .. pii: `user_key` is the LMS user id of the learner (the billing ledger: an accounting record).
    .. pii_types: id
    .. pii_retirement: retained
    """

    subscription = models.ForeignKey(Subscription, verbose_name=_("subscription"), on_delete=models.PROTECT,
                                     related_name="assignments")
    profile = models.ForeignKey(SubscriptionProfile, verbose_name=_("profile"), on_delete=models.PROTECT,
                                related_name="assignments")
    organization = models.CharField(_("organization"), max_length=255)
    user_key = models.CharField(_("user key"), max_length=255)
    course_key = models.CharField(_("course key"), max_length=255)
    usage_key = models.CharField(_("usage key"), max_length=255, help_text=_("The block where the course was started."))
    sequence = models.PositiveIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    billing_month = models.CharField(_("billing month"), max_length=7,
                                     help_text=_("YYYY-MM in the billing time zone in force at creation."))
    price_minor = models.PositiveIntegerField(_("price minor"))
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("course assignment")
        verbose_name_plural = _("course assignments")
        constraints = [
            models.UniqueConstraint(fields=["user_key", "course_key", "sequence"],
                                    name="fee_training_one_assignment_seq"),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="fee_training_assign_created"),
            # Covering: issuing and reconciling an organization's month read the index alone, not a million rows.
            models.Index(fields=["organization", "created_at", "billing_month", "profile", "course_key", "currency",
                                 "price_minor"], name="fee_training_assign_org_bill"),
            # Covering: a course's monthly totals (staff figures) are read from the index alone.
            models.Index(fields=["course_key", "created_at", "currency", "price_minor"],
                         name="fee_training_assign_crs_bill"),
            # Live assignments of a course (staff figures): a range over those not yet expired, not all past ones.
            models.Index(fields=["course_key", "expires_at"], name="fee_training_assign_crs_expiry"),
        ]

    def __str__(self):
        return f"{self.user_key} #{self.sequence} {self.course_key} ({self.billing_month})"
