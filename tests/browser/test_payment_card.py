"""A learner pays by card in Chromium: the live workbench, the block's JS and localstripe's fake Stripe.js."""
import itertools
import os
import pathlib
import time

import pytest
from playwright.sync_api import expect

from tests.support.stripe_cards import DECLINED, THREE_D_SECURE, VISA, stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

# The README's screenshots are refreshed only on request, so a test run leaves the git tree clean.
ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("FEE_TRAINING_UPDATE_SCREENSHOTS") else "test-artifacts")
_ids = itertools.count()


@pytest.fixture
def paid_page(settings, stripe_api, workbench_server, page):
    """Payments on (demo mode, localstripe); returns a function opening the USD scenario for a new learner."""
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)

    def open_as_new_learner():
        student = f"learner{next(_ids)}-{time.time_ns() % 10**6}"
        page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student={student}")
        return student
    return open_as_new_learner


def fill_card(page, number):
    """Type a card into localstripe's Card Element (number, MM, YY, CVC, postcode)."""
    block = page.locator(".fee-training")
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "40"), ("cvc", "123"), ("postal_code", "10115")):
        block.locator(f"input[placeholder={field}]").fill(value)


def block(page):
    """The paid block on the page."""
    return page.locator(".fee-training").first


def test_visa_payment_shows_content_and_survives_reload(page, paid_page):
    paid_page()
    expect(block(page).locator("[data-role=price]")).to_have_text("$49.99")
    expect(page.locator(".paid-marker")).to_have_count(0)
    expect(block(page).locator("[data-role=test-cards]")).to_contain_text("4242 4242 4242 4242")
    fill_card(page, VISA)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    block(page).screenshot(path=SCREENSHOTS / "learner-before-payment.png")
    block(page).get_by_role("button", name="Pay $49.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()
    expect(block(page).locator("[data-role=receipt]")).to_contain_text("Reference")
    block(page).screenshot(path=SCREENSHOTS / "learner-after-payment.png")
    page.reload()
    expect(page.locator(".paid-marker")).to_be_visible()
    expect(block(page).locator("[data-role=pay-form]")).to_have_count(0)


def test_3ds_card_completes_through_authentication(page, paid_page):
    paid_page()
    fill_card(page, THREE_D_SECURE)
    block(page).get_by_role("button", name="Pay $49.99").click()
    page.get_by_role("button", name="Complete authentication").click()
    expect(page.locator(".paid-marker")).to_be_visible()
    expect(block(page).locator("[data-role=granted]")).to_be_visible()


def test_declined_card_shows_error_and_no_content(page, paid_page):
    paid_page()
    fill_card(page, DECLINED)
    block(page).get_by_role("button", name="Pay $49.99").click()
    expect(block(page).locator("[data-role=pay-error]")).to_contain_text("declined")
    expect(page.locator(".paid-marker")).to_have_count(0)
    expect(block(page).get_by_role("button", name="Pay $49.99")).to_be_enabled()


def test_staff_refund_from_the_block_locks_the_learner_out_again(page, paid_page, workbench_server):
    student = paid_page()
    fill_card(page, VISA)
    block(page).get_by_role("button", name="Pay $49.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()
    page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student=staff")
    page.fill("input[name=learner]", student)
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("button[data-action=refund]")
    expect(page.locator("[data-role=staff-message]")).to_contain_text("Payment refunded and access revoked.")
    # Issue 14, item 16: staff confirmed a question that stated the amount first.
    assert len(questions) == 1 and "$49.99" in questions[0] and "Refund" in questions[0]
    page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student={student}")
    expect(block(page).locator("[data-role=pay-form]")).to_be_visible()
    expect(page.locator(".paid-marker")).to_have_count(0)


def test_failed_3ds_shows_error_then_another_try_pays(page, paid_page):
    paid_page()
    fill_card(page, THREE_D_SECURE)
    block(page).get_by_role("button", name="Pay $49.99").click()
    page.get_by_role("button", name="Fail authentication").click()
    expect(block(page).locator("[data-role=pay-error]")).to_contain_text("No money was taken")
    expect(page.locator(".paid-marker")).to_have_count(0)
    fill_card(page, VISA)
    block(page).get_by_role("button", name="Pay $49.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()
