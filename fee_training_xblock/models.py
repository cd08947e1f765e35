"""Database tables: the entitlement ledger (who may see which block's content).

Money and anything counted across learners lives here, never in XBlock fields.
"""
from django.db import models
from django.utils import timezone


class AccessGrant(models.Model):
    """One learner's access to the content gated by one block.

    There is one row per (block, learner). Revoking keeps the row (with
    `revoked_at`) so the history stays; granting again re-opens it.
    """

    VIA_STAFF = "staff"
    VIA_PAYMENT = "payment"
    VIA_PROMO = "promo"
    VIA_SUBSCRIPTION = "subscription"
    VIA_CHOICES = [
        (VIA_STAFF, "Granted by staff"),
        (VIA_PAYMENT, "Card payment"),
        (VIA_PROMO, "Promo code covering the whole fee"),
        (VIA_SUBSCRIPTION, "Subscription course assignment"),
    ]

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255)
    user_key = models.CharField(max_length=255, help_text="LMS user id (workbench: student id).")
    via = models.CharField(max_length=32, choices=VIA_CHOICES)
    reference = models.CharField(max_length=255, blank=True, help_text="Payment, promo code or staff user behind the grant.")
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "user_key"], name="fee_training_one_grant_per_block_user"),
        ]
        indexes = [models.Index(fields=["course_key", "user_key"], name="fee_training_grant_course_user")]

    def __str__(self):
        return f"{self.user_key} → {self.usage_key} ({self.via})"

    def is_active(self, now=None):
        """True when not revoked and not expired at `now`."""
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
