"""The room password on its way to the invitation worker, sealed so that the queue never holds it in clear.

Staff type the room password when they send invitations (the database keeps only its
hash). The task that sends them may wait in the Celery broker, so the password travels
as a Fernet token (AES-128-CBC with an HMAC-SHA256 check) under a key derived from the
site's SECRET_KEY, which the LMS and its workers share. A sealed value expires after
SEAL_TTL seconds.
"""
import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SEAL_TTL = 7 * 24 * 3600
_PURPOSE = b"fee_training_xblock.webinars.invitation-password|"


def _fernet():
    key = hashlib.sha256(_PURPOSE + str(settings.SECRET_KEY).encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text):
    """`text` sealed for the worker ('' stays '')."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def unseal(sealed):
    """The text behind `sealed`; ValueError when it was tampered with, made under another key, or too old."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(str(sealed).encode("ascii"), ttl=SEAL_TTL).decode("utf-8")
    except (InvalidToken, UnicodeError) as err:
        raise ValueError("the sealed room password cannot be opened (expired, or SECRET_KEY changed)") from err
