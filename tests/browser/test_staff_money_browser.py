"""Issue 14, items 5 and 16 in Chromium: staff confirm what revoking a paying learner means, and see who paid."""
import time

import pytest
from playwright.sync_api import expect

from tests.support.stripe_cards import VISA, stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]


def test_revoking_a_paying_learner_asks_first_and_the_access_list_shows_the_payment(
        page, settings, stripe_api, workbench_server):
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)
    learner = f"payer-{time.time_ns() % 10**8}"
    scenario = f"{workbench_server.url}/scenario/fee_training.0/"
    page.goto(f"{scenario}?student={learner}")
    block = page.locator(".fee-training").first
    for field, value in (("number", VISA), ("exp_month", "12"), ("exp_year", "40"), ("cvc", "123"),
                         ("postal_code", "10115")):
        block.locator(f"input[placeholder={field}]").fill(value)
    block.get_by_role("button", name="Pay $49.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()

    page.goto(f"{scenario}?student=staff")
    page.locator("[data-role=access-list]").click()
    row = page.locator("[data-role=access-table] tbody tr", has_text=learner)
    expect(row).to_contain_text("Card payment")
    expect(row).to_contain_text("$49.99")
    assert "staff_access_csv" in page.locator("[data-role=access-csv]").get_attribute("href")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.fill("input[name=learner]", learner)
    page.click("button[data-action=revoke]")
    expect(page.locator("[data-role=staff-message]")).to_have_text("Nothing was changed.")
    assert "$49.99" in questions[0] and "does not refund" in questions[0]

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[data-action=revoke]")
    expect(page.locator("[data-role=staff-message]")).to_contain_text("not refunded")
    page.goto(f"{scenario}?student={learner}")
    expect(page.locator("[data-role=access-notice]")).to_contain_text("You paid for it")
    expect(page.locator("[data-role=pay-form]")).to_have_count(0)
    expect(page.locator(".paid-marker")).to_have_count(0)
