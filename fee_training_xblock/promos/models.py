"""Promo-code tables: the codes staff create and each learner's use of one (held, confirmed, released)."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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

    KIND_CHOICES = [("percent", _("Percent off")), ("amount", _("Fixed amount off"))]
    SCOPE_CHOICES = [("block", _("This block")), ("course", _("The whole course")),
                     ("organization", _("The whole organization"))]

    code = models.CharField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    percent = models.PositiveSmallIntegerField(_("percent"), null=True, blank=True)
    amount_minor = models.PositiveIntegerField(_("amount minor"), null=True, blank=True,
                                               help_text=_("Minor units of `currency`."))
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=SCOPE_CHOICES)
    scope_key = models.CharField(_("scope key"), max_length=255,
                                 help_text=_("Usage key, course key or organization, by scope."))
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(_("max redemptions"), null=True, blank=True,
                                                  help_text=_("Blank: unlimited."))
    once_per_learner = models.BooleanField(_("once per learner"), default=True)
    active = models.BooleanField(_("active"), default=True)
    batch = models.CharField(_("batch"), max_length=64, blank=True, help_text=_("Bulk-generation batch id."))
    created_by = models.CharField(_("created by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_in_course_key = models.CharField(_("created in course key"), max_length=255, blank=True, db_index=True)

    objects = PromoCodeQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
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
    STATUS_CHOICES = [(HELD, _("Held while paying")), (CONFIRMED, _("Confirmed (access granted)")), (RELEASED,
                       _("Released"))]

    promo = models.ForeignKey(PromoCode, verbose_name=_("promo"), on_delete=models.PROTECT, related_name="redemptions")
    user_key = models.CharField(_("user key"), max_length=255)
    course_key = models.CharField(_("course key"), max_length=255)
    usage_key = models.CharField(_("usage key"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=HELD)
    learner_slot = models.CharField(_("learner slot"), max_length=255, null=True, blank=True)
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    fee_minor = models.PositiveIntegerField(_("fee minor"))
    discount_minor = models.PositiveIntegerField(_("discount minor"))
    total_minor = models.PositiveIntegerField(_("total minor"))
    reference = models.CharField(_("reference"), max_length=255, blank=True,
                                 help_text=_("Payment behind the redemption, or 'free'."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = PromoRedemptionQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("promo code use")
        verbose_name_plural = _("promo code uses")
        constraints = [
            models.UniqueConstraint(fields=["promo", "learner_slot"], name="fee_training_promo_once_per_learner"),
        ]
        indexes = [
            models.Index(fields=["promo", "status", "held_until"], name="fee_training_redemption_count"),
            models.Index(fields=["user_key", "usage_key", "status"], name="fee_training_redemption_user"),
        ]

    def __str__(self):
        return f"{self.promo_id}:{self.user_key} ({self.status})"
