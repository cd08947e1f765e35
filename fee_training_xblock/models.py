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


class Payment(models.Model):
    """One card payment (one Stripe PaymentIntent) for one learner and one block.

    Amounts are integer minor units. `status` follows our ledger, not Stripe's
    wording: pending until verified, then paid, failed or refunded.
    """

    STATUS_PENDING = "pending"
    STATUS_PAID = "paid"
    STATUS_FAILED = "failed"
    STATUS_REFUNDED = "refunded"
    STATUS_CHOICES = [
        (STATUS_PENDING, "Waiting for the card payment"),
        (STATUS_PAID, "Paid"),
        (STATUS_FAILED, "Failed"),
        (STATUS_REFUNDED, "Refunded"),
    ]
    PURPOSE_ACCESS = "access"

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255)
    user_key = models.CharField(max_length=255, help_text="LMS user id (workbench: student id).")
    user_email = models.CharField(max_length=254, blank=True, help_text="Where the receipt was sent.")
    title = models.CharField(max_length=255, blank=True, help_text="What was bought (the block's display name).")
    payment_intent_id = models.CharField(max_length=255, unique=True)
    # Set only while pending: one open checkout per learner, block and purpose, so two
    # tabs share one PaymentIntent instead of charging twice. Cleared when the payment settles.
    open_checkout = models.CharField(max_length=255, null=True, blank=True, unique=True)
    purpose = models.CharField(max_length=32, default=PURPOSE_ACCESS)
    fee_minor = models.BigIntegerField()
    discount_minor = models.BigIntegerField(default=0)
    amount_minor = models.BigIntegerField(help_text="What the card was charged, in minor units.")
    currency = models.CharField(max_length=3)
    promo_code = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=STATUS_CHOICES, default=STATUS_PENDING)
    failure_message = models.CharField(max_length=255, blank=True)
    refunded_minor = models.BigIntegerField(default=0)
    refund_id = models.CharField(max_length=255, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["usage_key", "user_key"], name="fee_training_pay_block_user")]

    def __str__(self):
        return f"{self.payment_intent_id} {self.amount_minor} {self.currency} ({self.status})"

    @property
    def reference(self):
        """The receipt reference a learner quotes to support (the PaymentIntent id)."""
        return self.payment_intent_id


class WebhookEvent(models.Model):
    """A Stripe webhook event we accepted; the unique id makes redelivery a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=255, blank=True, help_text="What processing the event changed.")

    def __str__(self):
        return f"{self.event_id} {self.event_type}"
