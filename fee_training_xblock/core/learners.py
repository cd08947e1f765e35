"""Finding learners: the user key behind what staff type, usernames for tables, platform staff.

Works on the Django user model of the host (the LMS's auth users; the workbench has
none, which `allow_raw` covers).
"""
from django.contrib.auth import get_user_model
from django.db.models import Q

from fee_training_xblock.core.domain.errors import AccessError
from fee_training_xblock.core.domain.errors import gettext_noop as _

#: The ledger stores user keys in 255-character columns; emails are at most 254 characters.
MAX_IDENTIFIER_LENGTH = 254


def find_learner_key(identifier, allow_raw=False):
    """The user key for a username, email or numeric id typed by staff.

    `allow_raw` accepts unknown identifiers as-is (the workbench, whose
    learners are not Django users). Raises AccessError naming what to fix.
    """
    text = str(identifier or "").strip()
    if not text:
        raise AccessError(_("Enter the learner's username or email."), field="learner")
    if len(text) > MAX_IDENTIFIER_LENGTH:
        raise AccessError(_("That is too long for a username or email: use at most {maximum} characters."),
                          field="learner", maximum=MAX_IDENTIFIER_LENGTH)
    users = get_user_model().objects
    found = list(users.filter(Q(username=text) | Q(email__iexact=text)).values_list("pk", flat=True)[:2])
    if len(found) == 1:
        return str(found[0])
    if text.isdigit() and users.filter(pk=int(text)).exists():
        return text
    if allow_raw:
        return text
    raise AccessError(_("No learner with username or email '{value}' was found."), field="learner", value=text)


def usernames_of(user_keys):
    """{user_key: username} for keys that are LMS user ids (others map to themselves)."""
    ids = {int(key) for key in user_keys if str(key).isdigit()}
    names = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username")) if ids else {}
    return {key: names.get(int(key), key) if str(key).isdigit() else key for key in user_keys}


def is_platform_staff(user_key):
    """True for an active Django staff user (platform staff, not only course staff)."""
    key = str(user_key or "")
    return key.isdigit() and get_user_model().objects.filter(pk=int(key), is_staff=True, is_active=True).exists()


def key_for_email(email):
    """The user key of the one LMS account with this email address ('' when none, or more than one, has it)."""
    text = str(email or "").strip()
    if not text:
        return ""
    found = list(get_user_model().objects.filter(email__iexact=text).values_list("pk", flat=True)[:2])
    return str(found[0]) if len(found) == 1 else ""


def email_of(user_key):
    """The email address of an LMS user id ('' for unknown users and workbench learners)."""
    key = str(user_key or "")
    if not key.isdigit():
        return ""
    return get_user_model().objects.filter(pk=int(key)).values_list("email", flat=True).first() or ""
