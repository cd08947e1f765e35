"""Personal-link tokens: unguessable, kept in the database only as a hash, compared in constant time.

A token is 32 random bytes from `secrets` (256 bits, far above the 128-bit floor),
written URL-safe (43 characters). The database keeps its SHA-256: tokens are
uniformly random, so a fast unsalted hash cannot be reversed or guessed, and the
hash doubles as the lookup key. After the indexed lookup, the stored and computed
hashes are compared again with `hmac.compare_digest`, so no code path compares a
secret byte by byte.
"""
import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
TOKEN_BITS = TOKEN_BYTES * 8
TOKEN_LENGTH = 43  # base64url of 32 bytes, without padding
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{" + str(TOKEN_LENGTH) + "}$")


def new_token():
    """A fresh token for one personal link (URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    """The SHA-256 hex digest stored for `token`."""
    return hashlib.sha256(str(token).encode("utf-8")).hexdigest()


def looks_like_token(text):
    """True when `text` has a token's shape (anything else is refused before touching the database)."""
    return bool(_TOKEN_SHAPE.match(str(text or "")))


def hashes_match(stored, computed):
    """Constant-time equality of two hex digests."""
    return hmac.compare_digest(str(stored or ""), str(computed or ""))
