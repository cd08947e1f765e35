"""Rate limit on wrong promo codes, per learner, in the Django cache.

Uses only `cache.add` and `cache.incr`, which are atomic on memcached and Redis
(the LMS caches), so concurrent wrong guesses all count. After PROMO_MAX_WRONG
failures within PROMO_WRONG_WINDOW seconds the learner is locked out for
PROMO_LOCKOUT seconds and told when to try again.
"""
import logging
import time
from datetime import datetime, timezone

from django.core.cache import cache

from fee_training_xblock.conf import setting
from fee_training_xblock.promos.domain import too_many_attempts

log = logging.getLogger(__name__)

DEFAULT_MAX_WRONG = 5
DEFAULT_WINDOW = 15 * 60
DEFAULT_LOCKOUT = 15 * 60


def _keys(user_key):
    base = f"fee_training:promo_wrong:{user_key}"
    return base + ":count", base + ":locked_until"


def check_allowed(user_key, now=None):
    """Raise TooManyAttempts (saying when to retry) while the learner is locked out."""
    now = now if now is not None else time.time()
    _count_key, lock_key = _keys(user_key)
    locked_until = cache.get(lock_key)
    if locked_until and locked_until > now:
        raise too_many_attempts(datetime.fromtimestamp(locked_until, tz=timezone.utc))


def record_wrong(user_key, now=None):
    """Count one wrong code for the learner; start a lockout when the limit is reached."""
    now = now if now is not None else time.time()
    limit = int(setting("PROMO_MAX_WRONG", DEFAULT_MAX_WRONG))
    window = int(setting("PROMO_WRONG_WINDOW", DEFAULT_WINDOW))
    lockout = int(setting("PROMO_LOCKOUT", DEFAULT_LOCKOUT))
    count_key, lock_key = _keys(user_key)
    cache.add(count_key, 0, timeout=window)
    try:
        count = cache.incr(count_key)
    except ValueError:  # the counter expired between add and incr
        cache.add(count_key, 1, timeout=window)
        count = 1
    if count >= limit:
        cache.set(lock_key, now + lockout, timeout=lockout)
        cache.delete(count_key)
        log.info("Learner %s locked out of promo codes for %ss after %s wrong codes", user_key, lockout, count)

