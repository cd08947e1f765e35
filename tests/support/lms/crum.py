"""Stand-in for django-crum (crum/__init__.py), installed with the LMS and listed in its MIDDLEWARE.

Reproduced: `get_current_request()`, `set_current_request()`, `get_current_user()`
and `CurrentRequestUserMiddleware`, which records the request for the duration of
the response.
"""
import threading

_LOCAL = threading.local()


def get_current_request():
    """The request being served on this thread, or None."""
    return getattr(_LOCAL, "request", None)


def set_current_request(request=None):
    """Record (or clear) the current request."""
    _LOCAL.request = request


def get_current_user():
    """The current request's user, or None."""
    request = get_current_request()
    return getattr(request, "user", None)


class CurrentRequestUserMiddleware:
    """Records each request as the current one while it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            set_current_request(None)
