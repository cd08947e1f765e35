"""Use cases between the XBlock glue and the domain/ledger: quote, grant, revoke, check access.

Each function takes plain values (keys, ids, domain objects), never an XBlock,
so the same rules serve the block, Django views, admin actions and filters.
"""
import logging
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fee_training_xblock.core.domain.errors import AccessError
from fee_training_xblock.data import BlockRef  # noqa: F401  (re-exported for old callers during the move)
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.models import AccessGrant

log = logging.getLogger(__name__)




def quote(block_settings):
    """The block's full price (no promo code), computed on the server."""
    return make_quote(block_settings.fee)


def quote_for_learner(block_settings, ref, user_key, promo_code=None):
    """The price this learner pays for the block, with `promo_code` applied (computed on the server).

    Raises a PromoError (domain/promo.py) saying why a code cannot be used;
    wrong codes count towards the learner's rate limit.
    """
    if not (promo_code or "").strip():
        return quote(block_settings)
    from fee_training_xblock.promos import redemptions as promos  # pylint: disable=import-outside-toplevel  # promos builds on this module
    return promos.lookup_and_quote(block_settings, ref, user_key, promo_code)


def active_grant(usage_key, user_key, now=None):
    """The learner's active AccessGrant for the block, or None (one indexed query)."""
    now = now or timezone.now()
    return (
        AccessGrant.objects.filter(usage_key=str(usage_key), user_key=str(user_key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )


def has_access(usage_key, user_key, now=None):
    """May this learner see the content gated by this block? Usable from outside the block."""
    return active_grant(usage_key, user_key, now) is not None


def grant_access(ref, user_key, via, reference="", expires_at=None):
    """Give a learner access to a block's content; idempotent, re-opens a revoked grant.

    Returns the AccessGrant row. Runs in a transaction with the row locked, so
    two concurrent grants for the same learner and block make one row.
    """
    if via not in dict(AccessGrant.VIA_CHOICES):
        raise ValueError(f"unknown grant source {via!r}")
    with transaction.atomic():
        grant, created = AccessGrant.objects.select_for_update().get_or_create(
            usage_key=str(ref.usage_key), user_key=str(user_key),
            defaults={"course_key": str(ref.course_key), "via": via, "reference": reference, "expires_at": expires_at},
        )
        if not created and not grant.is_active():
            grant.via, grant.reference, grant.expires_at = via, reference, expires_at
            grant.granted_at, grant.revoked_at, grant.revoke_reason = timezone.now(), None, ""
            grant.save()
    log.info("Access to %s for user %s via %s (%s)", ref.usage_key, user_key, via, "new" if created else "existing")
    return grant


def revoke_access(usage_key, user_key, reason):
    """Take a learner's access away (refund, staff decision). Returns True if something changed."""
    changed = AccessGrant.objects.filter(
        usage_key=str(usage_key), user_key=str(user_key), revoked_at__isnull=True,
    ).update(revoked_at=timezone.now(), revoke_reason=reason[:255])
    if changed:
        log.info("Access to %s revoked for user %s: %s", usage_key, user_key, reason)
    return bool(changed)


def count_active_grants(usage_key):
    """How many learners currently have access to a block's content."""
    now = timezone.now()
    return (
        AccessGrant.objects.filter(usage_key=str(usage_key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .count()
    )


def find_learner_key(identifier, allow_raw=False):
    """The user key for a username, email or numeric id typed by staff.

    `allow_raw` accepts unknown identifiers as-is (the workbench, whose
    learners are not Django users). Raises AccessError naming what to fix.
    """
    text = (identifier or "").strip()
    if not text:
        raise AccessError("Enter the learner's username or email.", field="learner")
    users = get_user_model().objects
    match = users.filter(Q(username=text) | Q(email__iexact=text)).values_list("pk", flat=True)[:2]
    found = list(match)
    if len(found) == 1:
        return str(found[0])
    if text.isdigit() and users.filter(pk=int(text)).exists():
        return text
    if allow_raw:
        return text
    raise AccessError("No learner with username or email '{value}' was found.", field="learner", value=text)


def granted_usage_keys(course_key, user_key, now=None):
    """The usage keys of every block in the course whose content this learner may see (one indexed query)."""
    now = now or timezone.now()
    return set(
        AccessGrant.objects.filter(course_key=str(course_key), user_key=str(user_key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values_list("usage_key", flat=True)
    )
