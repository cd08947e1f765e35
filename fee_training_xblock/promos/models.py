"""Promo-code tables: the codes staff create and each learner's use of one (held, confirmed, released)."""
from django.db import models
from django.utils import timezone


class PromoCodeQuerySet(models.QuerySet):
    """State changes of codes."""

    def deactivate(self):
        """Switch these codes off (confirmed redemptions stay); returns how many changed."""
        return self.update(active=False)


class PromoCode(models.Model):
    """A discount code staff hand out: percent or fixed amount, limits, validity window and scope.

    `code` is stored normalised (upper case, no spaces or dashes) and is unique
    across the site, so a code a learner types finds at most one row through
    the unique index, however many codes exist.

    .. pii: `created_by` is the user id of the staff member who created the code.
    .. pii_types: id
    .. pii_retirement: retained
    """

    KIND_CHOICES = [("percent", "Percent off"), ("amount", "Fixed amount off")]
    SCOPE_CHOICES = [("block", "This block"), ("course", "The whole course"),
                     ("organization", "The whole organization")]

    code = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    percent = models.PositiveSmallIntegerField(null=True, blank=True)
    amount_minor = models.PositiveIntegerField(null=True, blank=True, help_text="Minor units of `currency`.")
    currency = models.CharField(max_length=3, blank=True)
    scope = models.CharField(max_length=16, choices=SCOPE_CHOICES)
    scope_key = models.CharField(max_length=255, help_text="Usage key, course key or organization, by scope.")
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(null=True, blank=True, help_text="Blank: unlimited.")
    once_per_learner = models.BooleanField(default=True)
    active = models.BooleanField(default=True)
    batch = models.CharField(max_length=64, blank=True, help_text="Bulk-generation batch id.")
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_in_course_key = models.CharField(max_length=255, blank=True, db_index=True)

    objects = PromoCodeQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        indexes = [models.Index(fields=["scope", "scope_key"], name="fee_training_promo_scope")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="percent", percent__gte=1, percent__lte=100, amount_minor__isnull=True)
                           | models.Q(kind="amount", percent__isnull=True, amount_minor__gte=1)),
                name="fee_training_promo_discount_shape",
            ),
        ]

    def __str__(self):
        return self.code


class PromoRedemptionQuerySet(models.QuerySet):
    """State changes of redemptions: every use leaves the count through `release`."""

    def release(self, now=None):
        """Give these uses back (freeing the learner's once-per-learner slot); returns how many changed."""
        return self.update(status=PromoRedemption.RELEASED, learner_slot=None, released_at=now or timezone.now())

    def lapsed_holds(self, now=None):
        """Holds whose time ran out (they no longer count, but still read as held)."""
        return self.filter(status=PromoRedemption.HELD, held_until__lte=now or timezone.now())


class PromoRedemption(models.Model):
    """One learner's use of a promo code for one block: held while paying, then confirmed or released.

    A hold counts against the code's limit until `held_until`, so an abandoned
    payment frees its slot by itself. `learner_slot` is the user key while the
    row is held or confirmed for a once-per-learner code and NULL otherwise:
    the unique (promo, learner_slot) index then allows one live use per learner
    on MySQL/MariaDB too, which have no partial unique indexes (NULLs never clash).

    .. pii: `user_key` is the LMS user id of the learner who used the code (a use counted against a limit).
    .. pii_types: id
    .. pii_retirement: retained
    """

    HELD = "held"
    CONFIRMED = "confirmed"
    RELEASED = "released"
    STATUS_CHOICES = [(HELD, "Held while paying"), (CONFIRMED, "Confirmed (access granted)"), (RELEASED, "Released")]

    promo = models.ForeignKey(PromoCode, on_delete=models.PROTECT, related_name="redemptions")
    user_key = models.CharField(max_length=255)
    course_key = models.CharField(max_length=255)
    usage_key = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=HELD)
    learner_slot = models.CharField(max_length=255, null=True, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    fee_minor = models.PositiveIntegerField()
    discount_minor = models.PositiveIntegerField()
    total_minor = models.PositiveIntegerField()
    reference = models.CharField(max_length=255, blank=True, help_text="Payment behind the redemption, or 'free'.")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    objects = PromoRedemptionQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        constraints = [
            models.UniqueConstraint(fields=["promo", "learner_slot"], name="fee_training_promo_once_per_learner"),
        ]
        indexes = [
            models.Index(fields=["promo", "status", "held_until"], name="fee_training_redemption_count"),
            models.Index(fields=["user_key", "usage_key", "status"], name="fee_training_redemption_user"),
        ]

    def __str__(self):
        return f"{self.promo_id}:{self.user_key} ({self.status})"
