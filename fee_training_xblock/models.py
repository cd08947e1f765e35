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


class PromoCode(models.Model):
    """A discount code staff hand out: percent or fixed amount, limits, validity window and scope.

    `code` is stored normalised (upper case, no spaces or dashes) and is unique
    across the site, so a code a learner types finds at most one row through
    the unique index, however many codes exist.
    """

    KIND_CHOICES = [("percent", "Percent off"), ("amount", "Fixed amount off")]
    SCOPE_CHOICES = [("block", "This block"), ("course", "The whole course"), ("organization", "The whole organization")]

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

    class Meta:
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


class PromoRedemption(models.Model):
    """One learner's use of a promo code for one block: held while paying, then confirmed or released.

    A hold counts against the code's limit until `held_until`, so an abandoned
    payment frees its slot by itself. `learner_slot` is the user key while the
    row is held or confirmed for a once-per-learner code and NULL otherwise:
    the unique (promo, learner_slot) index then allows one live use per learner
    on MySQL/MariaDB too, which have no partial unique indexes (NULLs never clash).
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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["promo", "learner_slot"], name="fee_training_promo_once_per_learner"),
        ]
        indexes = [
            models.Index(fields=["promo", "status", "held_until"], name="fee_training_redemption_count"),
            models.Index(fields=["user_key", "usage_key", "status"], name="fee_training_redemption_user"),
        ]

    def __str__(self):
        return f"{self.promo_id}:{self.user_key} ({self.status})"


class SubscriptionProfile(models.Model):
    """The template of a subscription: which organization it bills, its courses, duration and price.

    `price_minor` is billed for every course assignment (in `currency`'s minor units)
    unless the course's ProfileCourse row overrides it.
    """

    name = models.CharField(max_length=200, unique=True)
    organization = models.CharField(max_length=255, help_text="The organization billed (e.g. the course key's org).")
    duration_days = models.PositiveIntegerField(help_text="How long each subscription made from this profile lasts.")
    price_minor = models.PositiveIntegerField(help_text="Price per course assignment, in minor units (cents; yen for JPY).")
    currency = models.CharField(max_length=3, default="USD")
    active = models.BooleanField(default=True, help_text="Inactive profiles can no longer be sold or imported.")
    sale_price_minor = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="What a learner pays by card to buy this subscription in a subscription block of one of its "
                  "courses (minor units, profile currency). Empty: not sold to learners.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.name} ({self.organization}, {self.duration_days} days)"


class ProfileCourse(models.Model):
    """A course covered by a subscription profile, with an optional price override."""

    profile = models.ForeignKey(SubscriptionProfile, on_delete=models.CASCADE, related_name="courses")
    course_key = models.CharField(max_length=255)
    price_minor_override = models.PositiveIntegerField(
        null=True, blank=True, help_text="Price per assignment for this course (minor units); empty: the profile's price.",
    )

    class Meta:
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


class Subscription(models.Model):
    """A profile assigned to one learner from `starts_at` until `ends_at` (exclusive)."""

    SOURCE_STAFF = "staff"
    SOURCE_IMPORT = "import"
    SOURCE_PURCHASE = "purchase"
    SOURCE_CHOICES = [
        (SOURCE_STAFF, "Created by staff"),
        (SOURCE_IMPORT, "CSV import"),
        (SOURCE_PURCHASE, "Bought by the learner"),
    ]

    profile = models.ForeignKey(SubscriptionProfile, on_delete=models.PROTECT, related_name="subscriptions")
    user_key = models.CharField(max_length=255, help_text="LMS user id (workbench: student id).")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(help_text="Start plus the profile's duration when created.")
    source = models.CharField(max_length=16, choices=SOURCE_CHOICES, default=SOURCE_STAFF)
    payment_reference = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # An import run twice (or a retried purchase) must not create a second subscription.
            models.UniqueConstraint(fields=["profile", "user_key", "starts_at"], name="fee_training_one_sub_per_start"),
        ]
        indexes = [models.Index(fields=["user_key", "ends_at"], name="fee_training_sub_user_end")]

    def __str__(self):
        return f"{self.user_key}: {self.profile.name} from {self.starts_at:%Y-%m-%d}"


class CourseAssignment(models.Model):
    """The billing ledger: one row per course assignment, the billable event.

    `sequence` numbers a learner's assignments in a course (1, 2, ...); the unique
    (user_key, course_key, sequence) rule makes a double click, two tabs or a retried
    request create one assignment, on every database (no partial index needed).
    Price, currency and organization are copied from the profile when the row is
    created, so later profile edits never change past invoices.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="assignments")
    profile = models.ForeignKey(SubscriptionProfile, on_delete=models.PROTECT, related_name="assignments")
    organization = models.CharField(max_length=255)
    user_key = models.CharField(max_length=255)
    course_key = models.CharField(max_length=255)
    usage_key = models.CharField(max_length=255, help_text="The block where the course was started.")
    sequence = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    billing_month = models.CharField(max_length=7, help_text="YYYY-MM in the billing time zone in force at creation.")
    price_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user_key", "course_key", "sequence"], name="fee_training_one_assignment_seq"),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="fee_training_assign_created"),
            models.Index(fields=["organization", "created_at"], name="fee_training_assign_org_time"),
            models.Index(fields=["course_key", "created_at"], name="fee_training_assign_crs_time"),
        ]

    def __str__(self):
        return f"{self.user_key} #{self.sequence} {self.course_key} ({self.billing_month})"
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
