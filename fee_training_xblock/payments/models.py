"""Payment tables: one row per payment attempt (a Stripe PaymentIntent or a PayPal order) and one per webhook event.

Amounts are integer minor units. A payment records who pays (`payer_key`), what is
bought (`product_type`, `product_id`, registered in core.products) and where it was
sold (`course_key`, `usage_key`). Every status change is a method of PaymentQuerySet
or Payment, so the rules of the ledger read in one place.
"""
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fee_training_xblock.core.prepared import PreparedWrite


class PaymentQuerySet(models.QuerySet):
    """Queries of the payment ledger."""

    def paid_for(self, usage_key, payer_key):
        """Paid (not refunded) payments of a payer sold in one block, newest first."""
        return self.filter(usage_key=str(usage_key), payer_key=str(payer_key), status=Payment.STATUS_PAID).order_by(
            "-paid_at", "-id")

    def note_failure(self, payment_intent_id, message):
        """Record why a card failed on a still-pending attempt; returns True if one was pending."""
        return bool(self.filter(payment_intent_id=payment_intent_id, status=Payment.STATUS_PENDING).update(
            failure_message=message[:255], updated=timezone.now()))

    def forget_payer_email(self):
        """Erase the receipt addresses of these payments (the payer retired); returns how many changed."""
        return self.exclude(payer_email="").update(payer_email="")

    def receipts_due(self, paid_after, paid_before):
        """Paid payments with an address whose receipt never went out, paid between the two moments (oldest first)."""
        return self.filter(status=Payment.STATUS_PAID, receipt_sent_at=None, paid_at__gt=paid_after,
                           paid_at__lte=paid_before).exclude(payer_email="").order_by("paid_at", "id")

    def close_pending(self, pk, status, message=""):
        """Settle a pending attempt as `status` and free its checkout slot; returns True if it was pending."""
        return bool(self.filter(pk=pk, status=Payment.STATUS_PENDING).update(
            status=status, failure_message=message[:255], open_checkout=None, updated=timezone.now()))


class Payment(models.Model):
    """One payment attempt (a Stripe PaymentIntent or a PayPal order) by one payer for one product.

    `method` says how the payer pays (card through Stripe, or PayPal); the provider's id of
    the attempt is `payment_intent_id` (for PayPal, the order id) and, for PayPal, the
    capture that took the money is `capture_id`.

    `status` follows our ledger, not Stripe's wording: pending until verified, then
    paid, failed or refunded (in full; partial refunds only raise `refunded_minor`).

    .. pii: `payer_email` (where the receipt was sent) and `payer_key` (LMS user id). Retirement erases
       the email (payments/retirement.py); the id, amounts and dates stay for accounting.
    .. pii_types: email_address, id
    .. pii_retirement: local_api
    """

    STATUS_PENDING = "pending"
    STATUS_PAID = "paid"
    STATUS_FAILED = "failed"
    STATUS_REFUNDED = "refunded"
    METHOD_CARD = "card"
    METHOD_PAYPAL = "paypal"
    METHOD_CHOICES = [(METHOD_CARD, _("Card (Stripe)")), (METHOD_PAYPAL, _("PayPal"))]
    STATUS_CHOICES = [
        (STATUS_PENDING, _("Waiting for the payment")),
        (STATUS_PAID, _("Paid")),
        (STATUS_FAILED, _("Failed")),
        (STATUS_REFUNDED, _("Refunded")),
    ]

    payer_key = models.CharField(_("payer key"), max_length=255,
                                 help_text=_("LMS user id of the payer (workbench: student id)."))
    payer_email = models.CharField(_("payer email"), max_length=254, blank=True,
                                   help_text=_("Where the receipt was sent."))
    product_type = models.CharField(_("product type"), max_length=32,
                                    help_text=_("What was bought: a type registered in core.products."))
    product_id = models.CharField(_("product id"), max_length=255,
                                  help_text=_("Which one of that type (e.g. a usage key, a profile id)."))
    course_key = models.CharField(_("course key"), max_length=255, db_index=True,
                                  help_text=_("The course it was sold in."))
    usage_key = models.CharField(_("usage key"), max_length=255, help_text=_("The block it was sold in."))
    title = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("What was bought, as the payer saw it."))
    method = models.CharField(_("method"), max_length=16, choices=METHOD_CHOICES, default=METHOD_CARD,
                              help_text=_("How the payer pays: card (Stripe) or PayPal."))
    payment_intent_id = models.CharField(
        _("payment intent id"), max_length=255, unique=True,
        help_text=_("The provider id of the attempt: Stripe PaymentIntent or PayPal order."))
    capture_id = models.CharField(_("capture id"), max_length=255, blank=True, db_index=True,
                                  help_text=_("PayPal: the capture that took the money (the buyer's transaction id)."))
    # Set while pending and while paid: one checkout per payer, block and product, so two
    # tabs share one PaymentIntent (or PayPal order) instead of charging twice, and a tab that
    # arrives after the payment finds it. Cleared when an attempt fails or is refunded (or the
    # product may be bought again).
    open_checkout = models.CharField(_("open checkout"), max_length=255, null=True, blank=True, unique=True)
    fee_minor = models.BigIntegerField(_("fee minor"))
    discount_minor = models.BigIntegerField(_("discount minor"), default=0)
    amount_minor = models.BigIntegerField(_("amount minor"), help_text=_("What the card was charged, in minor units."))
    currency = models.CharField(_("currency"), max_length=3)
    promo_code = models.CharField(_("promo code"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_PENDING)
    failure_message = models.CharField(_("failure message"), max_length=255, blank=True)
    refunded_minor = models.BigIntegerField(_("refunded minor"), default=0)
    refund_id = models.CharField(_("refund id"), max_length=255, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [
            models.Index(fields=["usage_key", "payer_key"], name="fee_training_pay_block_user"),
            models.Index(fields=["product_type", "product_id"], name="fee_training_pay_product"),
            # fee_training_send_receipts runs on a schedule: it must not read the whole ledger each time
            models.Index(fields=["status", "receipt_sent_at", "paid_at"], name="fee_training_pay_receipt_due"),
        ]

    def __str__(self):
        return f"{self.payment_intent_id} {self.amount_minor} {self.currency} ({self.status})"

    @property
    def reference(self):
        """The receipt reference a payer quotes to support: the PaymentIntent id, or PayPal's transaction id."""
        return self.capture_id or self.payment_intent_id

    def record_capture(self, capture_id):
        """Remember the PayPal capture that took (or is taking) the money for this attempt."""
        if capture_id and capture_id != self.capture_id:
            Payment.objects.filter(pk=self.pk).update(capture_id=capture_id[:255], updated=timezone.now())
            self.capture_id = capture_id[:255]

    def mark_paid(self, now=None):
        """Record a verified payment as paid (the row is locked by the caller); its receipt goes out after the commit.

        The payment keeps its checkout slot: while it stands, a late tab finds it and is
        refused instead of opening (and charging) a second checkout. The slot is freed
        by a refund, or by `release_slot` when the product allows buying it again.
        """
        self.status, self.paid_at, self.failure_message = self.STATUS_PAID, now or timezone.now(), ""
        self.updated = timezone.now()
        _PAID.run(self.status, self.paid_at, "", self.updated, pk=self.pk)

    def record_receipt_sent(self, now=None):
        """Record that the receipt was emailed (after the fulfilment committed; the first record stands)."""
        self.receipt_sent_at = now or timezone.now()
        Payment.objects.filter(pk=self.pk, receipt_sent_at=None).update(receipt_sent_at=self.receipt_sent_at)

    def release_slot(self):
        """Free the checkout slot a paid payment keeps, so the payer may buy the same product again."""
        Payment.objects.filter(pk=self.pk, status=Payment.STATUS_PAID).update(open_checkout=None,
                                                                               updated=timezone.now())
        self.open_checkout = None

    def mark_refunded(self, amount_minor, refund_id, message=""):
        """Record a full refund (the row is locked by the caller)."""
        self.status, self.refunded_minor, self.refund_id = self.STATUS_REFUNDED, amount_minor, refund_id
        self.open_checkout = None
        fields = ["status", "refunded_minor", "refund_id", "open_checkout", "updated"]
        if message:
            self.failure_message = message[:255]
            fields.append("failure_message")
        self.save(update_fields=fields)

    def record_partial_refund(self, refunded_minor):
        """Record what Stripe refunded in total so far (never less than already recorded: events come in any order)."""
        changed = Payment.objects.filter(pk=self.pk, refunded_minor__lt=refunded_minor).update(
            refunded_minor=refunded_minor, updated=timezone.now())
        if changed:
            self.refunded_minor = refunded_minor
        return bool(changed)


class WebhookEventQuerySet(models.QuerySet):
    """State changes of webhook audit rows."""

    def receive(self, provider, event_id, event_type, object_id="", livemode=False):
        """The audit row of an incoming event, created on first delivery; None when it was already processed.

        A redelivery of an event that failed counts an attempt and returns its row, so it runs again.
        """
        try:
            with transaction.atomic():
                return self.create(provider=provider, event_id=event_id[:255], event_type=event_type[:100],
                                   object_id=object_id[:255], livemode=livemode, outcome="received")
        except IntegrityError:
            row = self.get(event_id=event_id[:255])
            if row.status == WebhookEvent.STATUS_PROCESSED:
                return None
            self.count_attempt(row.pk)
            return row

    def status_of(self, event_id):
        """The status of an event's audit row (processed, failed), or None when it never arrived."""
        return self.filter(event_id=event_id[:255]).values_list("status", flat=True).first()

    def record_processed(self, delivery, outcome):
        """Record what a delivery changed, in the delivery's transaction: one INSERT, or one UPDATE after a failure.

        An INSERT that meets a row written meanwhile raises IntegrityError (the caller
        then finds the concurrent delivery's outcome); a processed row is never rewritten.
        """
        if delivery.status == WebhookEvent.STATUS_FAILED:
            return bool(self.filter(event_id=delivery.event_id, status=WebhookEvent.STATUS_FAILED).update(
                status=WebhookEvent.STATUS_PROCESSED, outcome=outcome[:255], error="",
                attempts=models.F("attempts") + 1))
        _NEW_EVENT.run(delivery.provider, delivery.event_id, delivery.event_type, delivery.object_id, delivery.livemode,
                       timezone.now(), WebhookEvent.STATUS_PROCESSED, outcome[:255], "", 1)
        return True

    def record_outside(self, delivery, status, outcome, error=""):
        """Keep a delivery's row as `status` (failed; processed when it can never apply) after its rollback.

        A row left by an earlier failure counts one more attempt; a processed row stays as it is.
        """
        try:
            with transaction.atomic():
                self.create(provider=delivery.provider, event_id=delivery.event_id, event_type=delivery.event_type,
                            object_id=delivery.object_id, livemode=delivery.livemode, status=status,
                            outcome=outcome[:255], error=error)
        except IntegrityError:
            self.filter(event_id=delivery.event_id).exclude(status=WebhookEvent.STATUS_PROCESSED).update(
                status=status, outcome=outcome[:255], error=error, attempts=models.F("attempts") + 1)

    def count_attempt(self, pk):
        """The provider delivered a failed event again."""
        self.filter(pk=pk).update(attempts=models.F("attempts") + 1)

    def mark_failed(self, pk, error):
        """Processing failed: keep the error; the event runs again when the provider retries."""
        self.filter(pk=pk).update(status=WebhookEvent.STATUS_FAILED, outcome="failed", error=error)

    def mark_processed(self, pk, outcome):
        """Processing changed what `outcome` says."""
        self.filter(pk=pk).update(status=WebhookEvent.STATUS_PROCESSED, outcome=outcome[:255], error="")


class WebhookEvent(models.Model):
    """A webhook event from Stripe or PayPal: the audit row of what it changed or why it failed.

    The unique id makes a redelivery of a processed event a no-op; a failed event
    keeps its row (status `failed`, the error) and is processed again when Stripe retries.

    .. no_pii: Stripe event and object ids, and what processing changed.
    """

    STATUS_PROCESSED = "processed"
    STATUS_FAILED = "failed"
    STATUS_CHOICES = [(STATUS_PROCESSED, _("Processed")), (STATUS_FAILED, _("Failed (will be retried)"))]

    PROVIDER_CHOICES = [("stripe", _("Stripe")), ("paypal", _("PayPal"))]

    provider = models.CharField(_("provider"), max_length=16, choices=PROVIDER_CHOICES, default="stripe")
    event_id = models.CharField(_("event id"), max_length=255, unique=True)
    event_type = models.CharField(_("event type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=255, blank=True, db_index=True)
    livemode = models.BooleanField(_("livemode"), default=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_PROCESSED)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True,
                               help_text=_("What processing the event changed."))
    error = models.TextField(_("error"), blank=True, help_text=_("Why processing failed, when it did."))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)

    objects = WebhookEventQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self):
        return f"{self.event_id} {self.event_type}"


# Every payment's hottest writes (marked paid, the webhook's audit row): SQL written once, not compiled per call.
_PAID = PreparedWrite(Payment, ("status", "paid_at", "failure_message", "updated"), update=True)
_NEW_EVENT = PreparedWrite(WebhookEvent, ("provider", "event_id", "event_type", "object_id", "livemode", "received_at",
                                          "status", "outcome", "error", "attempts"))
