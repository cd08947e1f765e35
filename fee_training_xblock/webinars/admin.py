"""Django admin pages of webinars: rooms (without their password hash) and personal links (without tokens)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy, ngettext

from fee_training_xblock.webinars.models import Webinar, WebinarLink


@admin.action(description=gettext_lazy("Revoke the selected personal links"))
def revoke_links(modeladmin, request, queryset):
    """Admin action: the links admit no one any more (admissions already given stay; revoke them in the ledger)."""
    changed = queryset.revoke(f"revoked in Django admin by {request.user.pk}")
    modeladmin.message_user(request, ngettext("{count} personal link revoked.", "{count} personal links revoked.",
                                              changed).format(count=changed))


@admin.register(Webinar)
class WebinarAdmin(admin.ModelAdmin):
    """Each webinar block's room: schedule copy and whether a room password is set (never the hash)."""

    list_display = ("title", "course_key", "starts_at", "duration_minutes", "time_zone", "password_required",
                    "sharing_allowed", "has_fee", "password_is_set")
    search_fields = ("title", "course_key", "usage_key")
    exclude = ("password_hash",)
    readonly_fields = ("usage_key", "course_key", "title", "starts_at", "duration_minutes", "time_zone", "join_url",
                       "password_required", "sharing_allowed", "has_fee", "signature", "password_set_at",
                       "password_set_by", "updated_at")

    @admin.display(boolean=True, description=gettext_lazy("Room password set"))
    def password_is_set(self, obj):
        """Whether staff set a room password (the hash itself is not shown)."""
        return obj.password_set

    def has_add_permission(self, request):
        """Rooms are created by their block."""
        return False


@admin.register(WebinarLink)
class WebinarLinkAdmin(admin.ModelAdmin):
    """Personal links: participant, kind, who claimed them, invitation state; revoke in bulk."""

    list_display = ("participant_name", "participant_email", "webinar", "kind", "claimed_by", "claimed_at",
                    "expires_at", "revoked_at", "invitation_status", "invitation_sent_at")
    list_filter = ("kind", "invitation_status")
    search_fields = ("participant_name", "participant_email", "claimed_by", "webinar__title", "reference")
    exclude = ("token_hash",)
    readonly_fields = ("webinar", "kind", "reference", "token_issued_at", "created_at", "created_by", "claimed_by",
                       "claimed_at", "revoked_at", "revoke_reason", "reissued_from", "invitation_status",
                       "invitation_job", "invitation_queued_at", "invitation_sent_at", "invitation_error",
                       "invitation_attempts")
    raw_id_fields = ("webinar",)
    actions = [revoke_links]

    def has_add_permission(self, request):
        """Links are generated from the block's staff tools (tokens are shown once there)."""
        return False
