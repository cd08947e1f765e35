"""Stand-in for edx_django_utils.cache (openedx/edx-django-utils, edx_django_utils/cache/utils.py @ 020c2644).

The LMS clears it at the start of every request (RequestCacheMiddleware); the
harness does the same between simulated requests. Reproduced: `RequestCache(namespace)`
with `.data` (a dict per namespace, thread-local), `clear()`, `clear_all_namespaces()`,
and `DEFAULT_REQUEST_CACHE`.
"""
import threading


class _Store(threading.local):
    def __init__(self):
        super().__init__()
        self.namespaces = {}


_STORE = _Store()


class RequestCache:
    """A namespaced dict that lives for one request."""

    def __init__(self, namespace=None):
        self.namespace = namespace or "edx_django_utils.cache.default"

    @classmethod
    def clear_all_namespaces(cls):
        """Forget everything (a new request)."""
        _STORE.namespaces = {}

    @property
    def data(self):
        """This namespace's dict."""
        return _STORE.namespaces.setdefault(self.namespace, {})

    def clear(self):
        """Forget this namespace."""
        self.data.clear()


DEFAULT_REQUEST_CACHE = RequestCache()
