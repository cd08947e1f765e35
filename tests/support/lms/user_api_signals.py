"""Stand-in for openedx/core/djangoapps/user_api/accounts/signals.py: the retirement signals.

USER_RETIRE_MAILINGS, USER_RETIRE_LMS_CRITICAL (user, retired_username, retired_email) and
USER_RETIRE_LMS_MISC (user) are plain Django Signals there too.
"""
from django.dispatch import Signal

USER_RETIRE_MAILINGS = Signal()
USER_RETIRE_LMS_CRITICAL = Signal()
USER_RETIRE_LMS_MISC = Signal()
