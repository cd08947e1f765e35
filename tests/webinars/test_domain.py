"""The pure rules of webinars: tokens, password hashes, participant lists, schedules, admission, .ics files."""
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from fee_training_xblock.webinars.domain import admission, calendar, participants, passwords, schedule, tokens
from fee_training_xblock.webinars.domain.errors import ProblemList, WebinarError

# ---- tokens ---------------------------------------------------------------


def test_tokens_carry_256_random_bits_and_are_stored_as_sha256():
    token = tokens.new_token()
    assert tokens.TOKEN_BITS == 256 >= 128
    assert len(token) == tokens.TOKEN_LENGTH and tokens.looks_like_token(token)
    assert len({tokens.new_token() for _ in range(1000)}) == 1000
    digest = tokens.token_hash(token)
    assert len(digest) == 64 and token not in digest
    assert tokens.hashes_match(digest, tokens.token_hash(token))
    assert not tokens.hashes_match(digest, tokens.token_hash(tokens.new_token()))


@pytest.mark.parametrize("text", ["", None, "short", "a" * 42, "a" * 44, "x" * 42 + "/", "../../etc/passwd"])
def test_anything_not_shaped_like_a_token_is_refused_before_the_database(text):
    assert not tokens.looks_like_token(text)


# ---- room password --------------------------------------------------------


def test_password_hash_is_salted_pbkdf2_that_django_itself_verifies():
    encoded = passwords.hash_password("Tulip-2026", iterations=100_000)
    assert encoded.startswith("pbkdf2_sha256$100000$") and "Tulip-2026" not in encoded
    assert passwords.password_matches("Tulip-2026", encoded)
    assert not passwords.password_matches("tulip-2026", encoded)
    assert PBKDF2PasswordHasher().verify("Tulip-2026", encoded)  # Django's own hasher reads the same encoding
    assert encoded != passwords.hash_password("Tulip-2026", iterations=100_000)  # a new salt each time


@pytest.mark.parametrize("encoded", ["", None, "plain", "md5$1$x$y", "pbkdf2_sha256$x$salt$hash",
                                     "pbkdf2_sha256$0$salt$hash", "pbkdf2_sha256$10$$hash"])
def test_malformed_hashes_never_match(encoded):
    assert passwords.password_matches("anything", encoded) is False


@pytest.mark.parametrize("text,fragment", [("abc", "at least 6"), (" padded ", "start or end with a space"),
                                           ("x" * 129, "at most 128"), (None, "at least 6")])
def test_room_password_rules_name_the_field(text, fragment):
    with pytest.raises(WebinarError, match=fragment) as err:
        passwords.check_new_password(text)
    assert err.value.field == "password"


# ---- participants -----------------------------------------------------------


def test_typed_lines_accept_name_and_email_a_name_or_an_email():
    found = participants.parse_lines("Anna Nowak <Anna@Example.org>\n\n  Jan Kowalski  \nola@example.org\n")
    assert found == [participants.Participant("Anna Nowak", "anna@example.org"),
                     participants.Participant("Jan Kowalski", ""), participants.Participant("", "ola@example.org")]


def test_every_bad_line_is_reported_with_its_number():
    with pytest.raises(ProblemList) as err:
        participants.parse_lines("Anna <not-an-email>\nOK Person\nBroken <a@b.org\nDup <x@y.org>\nDup2 <X@y.org>")
    message = err.value.message
    assert "Line 1:" in message and "Line 3:" in message and "Line 5: x@y.org is already on line 4." in message
    assert "Line 2" not in message and err.value.field == "participants"


def test_an_empty_list_asks_for_participants():
    with pytest.raises(WebinarError, match="at least one participant"):
        participants.parse_lines(" \n\n")


def test_csv_with_a_header_in_any_order_or_without_one():
    with_header = participants.parse_csv("\ufeffEmail,Name\nanna@example.org,Anna Nowak\n,Jan Kowalski\n")
    assert with_header == [participants.Participant("Anna Nowak", "anna@example.org"),
                           participants.Participant("Jan Kowalski", "")]
    plain = participants.parse_csv('"Nowak, Anna",anna@example.org\n')
    assert plain == [participants.Participant("Nowak, Anna", "anna@example.org")]


def test_csv_problems_name_the_row():
    with pytest.raises(ProblemList, match="Line 3: 'nope' is not an email address"):
        participants.parse_csv("name,email\nAnna,anna@example.org\nBob,nope\n")


def test_too_many_participants_at_once_is_refused():
    text = "\n".join(f"P{i} <p{i}@example.org>" for i in range(participants.MAX_PARTICIPANTS + 1))
    with pytest.raises(ProblemList, match="at most 5000 participants"):
        participants.parse_lines(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_typed_text_breaks_the_parser(text):
    try:
        found = participants.parse_lines(text)
    except WebinarError:
        return
    assert all(person.name or person.email for person in found)


# ---- schedule and join window ----------------------------------------------


def test_start_is_local_time_in_the_authors_zone():
    checked, problems = schedule.check_schedule("2026-12-02 18:00", 90, "Europe/Warsaw", "https://meet.example.org/x")
    assert problems == []
    assert checked.starts_at == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    assert checked.ends_at == datetime(2026, 12, 2, 18, 30, tzinfo=UTC)


def test_a_time_skipped_by_daylight_saving_is_refused_and_a_repeated_one_means_the_first():
    zone = schedule.load_zone("Europe/Warsaw")
    with pytest.raises(WebinarError, match="does not exist in Europe/Warsaw"):
        schedule.parse_local("2026-03-29 02:30", zone)
    assert schedule.parse_local("2026-10-25 02:30", zone) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_every_schedule_problem_is_reported_at_once_with_its_field():
    checked, problems = schedule.check_schedule("tomorrow", "ninety", "Mars/Olympus", "ftp://x")
    assert checked is None
    assert {problem.field for problem in problems} == {"webinar_time_zone", "webinar_duration_minutes",
                                                       "webinar_join_url"}
    _, problems = schedule.check_schedule("tomorrow", 60, "UTC", "")
    assert [problem.field for problem in problems] == ["webinar_starts_at"]
    _, problems = schedule.check_schedule("2026-12-02 18:00", 2, "UTC", "")
    assert "between 5 and 1440" in problems[0].message


def test_the_join_window_opens_early_and_closes_at_the_end():
    checked = schedule.Schedule(datetime(2026, 12, 2, 17, 0, tzinfo=UTC), 60, "UTC")
    opens, closes = schedule.join_window(checked, 15)
    assert opens == datetime(2026, 12, 2, 16, 45, tzinfo=UTC) and closes == datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
    assert schedule.join_state(opens - timedelta(seconds=1), opens, closes) == schedule.BEFORE
    assert schedule.join_state(opens, opens, closes) == schedule.OPEN
    assert schedule.join_state(closes - timedelta(seconds=1), opens, closes) == schedule.OPEN
    assert schedule.join_state(closes, opens, closes) == schedule.ENDED


# ---- admission ----------------------------------------------------------------


@pytest.mark.parametrize("fee,link,sharing,required,is_set,expected", [
    (False, True, False, False, False, admission.OPEN_LINK),       # a holder without a grant: open the link again
    (False, True, False, True, True, admission.ENTER_PASSWORD),    # link + password
    (False, True, False, True, False, admission.NOT_READY),
    (True, False, True, True, True, admission.PAY),                # a fee is never replaced by the password
    (True, True, False, True, True, admission.ENTER_PASSWORD),     # invited (or paid elsewhere): no fee to pay
    (False, False, True, True, True, admission.ENTER_PASSWORD),    # sharing on: the password alone admits
    (False, False, False, True, True, admission.OPEN_LINK),        # sharing off: the password alone does not
    (False, False, True, True, False, admission.NOT_READY),
])
def test_next_step(fee, link, sharing, required, is_set, expected):
    assert admission.next_step(fee_due=fee, holds_link=link, sharing_allowed=sharing, password_required=required,
                               password_set=is_set) == expected


def test_a_webinar_closed_by_nothing_is_refused():
    assert admission.check_closed(False, False, True).field == "webinar_sharing_allowed"
    assert all(admission.check_closed(*flags) is None
               for flags in ((True, False, True), (False, True, True), (False, False, False)))


def test_lockout_message_says_when():
    until = datetime(2026, 12, 2, 17, 14, 30, tzinfo=UTC)
    error = admission.too_many_attempts(until, "18:14 (Europe/Warsaw)", admission.minutes_left(
        until, until - timedelta(minutes=14, seconds=1)))
    assert error.message == "Too many wrong passwords. Try again at 18:14 (Europe/Warsaw) (in about 15 min)."


# ---- calendar file ------------------------------------------------------------


def test_ics_is_valid_icalendar_with_escaped_and_folded_text():
    title = "Live Q&A; cleaning, messy data — " + "ż" * 60
    text = calendar.event_ics(uid="abc@x", starts_at=datetime(2026, 12, 2, 17, 0, tzinfo=UTC),
                              ends_at=datetime(2026, 12, 2, 18, 30, tzinfo=UTC), summary=title,
                              description="Line one\nLine two", url="https://lms.example.org/c/u",
                              stamp=datetime(2026, 11, 1, tzinfo=UTC))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = next(iter(Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["SUMMARY"]) == title and str(event["DESCRIPTION"]) == "Line one\nLine two"
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
    assert str(event["URL"]) == "https://lms.example.org/c/u"
