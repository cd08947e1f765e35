"""A counter of failed attempts with a lockout, in the Django cache (shared by all LMS processes).

Uses only `cache.add` and `cache.incr`, which are atomic on memcached and Redis
(the LMS caches), so concurrent failures all count. After `limit` failures within
`window` seconds the key is locked for `lockout` seconds.
"""
import contextlib
import contextvars
import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)


class Limiter:
    """Failures per key (a learner, an address) for one purpose (`name`), read from callables so settings apply live."""

    def __init__(self, name, limit, window, lockout):
        self.name, self._limit, self._window, self._lockout = name, limit, window, lockout

    def _keys(self, key):
        base = f"fee_training:{self.name}:{key}"
        return base + ":count", base + ":locked_until"

    def lock_key(self, key):
        """The cache key holding the end of `key`'s lockout."""
        return self._keys(key)[1]

    def locked_until(self, key, now=None):
        """The epoch second until which `key` is locked out, or None."""
        now = now if now is not None else time.time()
        until = cache.get(self.lock_key(key))
        return until if until and until > now else None

    def record_failure(self, key, now=None):
        """Count one failure for `key`; start a lockout when the limit is reached. Returns the lock end or None."""
        now = now if now is not None else time.time()
        count_key, lock_key = self._keys(key)
        window = int(self._window())
        cache.add(count_key, 0, timeout=window)
        try:
            count = cache.incr(count_key)
        except ValueError:  # the counter expired between add and incr
            cache.add(count_key, 1, timeout=window)
            count = 1
        if count < int(self._limit()):
            return None
        lockout = int(self._lockout())
        cache.set(lock_key, now + lockout, timeout=lockout)
        cache.delete(count_key)
        log.info("%s locked out of %s for %ss after %s failures", key, self.name, lockout, count)
        return now + lockout


_CLIENT_ADDRESS = contextvars.ContextVar("fee_training_client_address", default="")


@contextlib.contextmanager
def client_address_set(address):
    """Make `address` (the request's client address) what client_address() returns inside the block."""
    token = _CLIENT_ADDRESS.set(str(address or ""))
    try:
        yield
    finally:
        _CLIENT_ADDRESS.reset(token)


def client_address():
    """The client address of the handler request being served ('' outside one, e.g. a webhook or a command)."""
    return _CLIENT_ADDRESS.get()


def locked_until_any(limiters_and_keys, now=None):
    """The latest lockout end among (limiter, key) pairs whose key is not empty, or None.

    One cache round trip for all of them (get_many): every promo lookup and payment
    start asks, and in the LMS each cache call is a trip to memcached or Redis.
    """
    now = now if now is not None else time.time()
    lock_keys = [limiter.lock_key(key) for limiter, key in limiters_and_keys if key]
    ends = [until for until in cache.get_many(lock_keys).values() if until and until > now] if lock_keys else []
    return max(ends) if ends else None
