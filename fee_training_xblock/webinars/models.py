"""Tables of paid webinars: the room of each webinar block and the personal links of its participants.

No secret is stored in clear: the room password is a salted PBKDF2 hash and each
link token a SHA-256 hash (webinars.domain). Every change of a row's state is one
method here.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Webinar(models.Model):
    """The room of one webinar block: a copy of the author's schedule and the hashed room password.

    The schedule lives in the block's settings; this copy lets the invitation emails,
    the payment webhook and the personal-link page work without a block runtime. It
    is refreshed whenever the block is shown or staff act on it.

    .. pii: `password_set_by` is the LMS user id of the staff member who set the room password.
    .. pii_types: id
    .. pii_retirement: retained
    """

    usage_key = models.CharField(_("usage key"), max_length=255, unique=True)
    course_key = models.CharField(_("course key"), max_length=255, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration minutes"), default=60)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    join_url = models.CharField(_("join url"), max_length=1000, blank=True)
    password_required = models.BooleanField(_("password required"), default=False)
    sharing_allowed = models.BooleanField(_("sharing allowed"), default=True)
    has_fee = models.BooleanField(_("has fee"), default=False)
    signature = models.TextField(_("signature"), blank=True,
                                 help_text=_("Signature under invitations (the author's, else the site's)."))
    password_hash = models.CharField(_("password hash"), max_length=255, blank=True,
                                     help_text=_("PBKDF2 hash; the password is not kept."))
    password_set_at = models.DateTimeField(_("password set at"), null=True, blank=True)
    password_set_by = models.CharField(_("password set by"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")

    def __str__(self):
        return f"{self.title} ({self.usage_key})"

    @property
    def password_set(self):
        """True once staff have set a room password."""
        return bool(self.password_hash)

    def apply_copy(self, values):
        """Take the author's current settings (a dict of field values); save and return the changed names."""
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        if changed:
            self.save(update_fields=[*changed, "updated_at"])
        return changed

    def set_password(self, encoded, by, now=None):
        """Store a new room password hash (saved)."""
        self.password_hash, self.password_set_by = encoded, str(by)
        self.password_set_at = now or timezone.now()
        self.save(update_fields=["password_hash", "password_set_by", "password_set_at", "updated_at"])

    def clear_password(self, by, now=None):
        """Remove the room password (saved)."""
        self.set_password("", by, now)


class WebinarLinkQuerySet(models.QuerySet):
    """Queries and state changes of personal links."""

    def anonymise(self):
        """Erase participant names and emails (the user retired); returns how many links changed."""
        return self.exclude(participant_name="", participant_email="").update(participant_name="",
                                                                              participant_email="")

    def usable(self, now=None):
        """Links neither revoked nor expired at `now`."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def held_by(self, webinar, user_key, now=None):
        """The usable links of a webinar claimed by this learner."""
        return self.filter(webinar=webinar, claimed_by=str(user_key)).usable(now)

    def claim(self, pk, user_key, now=None):
        """Claim an unclaimed usable link for `user_key` (one conditional UPDATE: at most one account wins)."""
        now = now or timezone.now()
        return self.filter(pk=pk, claimed_by="").usable(now).update(claimed_by=str(user_key), claimed_at=now)

    def revoke(self, reason, now=None):
        """Revoke every unrevoked link in this query; returns how many changed."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now(),
                                                           revoke_reason=str(reason)[:255])

    def queue_invitations(self, job, now=None):
        """Mark these links' invitations as queued under `job` (the worker sends them)."""
        return self.update(invitation_status=WebinarLink.INVITE_QUEUED, invitation_job=job,
                           invitation_queued_at=now or timezone.now(), invitation_error="")

    def take_for_sending(self, pk, job):
        """Move one queued invitation of `job` to 'sending'; 1 when this caller may send it, 0 otherwise."""
        return self.filter(pk=pk, invitation_job=job, invitation_status=WebinarLink.INVITE_QUEUED).update(
            invitation_status=WebinarLink.INVITE_SENDING)


class WebinarLink(models.Model):
    """A personal link: one participant's way into a webinar, usable by exactly one account.

    The first account that opens it claims it (`claimed_by`); any other account is
    refused. `token_hash` is the SHA-256 of the current token (NULL before one is
    issued); sending an invitation issues a new token, so the newest email works.
    `kind` says where the participant came from: invited by staff, paid here
    (`reference` = the PaymentIntent), or paid elsewhere (`reference` = staff's note).

    .. pii: participant name and email typed by staff, and `claimed_by`, an LMS user id. Retirement
       erases the name and email (webinars/retirement.py); the id stays as the record of who was let in.
    .. pii_types: name, email_address, id
    .. pii_retirement: local_api
    """

    KIND_INVITED = "invited"
    KIND_PAID = "paid"
    KIND_PAID_ELSEWHERE = "paid_elsewhere"
    KIND_CHOICES = [(KIND_INVITED, _("Invited by staff")), (KIND_PAID, _("Paid here")),
                    (KIND_PAID_ELSEWHERE, _("Paid elsewhere (added by staff)"))]

    INVITE_NOT_SENT = "not_sent"
    INVITE_QUEUED = "queued"
    INVITE_SENDING = "sending"
    INVITE_SENT = "sent"
    INVITE_FAILED = "failed"
    INVITE_CHOICES = [(INVITE_NOT_SENT, _("Not sent")), (INVITE_QUEUED, _("Queued")), (INVITE_SENDING, _("Sending")),
                      (INVITE_SENT, _("Sent")), (INVITE_FAILED, _("Failed"))]

    webinar = models.ForeignKey(Webinar, verbose_name=_("webinar"), on_delete=models.CASCADE, related_name="links")
    participant_name = models.CharField(_("participant name"), max_length=200, blank=True)
    participant_email = models.CharField(_("participant email"), max_length=254, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default=KIND_INVITED)
    reference = models.CharField(_("reference"), max_length=255, blank=True,
                                 help_text=_("PaymentIntent, or staff's note."))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, null=True, blank=True)
    token_issued_at = models.DateTimeField(_("token issued at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.CharField(_("created by"), max_length=255, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("revoke reason"), max_length=255, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=255, blank=True,
                                  help_text=_("LMS user id (workbench: student id)."))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    reissued_from = models.ForeignKey("self", verbose_name=_("reissued from"), null=True, blank=True,
                                      on_delete=models.SET_NULL,
                                      related_name="reissues")
    invitation_status = models.CharField(_("invitation status"), max_length=12, choices=INVITE_CHOICES,
                                         default=INVITE_NOT_SENT)
    invitation_job = models.CharField(_("invitation job"), max_length=32, blank=True)
    invitation_queued_at = models.DateTimeField(_("invitation queued at"), null=True, blank=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    invitation_error = models.CharField(_("invitation error"), max_length=255, blank=True)
    invitation_attempts = models.PositiveIntegerField(_("invitation attempts"), default=0)

    objects = WebinarLinkQuerySet.as_manager()

    class Meta:
        app_label = "fee_training_xblock"
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")
        indexes = [
            models.Index(fields=["webinar", "participant_email"], name="fee_training_link_email"),
            models.Index(fields=["webinar", "claimed_by"], name="fee_training_link_holder"),
            models.Index(fields=["invitation_job", "invitation_status"], name="fee_training_link_job"),
        ]

    def __str__(self):
        return f"{self.participant_name or self.participant_email or self.pk} → {self.webinar_id}"

    def is_expired(self, now=None):
        """True once the optional expiry has passed."""
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_usable(self, now=None):
        """Neither revoked nor expired."""
        return self.revoked_at is None and not self.is_expired(now)

    def set_token(self, hashed, now=None):
        """Make `hashed` the link's current token (an earlier token stops working); saved."""
        self.token_hash, self.token_issued_at = hashed, now or timezone.now()
        self.save(update_fields=["token_hash", "token_issued_at"])

    def mark_invitation_sent(self, now=None):
        """The invitation email was handed to the mail server."""
        self.invitation_status, self.invitation_error = self.INVITE_SENT, ""
        self.invitation_sent_at, self.invitation_attempts = now or timezone.now(), self.invitation_attempts + 1
        self.save(update_fields=["invitation_status", "invitation_error", "invitation_sent_at", "invitation_attempts"])

    def mark_invitation_failed(self, error):
        """The invitation could not be sent; `error` says why (shown to staff)."""
        self.invitation_status, self.invitation_error = self.INVITE_FAILED, str(error)[:255]
        self.invitation_attempts += 1
        self.save(update_fields=["invitation_status", "invitation_error", "invitation_attempts"])
