"""Use cases of the entitlement ledger: check, grant and revoke a learner's access to a block's content.

Each function takes plain values (keys, BlockRef), never an XBlock, so the block,
Django views, admin actions, the LMS gate and other plugins (through api.py)
share one set of rules.
"""
import logging

from django.db import transaction
from django.db.models import Exists, Subquery
from django.utils import timezone

from fee_training_xblock.core import signals
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.core.prepared import PreparedQuery

log = logging.getLogger(__name__)


def _announce(course_key, usage_key, user_key):
    """Send access_changed once the change is committed (the LMS then refreshes caches and grades)."""
    transaction.on_commit(lambda: signals.access_changed.send(
        sender=AccessGrant, course_key=str(course_key), usage_key=str(usage_key), user_key=str(user_key)))


def grant_row(usage_key, user_key, columns=None):
    """The learner's grant row for the block, live or not (revoked, expired), or None: one indexed query.

    `columns` ({name: expression}) adds what a capability needs to know about the
    grant to the same query, e.g. the receipt of the payment behind it, so a view
    of a learner costs one round trip whatever their state.
    """
    # At most one row per block and learner (unique): read it by the unique key, with SQL compiled once per
    # process (compiling it with the ORM on every view cost as much as the rest of the view).
    names = tuple(columns or ())
    if names not in _GRANT_QUERIES:
        _GRANT_QUERIES[names] = PreparedQuery(AccessGrant, lambda usage, user: AccessGrant.objects.of(
            usage, user).annotate(**(columns or {})), arity=2)
    return _GRANT_QUERIES[names].first(str(usage_key), str(user_key))


def active_grant(usage_key, user_key, now=None, columns=None):
    """The learner's active AccessGrant for the block, or None (one indexed query; `columns` as in grant_row)."""
    grant = grant_row(usage_key, user_key, columns)
    return grant if grant is not None and grant.is_active(now) else None


# Prepared grant queries by the names of their extra columns: the same names always mean the same columns.
_GRANT_QUERIES = {}


def has_access(usage_key, user_key, now=None):
    """May this learner see the content gated by this block?"""
    return AccessGrant.objects.of(usage_key, user_key).live(now).exists()


def granted_usage_keys(course_key, user_key, now=None):
    """The usage keys of every block in the course whose content this learner may see (one indexed query)."""
    rows = AccessGrant.objects.filter(course_key=str(course_key), user_key=str(user_key)).live(now)
    return set(rows.values_list("usage_key", flat=True))


def grant_access(ref, user_key, via, reference="", expires_at=None, check=None):
    """Give a learner access to a block's content; idempotent, re-opens a revoked grant.

    Returns the AccessGrant row. Runs in a transaction with the row locked, so
    two concurrent grants for the same learner and block make one row. `check(row)`
    sees the learner's existing row while it is locked and may raise to refuse the
    grant (nothing changes): a rule about how the access ended (e.g. staff revoked
    it) then holds against a revocation made while the caller was busy.
    """
    if via not in dict(AccessGrant.VIA_CHOICES):
        raise ValueError(f"unknown grant source {via!r}")
    with transaction.atomic():
        grant, created = AccessGrant.objects.select_for_update().get_or_create(
            usage_key=str(ref.usage_key), user_key=str(user_key),
            defaults={"course_key": str(ref.course_key), "via": via, "reference": reference, "expires_at": expires_at},
        )
        if check is not None and not created:
            check(grant)
        changed = created or not grant.is_active()
        if not created and changed:
            grant.reopen(via, reference, expires_at)
        if changed:
            _announce(ref.course_key, ref.usage_key, user_key)
    log.info("Access to %s for user %s via %s (%s)", ref.usage_key, user_key, via, "new" if created else "existing")
    return grant


def grant_state_columns(usage_key, user_key, now):
    """Columns a caller adds to its own query to learn a learner's grant row with it: its id and whether it is live.

    `usage_key` and `user_key` are expressions (e.g. OuterRef("product_id")): the payment
    core reads them with the payment row it locks, so a fulfilment needs no read of its own.
    """
    row = AccessGrant.objects.filter(usage_key=usage_key, user_key=user_key)
    return {"ledger_grant_id": Subquery(row.values("pk")[:1]), "ledger_grant_live": Exists(row.live(now))}


def known_grant(row):
    """(grant id or None, live) read with `row` through grant_state_columns, or None when it was not."""
    if not hasattr(row, "ledger_grant_id"):
        return None
    return row.ledger_grant_id, bool(row.ledger_grant_live)


def grant_known(ref, user_key, via, reference, known, expires_at=None):
    """Give access when the caller already read the learner's grant row (`known`, from known_grant): one write.

    For use under a lock the caller holds in its transaction (the payment row): a new
    row is one INSERT, an ended one one UPDATE, a live one stays as it is. A grant made
    meanwhile by someone else makes the INSERT fail and the caller's transaction with it
    (it is retried), never a second row.
    """
    if via not in dict(AccessGrant.VIA_CHOICES):
        raise ValueError(f"unknown grant source {via!r}")
    grant_id, live = known
    if live:
        return
    now = timezone.now()
    if grant_id is None:
        AccessGrant.objects.add(ref.course_key, ref.usage_key, user_key, via, reference, expires_at, now)
    elif not AccessGrant.objects.filter(pk=grant_id).reopen(via, reference, expires_at, now):
        return  # it became live meanwhile (under the same rules): nothing changed
    _announce(ref.course_key, ref.usage_key, user_key)
    log.info("Access to %s for user %s via %s (%s)", ref.usage_key, user_key, via, "new" if grant_id is None else
             "re-opened")


def revoke_access(usage_key, user_key, reason, by_staff=False):
    """Take a learner's access away (refund, staff decision: `by_staff`). Returns True if something changed."""
    changed = AccessGrant.objects.of(usage_key, user_key).revoke(reason, by_staff=by_staff)
    if changed:
        course_key = AccessGrant.objects.of(usage_key, user_key).values_list("course_key", flat=True).first()
        _announce(course_key, usage_key, user_key)
        log.info("Access to %s revoked for user %s: %s", usage_key, user_key, reason)
    return bool(changed)


def revoked_with(usage_key, user_key, reference):
    """True when staff withdrew the access that `reference` (e.g. an assignment) gave in this block."""
    return AccessGrant.objects.of(usage_key, user_key).filter(revoked_at__isnull=False, reference=reference).exists()


def count_active_grants(usage_key, now=None):
    """How many learners currently have access to a block's content."""
    return AccessGrant.objects.filter(usage_key=str(usage_key)).live(now).count()


def latest_grant(usage_key, user_key):
    """The learner's grant row for the block, live or not (revoked, expired), or None."""
    return grant_row(usage_key, user_key)


def grants_of_block(usage_key, limit=1000):
    """Every grant row of a block, live or not, newest first (for the staff access list)."""
    return list(AccessGrant.objects.filter(usage_key=str(usage_key)).order_by("-granted_at", "-id")[:limit])
