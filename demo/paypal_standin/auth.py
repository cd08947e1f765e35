"""``POST /v1/oauth2/token`` and the bearer-token check of every API call.

PayPal's token endpoint is not in the OpenAPI documents; it follows PayPal's authentication
guide: HTTP Basic ``client_id:secret``, form body ``grant_type=client_credentials``, answer
``{scope, access_token, token_type: "Bearer", app_id, expires_in, nonce}``; failures use the
OAuth shape ``{error, error_description}``. Tokens are random and never logged.
"""
import base64
import binascii
import secrets
import time

from .state import TOKEN_LIFETIME, now

SCOPES = " ".join([
    "https://uri.paypal.com/services/payments/payment",
    "https://uri.paypal.com/services/payments/refund",
    "https://uri.paypal.com/services/payments/orders/client-side-integration",
    "https://uri.paypal.com/services/applications/webhooks",
    "https://uri.paypal.com/services/applications/verify-webhook-signature",
])


def _basic_credentials(header):
    """``(client_id, secret)`` from an ``Authorization: Basic`` header, or None."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, sep, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (client_id, secret) if sep and client_id and secret else None


def issue_token(standin, request):
    """Answer a token request: ``(status, json body)``."""
    credentials = _basic_credentials(request.headers.get("Authorization"))
    expected = standin.credentials
    if credentials is None or (expected and credentials != expected):
        return 401, {"error": "invalid_client", "error_description": "Client Authentication failed"}
    grant_type = request.form.get("grant_type")
    if not grant_type:
        return 400, {"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"}
    if grant_type != "client_credentials":
        return 400, {"error": "unsupported_grant_type",
                     "error_description": f"Grant Type {grant_type} is not supported"}
    token = "A21AA" + secrets.token_urlsafe(48)
    with standin.store.lock:
        standin.store.tokens[token] = (credentials[0], time.monotonic() + TOKEN_LIFETIME)
    return 200, {
        "scope": SCOPES, "access_token": token, "token_type": "Bearer",
        "app_id": "APP-80W284485P519543T", "expires_in": TOKEN_LIFETIME,
        "nonce": now() + secrets.token_urlsafe(16),
    }


def client_for(standin, request):
    """The client id owning the request's bearer token, or None (missing, unknown or expired)."""
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    with standin.store.lock:
        client_id, expires = standin.store.tokens.get(token.strip(), (None, 0))
    return client_id if time.monotonic() < expires else None


def expire_all(standin):
    """Make every issued token expired (admin hook: lets a client test its token refresh)."""
    with standin.store.lock:
        standin.store.tokens = {token: (client, 0) for token, (client, _) in standin.store.tokens.items()}
