"""Retiring a user (the LMS's account deletion): every capability forgets the person, the ledgers keep the money.

The LMS sends its retirement signal (connected in lms/receivers.py); `retire_user`
passes it on as core.signals.user_retired, and each capability's receiver erases
names and email addresses of that user. User ids, amounts and dates stay: payments,
course assignments and grants are accounting records, and an id alone does not
identify a person once the LMS has retired the account.
"""
import logging

from fee_training_xblock.core.signals import user_retired

log = logging.getLogger(__name__)


def retire_user(user_key, emails=()):
    """Erase the personal data kept about `user_key` (and rows typed with one of `emails`); {what: rows changed}."""
    addresses = sorted({str(email).strip().lower() for email in emails if email and "@" in str(email)})
    changed = {}
    for _receiver, answer in user_retired.send(sender=None, user_key=str(user_key), emails=addresses):
        for what, count in (answer or {}).items():
            changed[what] = changed.get(what, 0) + count
    log.info("Retired user %s: %s", user_key, changed or "nothing kept about them")
    return changed
