"""Webinars in Chromium on the live workbench: staff set the room password and generate personal links; a
learner opens a link and is admitted, another account is refused, an expired link is refused, five wrong
passwords lock a learner out for the configured time, and with sharing off the password alone admits no one."""
import pathlib
import re
import time
import uuid

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from fee_training_xblock.webinars.models import WebinarLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
INVITED = "/scenario/fee_training.5/"  # invited participants only: personal links + room password, sharing off
PASSWORD = "Tulip-2026"
LOCKOUT_SECONDS = 4


@pytest.fixture
def site(settings, workbench_server, page):
    """The live workbench; personal links point at it; a short lockout so the test can wait it out."""
    settings.LMS_ROOT_URL = workbench_server.url
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "WEBINAR_PASSWORD_ITERATIONS": 100_000,
                             "WEBINAR_PASSWORD_LOCKOUT": LOCKOUT_SECONDS}
    cache.clear()
    page.set_default_timeout(15000)
    yield workbench_server.url
    cache.clear()


def student():
    return f"wb-{uuid.uuid4().hex[:8]}"


def staff_prepares_room_and_links(page, url, participants, expires_at=""):
    """As staff: set the room password, generate links without emailing them; returns the links shown once."""
    page.goto(url + INVITED + "?student=staff")
    tools = page.locator("[data-role=webinar-staff]")
    room = tools.locator("[data-role=webinar-room-password]")
    room.locator("input[name=password]").fill(PASSWORD)
    room.locator("button[data-action=set]").click()
    expect(tools.locator("[data-role=webinar-staff-message]")).to_contain_text("Room password saved")
    form = tools.locator("[data-role=webinar-generate]")
    form.locator("textarea[name=participants]").fill(participants)
    if expires_at:
        form.locator("input[name=expires_at]").fill(expires_at)
    form.locator("input[name=send]").uncheck()
    form.locator("button[type=submit]").click()
    expect(tools.locator("[data-role=webinar-staff-message]")).to_contain_text(re.compile(r"personal links? generated"))
    shown = tools.locator("[data-role=webinar-new-link]")
    return [text.split(": ", 1)[1] for text in shown.all_inner_texts()]


def open_link_as(page, link, who):
    """Open a personal link in the workbench and say who you are; returns the page's main text."""
    page.goto(link)
    page.locator("[data-role=student-form] input[name=student]").fill(who)
    page.locator("[data-role=student-form] button").click()
    return page.locator("[data-role=webinar-link-page]")


def test_a_personal_link_admits_one_person_and_refuses_everyone_else(site, page, browser):
    [link] = staff_prepares_room_and_links(page, site, "Anna Nowak <anna@example.org>")
    anna = student()
    link_page = open_link_as(page, link, anna)
    expect(link_page).to_contain_text("Personal link for Anna Nowak")
    page.get_by_role("button", name=f"Join as {anna}").click()
    expect(page).to_have_url(f"{site}{INVITED}?student={anna}")
    block = page.locator(".fee-training").first
    expect(block).to_contain_text("Your personal link is confirmed")
    block.locator("[data-role=webinar-password]").fill(PASSWORD)
    block.locator("[data-role=webinar-password-submit]").click()
    expect(block.locator(".webinar-marker")).to_be_visible()
    expect(block.locator("[data-role=webinar-join]")).to_be_visible()
    expect(block.locator("[data-role=webinar-calendar]")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "webinar-admitted.png", full_page=True)

    other = browser.new_context()  # another person, another browser session
    try:
        intruder = other.new_page()
        refused = open_link_as(intruder, link, student())
        expect(refused.locator("[data-role=link-problem]")).to_contain_text(
            "This link is personal and was already used by another account")
        assert intruder.get_by_role("button", name="Join as").count() == 0
        intruder.screenshot(path=ARTIFACTS / "webinar-link-refused.png", full_page=True)
    finally:
        other.close()


def test_an_expired_link_is_refused(site, page):
    later = timezone.localtime(timezone.now() + timezone.timedelta(days=1), timezone.get_fixed_timezone(60))
    [link] = staff_prepares_room_and_links(page, site, "Jan Kowalski", expires_at=later.strftime("%Y-%m-%dT%H:%M"))
    # A day passes: the test moves the expiry into the past instead of waiting for it.
    WebinarLink.objects.update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    refused = open_link_as(page, link, student())
    expect(refused.locator("[data-role=link-problem]")).to_contain_text("This personal link expired on")
    assert page.get_by_role("button", name="Join as").count() == 0


def test_five_wrong_passwords_lock_the_learner_out_for_the_configured_time(site, page):
    [link] = staff_prepares_room_and_links(page, site, "Ola <ola@example.org>")
    ola = student()
    open_link_as(page, link, ola)
    page.get_by_role("button", name=f"Join as {ola}").click()
    block = page.locator(".fee-training").first
    message = block.locator("[data-role=webinar-message]")
    def submit(password):
        block.locator("[data-role=webinar-password]").fill(password)
        with page.expect_response(lambda response: "/webinar_password/" in response.url):
            block.locator("[data-role=webinar-password-submit]").click()

    for attempt in range(5):
        submit(f"wrong-{attempt}")
        expected = "Too many wrong passwords. Try again at" if attempt == 4 else "That is not the room password"
        expect(message).to_contain_text(expected)
        expect(message).to_have_class("fee-training__message is-error")
    locked_at = time.monotonic()
    page.screenshot(path=ARTIFACTS / "webinar-locked-out.png", full_page=True)
    submit(PASSWORD)
    expect(message).to_contain_text("Too many wrong passwords")  # the right password waits too
    time.sleep(max(0.0, LOCKOUT_SECONDS + 0.5 - (time.monotonic() - locked_at)))
    block.locator("[data-role=webinar-password]").fill(PASSWORD)
    block.locator("[data-role=webinar-password-submit]").click()
    expect(page.locator(".webinar-marker")).to_be_visible()


def test_with_sharing_off_the_password_alone_does_not_admit(site, page):
    staff_prepares_room_and_links(page, site, "Someone Else")
    visitor = student()
    page.goto(f"{site}{INVITED}?student={visitor}")
    block = page.locator(".fee-training").first
    expect(block).to_contain_text("Open your personal link")
    assert block.locator("[data-role=webinar-password-form]").count() == 0
    reply = page.evaluate("""async (password) => {
        const root = document.querySelector('.fee-training');
        const url = root.closest('[data-usage]').dataset.usage;
        const csrf = document.cookie.match(/csrftoken=([^;]+)/)[1];
        const response = await fetch('/handler/' + url + '/webinar_password/?student=' + new URL(location).searchParams.get('student'),
            {method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf}, body: JSON.stringify({password})});
        return [response.status, (await response.json()).error];
    }""", PASSWORD)
    assert reply[0] == 400 and "The room password alone does not admit you" in reply[1]
    page.reload()
    expect(page.locator(".fee-training").first).to_contain_text("Open your personal link")
    assert page.locator(".webinar-marker").count() == 0


def test_the_time_is_shown_in_the_browsers_time_zone(site, browser):
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{site}{INVITED}?student={student()}")
        expect(page.locator("[data-role=webinar-when]")).to_contain_text("(Asia/Tokyo)")
    finally:
        context.close()
