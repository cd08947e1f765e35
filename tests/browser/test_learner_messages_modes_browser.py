"""Issue 14, items 13 and 14 for the scripts main added: paypal.js, webinar.js and live_session.js, in Chromium.

A lost connection or an answer without a message never shows a browser's technical text
("Failed to fetch", "Bad request", PayPal's own error wording); each says what to do in the
page's translated sentences. A PayPal retry after a lost capture answer shows the content
the learner already has, as the card form does.
"""
import itertools
import time

import pytest
from playwright.sync_api import expect

from fee_training_xblock.block.workbench import scenarios
from fee_training_xblock.models import Payment
from tests.browser.test_learner_messages_browser import assert_plain
from tests.live_sessions.conftest import live_settings
from tests.support.paypal import paypal_settings
from tests.support.stripe_cards import stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

_ids = itertools.count()


def scenario(prefix):
    """The workbench URL path of the first scenario whose title starts with `prefix`."""
    return f"/scenario/fee_training.{next(index for index, (title, _) in enumerate(scenarios()) if title.startswith(prefix))}/"


def new_student(prefix):
    return f"{prefix}{next(_ids)}-{time.time_ns() % 10**6}"


@pytest.fixture
def shop(settings, stripe_api, paypal, workbench_server, page):
    """Cards and PayPal on; returns a function opening the USD block for a new learner, with PayPal chosen."""
    settings.FEE_TRAINING = {**stripe_settings(stripe_api, DEMO_MODE=True), **paypal_settings(paypal)}
    page.set_default_timeout(15000)

    def open_with_paypal():
        page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student={new_student('ppm')}")
        block = page.locator(".fee-training").first
        block.get_by_role("radio", name="PayPal").check()
        expect(block.get_by_role("button", name="PayPal", exact=True)).to_be_visible()
        return block
    yield open_with_paypal
    assert paypal.violations() == []


def test_paypal_a_lost_connection_says_what_to_do(page, shop):
    block = shop()
    page.route("**/paypal_start/**", lambda route: route.abort())
    block.get_by_role("button", name="PayPal", exact=True).click()
    error = block.locator("[data-role=paypal-error]")
    expect(error).to_contain_text("could not be reached")
    page.wait_for_timeout(500)  # PayPal's onError comes after createOrder failed: it must not overwrite ours
    expect(error).to_contain_text("could not be reached")
    assert_plain(error.inner_text())


def test_paypals_own_error_text_never_reaches_the_learner(page, shop):
    block = shop()
    # An answer PayPal's SDK cannot use: its onError gets "Expected an order id to be passed ...".
    page.route("**/paypal_start/**", lambda route: route.fulfill(status=200, body='{"status": "approve"}',
                                                                   content_type="application/json"))
    block.get_by_role("button", name="PayPal", exact=True).click()
    error = block.locator("[data-role=paypal-error]")
    expect(error).to_contain_text("did not go through")
    assert "order id" not in error.inner_text() and "Expected" not in error.inner_text()
    assert_plain(error.inner_text())


def test_paypal_an_answer_without_a_message_is_not_shown_raw(page, shop):
    block = shop()
    page.route("**/paypal_capture/**", lambda route: route.fulfill(status=500, body="<h1>Server Error</h1>",
                                                                     content_type="text/html"))
    with page.expect_popup() as popup:
        block.get_by_role("button", name="PayPal", exact=True).click()
    popup.value.get_by_role("button", name="Pay now").click()
    error = block.locator("[data-role=paypal-error]")
    expect(error).to_contain_text("Reload the page and try again")
    assert_plain(error.inner_text())


def test_paypal_a_retry_after_a_lost_capture_answer_shows_the_content(page, shop, paypal):
    block = shop()
    lost = []

    def lose_first_answer(route):
        if not lost:
            lost.append(route.fetch())  # the server captures, the answer never arrives
            route.abort()
        else:
            route.continue_()
    page.route("**/paypal_capture/**", lose_first_answer)
    with page.expect_popup() as popup:
        block.get_by_role("button", name="PayPal", exact=True).click()
    popup.value.get_by_role("button", name="Pay now").click()
    expect(block.locator("[data-role=paypal-error]")).to_contain_text("could not be reached")
    expect(page.locator(".paid-marker")).to_have_count(0)
    block.get_by_role("button", name="PayPal", exact=True).click()  # the learner tries again
    expect(page.locator(".paid-marker")).to_be_visible()  # no error over hidden content: the content opens
    assert Payment.objects.filter(method="paypal", status="paid").count() == 1  # captured once


def test_webinar_staff_tools_say_what_to_do_when_the_server_cannot_be_reached(settings, workbench_server, page):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "WEBINAR_PASSWORD_ITERATIONS": 100_000}
    page.set_default_timeout(15000)
    page.goto(f"{workbench_server.url}{scenario('Webinar: Live Q&A')}?student=staff")
    page.route("**/webinar_set_password/**", lambda route: route.abort())
    tools = page.locator("[data-role=webinar-staff]")
    room = tools.locator("[data-role=webinar-room-password]")
    room.locator("input[name=password]").fill("Tulip-2026")
    room.locator("button[data-action=set]").click()
    message = tools.locator("[data-role=webinar-staff-message]")
    expect(message).to_contain_text("could not be reached")
    assert_plain(message.inner_text())


def test_live_session_host_form_says_what_to_do_when_the_server_cannot_be_reached(settings, stripe_api,
                                                                                 workbench_server, page):
    settings.FEE_TRAINING = live_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)
    page.goto(f"{workbench_server.url}{scenario('Live session:')}?student=staff_{new_student('host')}")
    page.route("**/estimate_session/**", lambda route: route.fulfill(status=502, body="Bad gateway",
                                                                       content_type="text/plain"))
    form = page.locator("[data-role=session-form]")
    for name, value in (("title", "Onboarding"), ("duration_minutes", "60"), ("session_computers", "5"),
                        ("division", "Sales")):
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name="Start Session").click()
    error = form.locator("[data-role=session-error]")
    expect(error).to_contain_text("Reload the page and try again")
    assert_plain(error.inner_text())
