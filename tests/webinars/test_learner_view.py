"""What a learner sees and may do in a webinar block, on a real XBlock runtime and the test database."""
import time

import pytest
import webob

from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.webinars import links
from fee_training_xblock.webinars.models import Webinar
from tests.support.runtime import call_json, student_html
from tests.webinars.conftest import start_in, webinar

pytestmark = pytest.mark.django_db


def set_password(factory, password="Tulip-2026"):
    status, body = call_json(factory.block_for("staff-1", staff=True), "webinar_set_password", {"password": password})
    assert status == 200, body


def get(block, handler):
    response = block.handle(handler, webob.Request.blank("/"))
    return response.status_code, response


def test_invited_only_webinar_shows_the_time_and_asks_for_the_personal_link():
    factory = webinar(sharing=False, password=True)
    set_password(factory)
    html = student_html(factory.block_for("alice"))
    assert 'data-situation="open_link"' in html and "Open your personal link" in html
    assert "SECRET-WEBINAR-MATERIAL" not in html and "webinar-join" not in html
    status, body = call_json(factory.block_for("alice"), "webinar_password", {"password": "Tulip-2026"})
    assert status == 400 and "password alone does not admit you" in body["error"]
    assert not ledger.has_access(factory.block_for("alice").ref().usage_key, "alice")


def test_with_sharing_the_room_password_alone_admits_and_opens_join_calendar_and_material():
    factory = webinar(sharing=True, password=True, starts=start_in(5))
    set_password(factory)
    assert 'data-situation="enter_password"' in student_html(factory.block_for("bob"))
    status, body = call_json(factory.block_for("bob"), "webinar_password", {"password": "tulip-2026"})
    assert status == 400 and "not the room password" in body["error"] and "5 wrong tries" in body["error"]
    status, body = call_json(factory.block_for("bob"), "webinar_password", {"password": "Tulip-2026"})
    assert status == 200 and body["admitted"] is True
    grant = AccessGrant.objects.get(user_key="bob")
    assert grant.via == AccessGrant.VIA_WEBINAR_PASSWORD and grant.reference == "room password"
    html = student_html(factory.block_for("bob"))
    assert "SECRET-WEBINAR-MATERIAL" in html and 'data-role="webinar-join"' in html and "webinar-calendar" in html
    assert "aria-disabled" not in html.split('data-role="webinar-join"')[1].split(">")[0]  # 5 min before: open
    status, response = get(factory.block_for("bob"), "webinar_join")
    assert status == 302 and response.location == "https://meet.example.org/room"
    status, response = get(factory.block_for("bob"), "webinar_calendar")
    assert status == 200 and response.content_type == "text/calendar" and b"BEGIN:VEVENT" in response.body


def test_five_wrong_passwords_lock_the_learner_out_and_say_until_when(settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "WEBINAR_PASSWORD_LOCKOUT": 2}
    factory = webinar(sharing=True, password=True, zone="Europe/Warsaw")
    set_password(factory)
    answers = [call_json(factory.block_for("carol"), "webinar_password", {"password": f"wrong-{i}"})
               for i in range(5)]
    assert [status for status, _ in answers] == [400, 400, 400, 400, 429]
    assert "Too many wrong passwords. Try again at" in answers[-1][1]["error"]
    assert "(Europe/Warsaw)" in answers[-1][1]["error"]
    status, body = call_json(factory.block_for("carol"), "webinar_password", {"password": "Tulip-2026"})
    assert status == 429  # even the right password waits for the lockout to end
    assert call_json(factory.block_for("dave"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
    time.sleep(2.1)
    assert call_json(factory.block_for("carol"), "webinar_password", {"password": "Tulip-2026"})[0] == 200


def test_a_required_password_that_staff_have_not_set_keeps_the_room_closed():
    factory = webinar(sharing=True, password=True)
    assert "has not set its password" in student_html(factory.block_for("erin"))
    status, body = call_json(factory.block_for("erin"), "webinar_password", {"password": "anything"})
    assert status == 400 and "not open yet" in body["error"]
    assert "No room password is set yet" in student_html(factory.block_for("staff-1", staff=True))


def test_a_paid_webinar_asks_for_payment_and_the_password_never_replaces_the_fee():
    factory = webinar(fee="29.00", currency="USD", sharing=True, password=True)
    set_password(factory)
    html = student_html(factory.block_for("frank"))
    assert 'data-situation="pay"' in html and "$29.00" in html and "SECRET-WEBINAR-MATERIAL" not in html
    status, body = call_json(factory.block_for("frank"), "webinar_password", {"password": "Tulip-2026"})
    assert status == 400 and "Pay for this webinar first" in body["error"]


def test_signed_out_visitors_and_staff():
    factory = webinar()
    anonymous = factory.block_for("", anonymous=True)
    assert "Sign in to join this webinar" in student_html(anonymous)
    assert call_json(anonymous, "webinar_password", {"password": "x"})[0] == 403
    assert get(anonymous, "webinar_join")[0] == 403 and get(anonymous, "webinar_calendar")[0] == 403
    staff_html = student_html(factory.block_for("staff-1", staff=True))
    assert "Staff preview: learners are admitted by a personal link" in staff_html
    assert "SECRET-WEBINAR-MATERIAL" in staff_html and 'data-role="webinar-staff"' in staff_html
    assert call_json(factory.block_for("staff-1", staff=True), "webinar_password", {"password": "x"})[0] == 403


def test_join_works_only_inside_the_window_and_only_for_admitted_learners():
    factory = webinar(sharing=True, password=False, fee="10.00", starts=start_in(120))
    block = factory.block_for("gina")
    assert get(block, "webinar_join")[0] == 403
    ledger.grant_access(block.ref(), "gina", AccessGrant.VIA_STAFF, "staff:1")
    status, response = get(factory.block_for("gina"), "webinar_join")
    assert status == 409 and "The room opens at" in response.text
    html = student_html(factory.block_for("gina"))
    assert 'aria-disabled="true"' in html and "becomes active at" in html
    ended = webinar(sharing=True, password=False, fee="10.00", starts=start_in(-120), minutes=60)
    ledger.grant_access(ended.block_for("gina").ref(), "gina", AccessGrant.VIA_STAFF, "staff:1")
    status, response = get(ended.block_for("gina"), "webinar_join")
    assert status == 409 and "has ended" in response.text


def test_the_learner_sees_the_time_in_their_own_lms_time_zone():
    factory = webinar(starts="2026-12-02 18:00", zone="Europe/Warsaw")
    html = student_html(factory.block_for("hana", preferences={"time_zone": "Asia/Tokyo"}))
    assert "Thursday, 3 December 2026, 02:00 (Asia/Tokyo)" in html
    # The server wrote the learner's own zone and an invited-only card has nothing to click: no script is sent.
    assert "data-init=" not in html and "FeeTrainingWebinar" not in html
    browser = student_html(factory.block_for("ivan"))  # no preference: the page shows the browser's zone
    assert "Wednesday, 2 December 2026, 18:00 (Europe/Warsaw)" in browser and '"browserTimeZone": true' in browser


def test_a_personal_link_admits_its_holder_and_then_asks_for_the_password_when_required():
    factory = webinar(sharing=False, password=True)
    set_password(factory)
    status, body = call_json(factory.block_for("staff-1", staff=True), "webinar_generate",
                             {"participants": "Jola <jola@example.org>", "send": False})
    assert status == 200 and body["created"] == 1
    token = body["links"][0]["url"].rstrip("/").rsplit("/", 1)[1]
    outcome, _link = links.claim(links.find_by_token(token), "jola")
    assert outcome == links.CLAIMED
    html = student_html(factory.block_for("jola"))
    assert 'data-situation="link_then_password"' in html and "Your personal link is confirmed" in html
    assert call_json(factory.block_for("jola"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
    grant = AccessGrant.objects.get(user_key="jola")
    assert grant.via == AccessGrant.VIA_WEBINAR_LINK and grant.reference.startswith("webinar-link:")
    assert "SECRET-WEBINAR-MATERIAL" in student_html(factory.block_for("jola"))


def test_switching_sharing_off_ends_the_admissions_the_password_alone_gave():
    factory = webinar(sharing=True, password=True)
    set_password(factory)
    assert call_json(factory.block_for("kim"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
    block = factory.block_for("staff-1", staff=True)
    block.webinar_sharing_allowed = False
    block.save()
    student_html(factory.block_for("staff-1", staff=True))  # any view refreshes the room's copy
    assert not Webinar.objects.get().sharing_allowed
    assert not ledger.has_access(block.ref().usage_key, "kim")
    assert 'data-situation="open_link"' in student_html(factory.block_for("kim"))
