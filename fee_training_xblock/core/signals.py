"""Signals other capabilities (and other plugins) listen to; sent after the database commit.

`payment_succeeded(sender, payment)` — a payment was verified and fulfilled.
`payment_refunded(sender, payment)` — a payment was refunded in full.
`access_changed(sender, course_key, usage_key, user_key)` — a grant was given, re-opened or revoked.
`user_retired(sender, user_key, emails)` — the LMS retires a user: each capability erases or
anonymises the personal data it keeps (names, emails) and keeps ids, amounts and dates,
which the ledgers need for accounting; a receiver returns how many rows it changed.
Receivers must not raise: the money has already moved.
"""
from django.dispatch import Signal

payment_succeeded = Signal()
payment_refunded = Signal()
access_changed = Signal()
user_retired = Signal()
