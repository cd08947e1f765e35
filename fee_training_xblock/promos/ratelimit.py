"""Rate limits on wrong promo codes: per learner and per client address (all accounts behind it together).

After PROMO_MAX_WRONG wrong codes from a learner (or PROMO_MAX_WRONG_PER_ADDRESS from one
address) within PROMO_WRONG_WINDOW seconds, they wait PROMO_LOCKOUT seconds and are told until when.
"""
from datetime import UTC, datetime

from fee_training_xblock.conf import setting
from fee_training_xblock.core.ratelimit import Limiter, client_address, locked_until_any
from fee_training_xblock.promos.domain.codes import too_many_attempts

WRONG_CODES = Limiter(
    "promo_wrong",
    limit=lambda: setting("PROMO_MAX_WRONG"),
    window=lambda: setting("PROMO_WRONG_WINDOW"),
    lockout=lambda: setting("PROMO_LOCKOUT"),
)
WRONG_CODES_BY_ADDRESS = Limiter(
    "promo_wrong_address",
    limit=lambda: setting("PROMO_MAX_WRONG_PER_ADDRESS"),
    window=lambda: setting("PROMO_WRONG_WINDOW"),
    lockout=lambda: setting("PROMO_LOCKOUT"),
)


def _keys(user_key):
    return [(WRONG_CODES, str(user_key)), (WRONG_CODES_BY_ADDRESS, client_address())]


def check_allowed(user_key, now=None):
    """Raise TooManyAttempts (saying when to retry) while the learner or their address is locked out."""
    until = locked_until_any(_keys(user_key), now)
    if until:
        raise too_many_attempts(datetime.fromtimestamp(until, tz=UTC))


def record_wrong(user_key, now=None):
    """Count one wrong code for the learner and their address; a lockout starts when a limit is reached."""
    for limiter, key in _keys(user_key):
        if key:
            limiter.record_failure(key, now)
