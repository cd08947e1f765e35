"""Who joined a paid session through the block, learners' access grants, and the measured usage.

A learner is admitted to an open session (without a learner fee) by an AccessGrant
(`via` live_session, reference `live_session:<id>`), so the LMS-wide gate asks the same
ledger as the block; a refund of the host's payment revokes those grants.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone

from fee_training_xblock.core import ledger
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.data import BlockRef
from fee_training_xblock.live_sessions.domain.estimate import Usage
from fee_training_xblock.live_sessions.domain.usage import measure
from fee_training_xblock.live_sessions.models import LiveSessionAttendance
from fee_training_xblock.live_sessions.rates import agreed_rates


def grant_reference(session):
    """The ledger reference of grants given by an open session."""
    return f"live_session:{session.pk}"


def admit(session, user_key):
    """The learner's grant to an open session's content (made once, kept until a refund closes the session)."""
    return ledger.grant_access(BlockRef(session.course_key, session.usage_key), user_key,
                               via=AccessGrant.VIA_LIVE_SESSION, reference=grant_reference(session))


def revoke_admissions(session, reason):
    """Take back every grant the session gave (its host's payment was refunded); returns how many."""
    rows = AccessGrant.objects.filter(usage_key=session.usage_key, reference=grant_reference(session))
    return rows.revoke(reason)


def record_join(session, user_key, now=None):
    """Remember that `user_key` joined through the block (for measured people minutes)."""
    try:
        with transaction.atomic():
            return LiveSessionAttendance.objects.record_join(session, user_key, now)
    except IntegrityError:  # two tabs joined at the same instant: the other one made the row
        return LiveSessionAttendance.objects.record_join(session, user_key, now)


def has_ended(session, now=None):
    """True once an open session's end has passed."""
    return session.ends_at is not None and session.ends_at <= (now or timezone.now())


def measured(session):
    """Measured usage of an open session (so far, before its end), at the rates the host agreed to."""
    joins = session.attendance.values_list("first_joined_at", flat=True)
    usage = Usage(session.duration_minutes, session.session_computers, session.teleconference_computers)
    agreed = Money(int(session.amount_minor), session.currency)
    return measure(joins, session.starts_at, session.ends_at, usage, agreed_rates(session), agreed)
