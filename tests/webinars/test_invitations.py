"""Invitations by email, received by a real SMTP server (aiosmtpd) and read back: personal link, room password,
date and time, signature, and a calendar file that icalendar parses. Sending runs inline (no broker here)."""
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from fee_training_xblock.webinars import links
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.runtime import call_json
from tests.webinars.conftest import webinar

pytestmark = pytest.mark.django_db(transaction=True)  # sending runs after the commit, as in production

LINK_PREFIX = "http://testserver/fee_training/webinar/link/"


def staff(factory):
    return factory.block_for("staff-1", staff=True)


def ready(**kwargs):
    factory = webinar(starts="2026-12-02 18:00", zone="Europe/Warsaw", minutes=90, **kwargs)
    assert call_json(staff(factory), "webinar_set_password", {"password": "Tulip-2026"})[0] == 200
    return factory


def link_in(message):
    body = message.get_body(("plain",)).get_content()
    return next(line.strip() for line in body.splitlines() if line.strip().startswith(LINK_PREFIX))


def calendar_of(message):
    part = next(part for part in message.iter_attachments() if part.get_content_type() == "text/calendar")
    assert part.get_filename() == "webinar.ics"
    return next(iter(Calendar.from_ical(part.get_content()).walk("VEVENT")))


def test_each_participant_receives_their_personal_link_the_password_the_time_and_a_calendar_file(smtp):
    factory = ready()
    status, body = call_json(staff(factory), "webinar_generate", {
        "participants": "Anna Nowak <anna@example.org>\nJan Kowalski <jan@example.org>",
        "send": True, "password": "Tulip-2026"})
    assert status == 200 and body["queued"] == 2 and body["links"] == []  # emailed links are never shown
    anna, jan = smtp.to("anna@example.org"), smtp.to("jan@example.org")
    assert len(anna) == 1 and len(jan) == 1
    message = anna[0]
    assert message["Subject"] == "Your invitation: Live Q&A" and message["From"] == "webinars@example.org"
    text = message.get_body(("plain",)).get_content()
    assert "Hello Anna Nowak," in text and "Room password: Tulip-2026" in text
    assert "Wednesday, 2 December 2026, 18:00 (Europe/Warsaw)" in text and "17:00 (UTC)" in text
    assert "Length: 90 minutes" in text and text.rstrip().endswith("Anna Nowak, Data School")
    url = link_in(message)
    assert url != link_in(jan[0])
    event = calendar_of(message)
    assert event.decoded("DTSTART") == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 12, 2, 18, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Live Q&A" and str(event["URL"]) == url
    link = links.find_by_token(url.rstrip("/").rsplit("/", 1)[1])
    assert link.participant_email == "anna@example.org"
    assert links.claim(link, "anna-account")[0] == links.CLAIMED
    rows = {row["email"]: row for row in call_json(staff(factory), "webinar_links", {})[1]["links"]}
    assert rows["anna@example.org"]["invitation"] == "sent" and rows["anna@example.org"]["state"] == "claimed"
    assert call_json(staff(factory), "webinar_links", {})[1]["progress"] == {"sent": 2, "total": 2}


def test_the_invitation_password_must_be_the_room_password(smtp):
    factory = ready()
    status, body = call_json(staff(factory), "webinar_generate", {
        "participants": "Anna <anna@example.org>", "send": True, "password": "Tulip-2025"})
    assert status == 400 and "does not match" in body["error"]
    assert WebinarLink.objects.count() == 0 and smtp.messages == []


def test_without_a_required_password_the_email_carries_none(smtp):
    factory = webinar(password=False, starts="2026-12-02 18:00")
    call_json(staff(factory), "webinar_generate", {"participants": "Ola <ola@example.org>", "send": True})
    text = smtp.to("ola@example.org")[0].get_body(("plain",)).get_content()
    assert "Room password" not in text and LINK_PREFIX in text


def test_a_refused_address_is_marked_failed_with_the_reason_and_resend_renews_the_link(smtp):
    factory = ready()
    smtp.refuse.add("ghost@example.org")
    call_json(staff(factory), "webinar_generate", {
        "participants": "Ghost <ghost@example.org>\nAnna <anna@example.org>", "send": True, "password": "Tulip-2026"})
    rows = {row["email"]: row for row in call_json(staff(factory), "webinar_links", {})[1]["links"]}
    assert rows["ghost@example.org"]["invitation"] == "failed"
    assert "SMTPRecipientsRefused" in rows["ghost@example.org"]["invitation_error"]
    assert rows["anna@example.org"]["invitation"] == "sent"
    first = link_in(smtp.to("anna@example.org")[0])
    smtp.refuse.clear()
    status, body = call_json(staff(factory), "webinar_invite", {"password": "Tulip-2026"})  # everyone not invited yet
    assert status == 200 and body["queued"] == 1 and len(smtp.to("ghost@example.org")) == 1
    status, body = call_json(staff(factory), "webinar_invite", {"link": rows["anna@example.org"]["id"],
                                                               "password": "Tulip-2026"})
    assert status == 200 and body["queued"] == 1
    second = link_in(smtp.to("anna@example.org")[1])
    assert second != first
    assert links.find_by_token(first.rstrip("/").rsplit("/", 1)[1]) is None  # the newest email's link works
    assert links.find_by_token(second.rstrip("/").rsplit("/", 1)[1]) is not None


def test_paid_elsewhere_participants_are_marked_in_the_ledger_when_they_join(smtp):
    factory = ready()
    call_json(staff(factory), "webinar_generate", {
        "participants": "Piotr <piotr@example.org>", "paid_elsewhere": True, "note": "bank transfer FV/12/2026",
        "send": True, "password": "Tulip-2026"})
    url = link_in(smtp.to("piotr@example.org")[0])
    link = links.find_by_token(url.rstrip("/").rsplit("/", 1)[1])
    assert (link.kind, link.reference) == ("paid_elsewhere", "bank transfer FV/12/2026")
    links.claim(link, "piotr-account")
    assert call_json(factory.block_for("piotr-account"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
    from fee_training_xblock.core.models import AccessGrant  # pylint: disable=import-outside-toplevel
    grant = AccessGrant.objects.get(user_key="piotr-account")
    assert grant.via == "paid_elsewhere" and grant.reference == f"webinar-link:{link.pk}"


def test_nothing_secret_reaches_the_logs(smtp, caplog):
    caplog.set_level("DEBUG")
    factory = ready()
    call_json(staff(factory), "webinar_generate", {
        "participants": "Anna <anna@example.org>", "send": True, "password": "Tulip-2026"})
    url = link_in(smtp.to("anna@example.org")[0])
    token = url.rstrip("/").rsplit("/", 1)[1]
    # Our code and Django's (the test mail server logs whole messages at DEBUG, as a mail server may).
    ours = "\n".join(record.getMessage() for record in caplog.records
                     if record.name.startswith(("fee_training_xblock", "django")))
    assert "Webinar" in ours  # the use cases did log
    assert "Tulip-2026" not in ours and token not in ours
