"""The room password: checked when staff set it, stored only as a salted PBKDF2 hash, verified in constant time.

The encoding is Django's own (`pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`), so
`django.contrib.auth.hashers.check_password` verifies it too, and the iteration count
travels with each hash: raising it later keeps older hashes valid.
"""
import base64
import hashlib
import hmac
import secrets

from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars.domain.errors import WebinarError

ALGORITHM = "pbkdf2_sha256"
MIN_LENGTH = 6
MAX_LENGTH = 128


def check_new_password(text):
    """The password staff typed, or WebinarError naming the field and the rule."""
    password = "" if text is None else str(text)
    if password != password.strip():
        raise WebinarError(_("The room password cannot start or end with a space."), field="password")
    if len(password) < MIN_LENGTH:
        raise WebinarError(_("The room password needs at least {minimum} characters."), field="password",
                           minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise WebinarError(_("The room password can have at most {maximum} characters."), field="password",
                           maximum=MAX_LENGTH)
    return password


def _derive(password, salt, iterations):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return base64.b64encode(digest).decode("ascii")


def hash_password(password, iterations, salt=None):
    """The encoded hash of `password` (a new random salt unless one is given)."""
    salt = salt or secrets.token_hex(11)
    return f"{ALGORITHM}${int(iterations)}${salt}${_derive(password, salt, int(iterations))}"


def password_matches(password, encoded):
    """True when `password` is the one behind `encoded`; False for any malformed or empty hash."""
    try:
        algorithm, iterations, salt, expected = str(encoded or "").split("$", 3)
        iterations = int(iterations)
    except ValueError:
        return False
    if algorithm != ALGORITHM or iterations < 1 or not salt:
        return False
    return hmac.compare_digest(_derive(str(password or ""), salt, iterations), expected)
