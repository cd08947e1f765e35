"""The billing commands' options, checked before any work: a bad value is a CommandError naming the option.

Issue 14's rule for every input of the plugin (no traceback, a message that says which
input to fix and how) applied to the command line: `--month`, `--time-zone`,
`--organization` and `--output` are checked here, so a command never reaches the
database or the file system with a value it cannot use. Messages are translated
(the operator's language: Django's active one); an option's name is a parameter,
so translators keep it as typed.
"""
import os

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext

from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.core.domain.time import load_time_zone, parse_month
from fee_training_xblock.subscriptions.assignments import billing_time_zone

#: The longest organization name the ledger stores (CourseAssignment.organization).
MAX_ORGANIZATION = 255


def option_error(option, err):
    """A CommandError for DomainError `err` about `option` ('--month', ...)."""
    return CommandError(gettext("{option}: {problem}").format(option=option, problem=err.localized(gettext)))


def checked_month(text):
    """`text` as a usable billing month ('YYYY-MM'), else a CommandError naming --month."""
    try:
        year, month = parse_month(text)
    except DomainError as err:
        raise option_error("--month", err) from err
    return f"{year:04d}-{month:02d}"


def checked_zone(name):
    """The ZoneInfo of --time-zone (given) or of the BILLING_TIME_ZONE setting (not given); errors name which."""
    if name is None:
        try:
            return billing_time_zone()
        except DomainError as err:
            raise option_error("FEE_TRAINING['BILLING_TIME_ZONE']", err) from err
    if not name.strip():
        raise CommandError(gettext("{option}: give an IANA name such as UTC or Europe/Paris, or leave the option out.")
                           .format(option="--time-zone"))
    try:
        return load_time_zone(name, field="time_zone")
    except DomainError as err:
        raise option_error("--time-zone", err) from err


def checked_organization(name):
    """--organization as given (None: every organization), else a CommandError for a blank or overlong name."""
    if name is None:
        return None
    if not name.strip():
        raise CommandError(gettext("{option}: give an organization's name, or leave the option out for all of them.")
                           .format(option="--organization"))
    if len(name) > MAX_ORGANIZATION:
        raise CommandError(ngettext("{option}: an organization's name has at most {count} character.",
                                    "{option}: an organization's name has at most {count} characters.",
                                    MAX_ORGANIZATION).format(option="--organization", count=MAX_ORGANIZATION))
    return name


def checked_output(path):
    """--output when its folder exists and it is not a folder itself, else a CommandError naming --output."""
    if path is None:
        return None
    if os.path.isdir(path) or not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise CommandError(gettext("{option}: cannot write {path}: give a file name in an existing folder.").format(
            option="--output", path=repr(path)))
    return path


def write_output(path, data):
    """Write `data` (text or bytes) to --output; a file system refusal is a CommandError naming the option."""
    try:
        with open(path, "wb" if isinstance(data, bytes) else "w", **({} if isinstance(data, bytes) else {
                "encoding": "utf-8"})) as handle:
            handle.write(data)
    except OSError as err:
        raise CommandError(gettext("{option}: cannot write {path} ({reason}).").format(
            option="--output", path=repr(path), reason=err.strerror or err)) from err
