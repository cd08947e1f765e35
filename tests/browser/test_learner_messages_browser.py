"""Issue 14, items 13 and 14: what a learner reads when something fails, in Chromium on the live workbench.

No technical text reaches the page (a browser's "Failed to fetch", a bare "Bad request",
a JavaScript error, Stripe's own wording): each failure says what happened and what to
do, in the page's translated sentences. If Stripe.js cannot load, Pay neither submits nor
reloads the page; a retry after a lost answer shows the content the learner already has.
"""
import itertools
import time

import pytest
from playwright.sync_api import expect

from tests.support.stripe_cards import THREE_D_SECURE, VISA, stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

_ids = itertools.count()
TECHNICAL = ("Failed to fetch", "Bad request", "Cannot read properties", "undefined", "PaymentMethod",
             "TypeError", "HTTP 4", "HTTP 5")


@pytest.fixture
def learner_page(settings, stripe_api, workbench_server, page):
    """Payments on (localstripe); returns (open(), url of the USD scenario) for a new learner each call."""
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)

    def open_page():
        student = f"msg{next(_ids)}-{time.time_ns() % 10**6}"
        url = f"{workbench_server.url}/scenario/fee_training.0/?student={student}"
        page.goto(url)
        return url
    return open_page


def fill_card(page, number):
    """Type a card into localstripe's Card Element."""
    block = page.locator(".fee-training")
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "40"), ("cvc", "123"),
                         ("postal_code", "10115")):
        block.locator(f"input[placeholder={field}]").fill(value)


def pay_error(page):
    """The card form's error line."""
    return page.locator("[data-role=pay-error]")


def assert_plain(text):
    """No technical wording in what the learner reads."""
    assert not [word for word in TECHNICAL if word in text], text


def test_a_lost_connection_says_what_to_do(page, learner_page):
    learner_page()
    page.route("**/start_payment/**", lambda route: route.abort())
    fill_card(page, VISA)
    page.get_by_role("button", name="Pay $49.99").click()
    expect(pay_error(page)).to_contain_text("could not be reached")
    assert_plain(pay_error(page).inner_text())


def test_a_server_answer_without_a_message_is_not_shown_raw(page, learner_page):
    learner_page()
    page.route("**/start_payment/**", lambda route: route.fulfill(status=400, body="Bad request",
                                                                    content_type="text/plain"))
    fill_card(page, VISA)
    page.get_by_role("button", name="Pay $49.99").click()
    expect(pay_error(page)).to_contain_text("Reload the page and try again")
    assert_plain(pay_error(page).inner_text())


def test_a_failed_bank_check_uses_our_words_not_stripes(page, learner_page):
    learner_page()
    fill_card(page, THREE_D_SECURE)
    page.get_by_role("button", name="Pay $49.99").click()
    page.get_by_role("button", name="Fail authentication").click()
    expect(pay_error(page)).to_contain_text("No money was taken")
    assert "bank" in pay_error(page).inner_text()
    assert_plain(pay_error(page).inner_text())


def test_a_broken_card_script_gives_a_plain_message(page, learner_page, stripe_api):
    # Stripe.js answers createToken with nothing: the old page showed a JavaScript error.
    page.route(f"{stripe_api.js_url}**", lambda route: route.fulfill(content_type="application/javascript", body="""
        window.Stripe = function () { return {
          elements: function () { return {create: function () { return {mount: function () {}}; }}; },
          createToken: function () { return Promise.resolve(undefined); } }; };"""))
    learner_page()
    page.get_by_role("button", name="Pay $49.99").click()
    expect(pay_error(page)).to_contain_text("Check your card number")
    assert_plain(pay_error(page).inner_text())


def test_without_stripe_js_pay_never_submits_the_form_and_says_why(page, learner_page, stripe_api):
    page.route(f"{stripe_api.js_url}**", lambda route: route.abort())
    url = learner_page()
    expect(pay_error(page)).to_contain_text("card form could not be loaded")
    page.locator("[data-role=pay-form]").evaluate("form => form.requestSubmit()")
    page.wait_for_timeout(500)
    assert page.url == url  # the learner id is still on the URL: no reload, no GET submission
    expect(pay_error(page)).to_contain_text("reload the page")


def test_a_retry_after_a_lost_answer_shows_the_content(page, learner_page):
    learner_page()
    lost = []

    def lose_first_answer(route):
        if not lost:
            lost.append(route.fetch())  # the server takes the payment, the answer never arrives
            route.abort()
        else:
            route.continue_()
    page.route("**/start_payment/**", lose_first_answer)
    fill_card(page, VISA)
    page.get_by_role("button", name="Pay $49.99").click()
    expect(pay_error(page)).to_contain_text("could not be reached")
    expect(page.locator(".paid-marker")).to_have_count(0)
    fill_card(page, VISA)
    page.get_by_role("button", name="Pay $49.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()  # no red "You already have access" over hidden content
    expect(page.locator("[data-role=receipt]")).to_contain_text("Reference")
