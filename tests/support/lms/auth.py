"""Stand-in for the authenticators `handle_xblock_callback` tries on requests without a session.

Follows openedx/core/lib/api/authentication.py (`BearerAuthenticationAllowInactiveUser`)
and edx_rest_framework_extensions/auth/jwt/authentication.py (`JwtAuthentication`) as
used in lms/djangoapps/courseware/block_render.py (P @ 5af5f01f): `authenticate(request)`
returns None without an Authorization header of its kind, ``(user, token)`` for a valid
one, and raises an APIException (AuthenticationFailed) for an invalid one.
Tokens are registered with `register_token("Bearer" | "JWT", token, user)`.
`JwtRestrictedApplication().has_permission(request, view)` is False here (no
restricted applications).
"""
_TOKENS = {}


class AuthenticationFailed(Exception):
    """DRF's AuthenticationFailed (an APIException)."""


def register_token(kind, token, user):
    """Make `token` authenticate `user` for the authenticator of `kind`."""
    _TOKENS[(kind, token)] = user


def clear_tokens():
    """Forget every token."""
    _TOKENS.clear()


class _HeaderAuthentication:
    keyword = ""

    def authenticate(self, request):
        """(user, token), None, or AuthenticationFailed."""
        header = request.META.get("HTTP_AUTHORIZATION", "")
        kind, _, token = header.partition(" ")
        if kind != self.keyword:
            return None
        user = _TOKENS.get((kind, token))
        if user is None:
            raise AuthenticationFailed("Invalid token")
        return user, token


class JwtAuthentication(_HeaderAuthentication):
    """Authorization: JWT <token>."""

    keyword = "JWT"


class BearerAuthenticationAllowInactiveUser(_HeaderAuthentication):
    """Authorization: Bearer <token>."""

    keyword = "Bearer"


class JwtRestrictedApplication:
    """No restricted applications here."""

    def has_permission(self, request, view):  # pylint: disable=unused-argument
        """False: nothing is restricted."""
        return False
