"""Participant lists typed or uploaded by staff: one per line (`Name <email>`, a name, or an email) or a CSV file.

Every bad line is reported at once with its line number; nothing is accepted from a
list that has a bad line, so staff fix the list and paste it again.
"""
import csv
import io
import re
from dataclasses import dataclass

from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.webinars.domain.errors import ProblemList, WebinarError

MAX_PARTICIPANTS = 5000
MAX_NAME = 200
MAX_EMAIL = 254
MAX_REPORTED = 10
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_NAMED = re.compile(r"^(?P<name>[^<>]*)<(?P<email>[^<>]*)>\s*$")
_NAME_COLUMNS = ("name", "full name", "participant", "imię", "imie")
_EMAIL_COLUMNS = ("email", "e-mail", "mail", "email address")


@dataclass(frozen=True)
class Participant:
    """One person to give a personal link: a name to greet, and an email address to invite (may be empty)."""

    name: str
    email: str = ""

    @property
    def label(self):
        """How staff messages name this person: 'Name <email>', or whichever of the two is known."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


def _line_error(number, template, **params):
    return WebinarError(_("Line {line}: {problem}"), field="participants", line=number,
                        problem=WebinarError(template, field="participants", **params))


def participant(name, email, number):
    """A checked Participant from a name and an email (either may be empty, not both); WebinarError otherwise."""
    name, email = " ".join(str(name or "").split()), str(email or "").strip()
    if not name and not email:
        raise _line_error(number, _("give a name, an email address, or both."))
    if len(name) > MAX_NAME:
        raise _line_error(number, _("the name is longer than {maximum} characters."), maximum=MAX_NAME)
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise _line_error(number, _("'{value}' is not an email address (write Name <name@example.org>)."),
                          value=email)
    return Participant(name=name, email=email.lower())


def parse_line(text, number):
    """One typed line: `Name <email>`, just a name, or just an email address."""
    text = text.strip()
    named = _NAMED.match(text)
    if named:
        return participant(named.group("name"), named.group("email"), number)
    if "<" in text or ">" in text:
        raise _line_error(number, _("write the address in angle brackets after the name, e.g. Anna Nowak "
                                    "<anna@example.org>."))
    if "@" in text and " " not in text:
        return participant("", text, number)
    return participant(text, "", number)


def _finish(found, problems):
    if len(found) > MAX_PARTICIPANTS:
        problems.append(WebinarError(_("Add at most {maximum} participants at once (got {count})."),
                                     field="participants", maximum=MAX_PARTICIPANTS, count=len(found)))
    emails = {}
    for number, person in found:
        if person.email and person.email in emails:
            problems.append(_line_error(number, _("{email} is already on line {first}."), email=person.email,
                                        first=emails[person.email]))
        emails.setdefault(person.email, number)
    if problems:
        raise ProblemList(problems[:MAX_REPORTED], field="participants")
    if not found:
        raise WebinarError(_("Add at least one participant: one per line, e.g. Anna Nowak <anna@example.org>."),
                           field="participants")
    return [person for _, person in found]


def parse_lines(text):
    """The participants typed one per line (blank lines skipped); ProblemList naming each bad line."""
    found, problems = [], []
    for number, line in enumerate(str(text or "").splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append((number, parse_line(line, number)))
        except WebinarError as err:
            problems.append(err)
    return _finish(found, problems)


def _columns(header):
    names = [cell.strip().lower() for cell in header]
    name_at = next((i for i, cell in enumerate(names) if cell in _NAME_COLUMNS), None)
    email_at = next((i for i, cell in enumerate(names) if cell in _EMAIL_COLUMNS), None)
    return (name_at, email_at) if name_at is not None or email_at is not None else None


def parse_csv(text):
    """Participants from CSV text: a header naming `name` and/or `email` columns, or rows of name,email."""
    try:
        rows = list(csv.reader(io.StringIO(str(text or "").lstrip("\ufeff")), skipinitialspace=True))
    except csv.Error as err:
        raise WebinarError(_("The CSV file cannot be read ({detail}); save it as CSV (UTF-8) and try again."),
                           field="csv", detail=str(err))
    columns, start = (_columns(rows[0]), 1) if rows else (None, 0)
    if columns is None:
        columns, start = (0, 1), 0
    name_at, email_at = columns
    found, problems = [], []
    for number, row in enumerate(rows[start:], start + 1):
        if not any(cell.strip() for cell in row):
            continue
        name = row[name_at] if name_at is not None and name_at < len(row) else ""
        email = row[email_at] if email_at is not None and email_at < len(row) else ""
        try:
            found.append((number, participant(name, email, number)))
        except WebinarError as err:
            problems.append(err)
    return _finish(found, problems)
