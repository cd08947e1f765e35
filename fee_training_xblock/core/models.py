"""The entitlement ledger: who may see the content gated by which block, and since when.

Every way in (payment, promo code, staff, subscription, and later webinar links)
ends as an AccessGrant, so one indexed query answers "may user U see block B?"
for the block, the LMS-wide gate and reports alike.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fee_training_xblock.core.prepared import PreparedWrite


class AccessGrantQuerySet(models.QuerySet):
    """Queries and state changes of grants; every change of a grant's state is one method here."""

    def live(self, now=None):
        """Grants neither revoked nor expired at `now`."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def of(self, usage_key, user_key):
        """The grant row of one block and learner (at most one exists)."""
        return self.filter(usage_key=str(usage_key), user_key=str(user_key))

    def revoke(self, reason, now=None, by_staff=False):
        """Revoke every unrevoked grant in this query; returns how many changed.

        `by_staff`: a course team member withdrew it (the block's staff tools), which a
        webinar's shared room password must not undo (webinars.rooms.withdrawn_by_staff).
        """
        return self.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now(), revoke_reason=reason[:255],
                                                           revoked_by_staff=by_staff)

    def add(self, course_key, usage_key, user_key, via, reference, expires_at=None, now=None):
        """Insert a new grant row in one statement whose SQL is written once (the payment webhook's hot path).

        No save signals are sent; a row that exists already makes it raise IntegrityError.
        """
        _NEW_GRANT.run(str(course_key), str(usage_key), str(user_key), via, reference, now or timezone.now(),
                       expires_at, None, "", False)

    def reopen(self, via, reference, expires_at, now=None):
        """Give the revoked or expired grants of this query back, as new grants of `via` (one UPDATE); how many."""
        now = now or timezone.now()
        ended = Q(revoked_at__isnull=False) | Q(expires_at__isnull=False, expires_at__lte=now)
        return self.filter(ended).update(via=via, reference=reference, expires_at=expires_at, granted_at=now,
                                         revoked_at=None, revoke_reason="", revoked_by_staff=False)


class AccessGrant(models.Model):
    """One learner's access to the content gated by one block.

    There is one row per (block, learner). Revoking keeps the row (with
    `revoked_at`) so the history stays; granting again re-opens it.

    .. pii: `user_key` is the LMS user id of the learner; `reference` may name a staff user id
       (an accounting record; an id alone does not identify a retired user).
    .. pii_types: id
    .. pii_retirement: retained
    """

    VIA_STAFF = "staff"
    VIA_PAYMENT = "payment"
    VIA_PROMO = "promo"
    VIA_SUBSCRIPTION = "subscription"
    VIA_LIVE_SESSION = "live_session"
    VIA_WEBINAR_LINK = "webinar_link"
    VIA_WEBINAR_PASSWORD = "webinar_password"
    VIA_PAID_ELSEWHERE = "paid_elsewhere"
    VIA_CHOICES = [
        (VIA_STAFF, _("Granted by staff")),
        (VIA_PAYMENT, _("Payment (card or PayPal)")),
        (VIA_PROMO, _("Promo code covering the whole fee")),
        (VIA_SUBSCRIPTION, _("Subscription course assignment")),
        (VIA_LIVE_SESSION, _("Live session opened by its host's payment")),
        (VIA_WEBINAR_LINK, _("Webinar: personal link")),
        (VIA_WEBINAR_PASSWORD, _("Webinar: room password")),
        (VIA_PAID_ELSEWHERE, _("Webinar: paid outside the platform, added by staff")),
    ]

    course_key = models.CharField(_("course key"), max_length=255, db_index=True)
    usage_key = models.CharField(_("usage key"), max_length=255)
    user_key = models.CharField(_("user key"), max_length=255, help_text=_("LMS user id (workbench: student id)."))
    via = models.CharField(_("via"), max_length=32, choices=VIA_CHOICES)
    reference = models.CharField(_("reference"), max_length=255, blank=True,
                                 help_text=_("Payment, promo code or staff user behind the grant."))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("revoke reason"), max_length=255, blank=True)
    revoked_by_staff = models.BooleanField(
        _("revoked by staff"), default=False,
        help_text=_("The course team withdrew this access: a webinar's room password does not give it back."))

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "user_key"], name="fee_training_one_grant_per_block_user"),
        ]
        indexes = [
            models.Index(fields=["course_key", "user_key"], name="fee_training_grant_course_user"),
            # Staff's "learners with access" count reads this index only, not every grant row of the block.
            models.Index(fields=["usage_key", "revoked_at", "expires_at"], name="fee_training_grant_block_live"),
        ]

    def __str__(self):
        return f"{self.user_key} → {self.usage_key} ({self.via})"

    def is_active(self, now=None):
        """True when not revoked and not expired at `now`."""
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def reopen(self, via, reference, expires_at, now=None):
        """Give a revoked or expired grant back, as a new grant of `via` (saved)."""
        self.via, self.reference, self.expires_at = via, reference, expires_at
        self.granted_at, self.revoked_at, self.revoke_reason = now or timezone.now(), None, ""
        self.revoked_by_staff = False
        self.save()


_NEW_GRANT = PreparedWrite(AccessGrant, ("course_key", "usage_key", "user_key", "via", "reference", "granted_at",
                                         "expires_at", "revoked_at", "revoke_reason", "revoked_by_staff"))
