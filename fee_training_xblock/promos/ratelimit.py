"""Rate limit on wrong promo codes per learner: after PROMO_MAX_WRONG failures within
PROMO_WRONG_WINDOW seconds the learner waits PROMO_LOCKOUT seconds and is told until when."""
from datetime import UTC, datetime

from fee_training_xblock.conf import setting
from fee_training_xblock.core.ratelimit import Limiter
from fee_training_xblock.promos.domain.codes import too_many_attempts

WRONG_CODES = Limiter(
    "promo_wrong",
    limit=lambda: setting("PROMO_MAX_WRONG"),
    window=lambda: setting("PROMO_WRONG_WINDOW"),
    lockout=lambda: setting("PROMO_LOCKOUT"),
)


def check_allowed(user_key, now=None):
    """Raise TooManyAttempts (saying when to retry) while the learner is locked out."""
    until = WRONG_CODES.locked_until(user_key, now)
    if until:
        raise too_many_attempts(datetime.fromtimestamp(until, tz=UTC))


def record_wrong(user_key, now=None):
    """Count one wrong code for the learner; a lockout starts when the limit is reached."""
    WRONG_CODES.record_failure(user_key, now)
