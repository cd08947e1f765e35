"""A learner pays with PayPal in Chromium: the live workbench, the block's JS, and the PayPal stand-in.

PayPal cannot be reached from these machines, so PayPal's JS SDK, its approval window and
its REST API are the local stand-in (demo/paypal_standin), which checks every call against
PayPal's OpenAPI documents; each test ends with no contract violation. The stand-in also
posts its signed webhooks to the live plugin, as PayPal would.
"""
import itertools
import pathlib
import time

import pytest
from playwright.sync_api import expect

from fee_training_xblock.models import Payment
from tests.support.paypal import WEBHOOK_ID, paypal_settings
from tests.support.stripe_cards import stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
_ids = itertools.count()


@pytest.fixture
def shop(settings, stripe_api, paypal, workbench_server, page):
    """Cards and PayPal on (demo mode); returns a function opening the USD scenario for a new learner."""
    settings.FEE_TRAINING = {**stripe_settings(stripe_api, DEMO_MODE=True), **paypal_settings(paypal)}
    paypal.register_webhook(f"{workbench_server.url}/fee_training/webhook/paypal/", WEBHOOK_ID)
    page.set_default_timeout(15000)

    def open_as_new_learner(student=None):
        student = student or f"pp{next(_ids)}-{time.time_ns() % 10**6}"
        page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student={student}")
        return student
    yield open_as_new_learner
    assert paypal.violations() == []


def block(page):
    """The paid block on the page."""
    return page.locator(".fee-training").first


def choose_paypal(page):
    """Pick PayPal in the block's 'Pay with' choice: the card form hides, PayPal's button shows."""
    block(page).get_by_role("radio", name="PayPal").check()
    expect(block(page).locator("[data-role=pay-form]")).to_be_hidden()
    expect(block(page).get_by_role("button", name="PayPal", exact=True)).to_be_visible()


def approve_in_popup(page, choice="Pay now"):
    """Press PayPal's button, then `choice` in PayPal's window."""
    with page.expect_popup() as popup_info:
        block(page).get_by_role("button", name="PayPal", exact=True).click()
    popup = popup_info.value
    expect(popup.locator(".amount")).to_have_text("USD 49.99")
    popup.get_by_role("button", name=choice).click()


def test_paying_with_paypal_unlocks_the_content_with_a_paypal_receipt(page, shop, paypal):
    shop()
    expect(block(page).locator("[data-role=price]")).to_have_text("$49.99")
    expect(page.locator(".paid-marker")).to_have_count(0)
    choose_paypal(page)
    ARTIFACTS.mkdir(exist_ok=True)
    block(page).screenshot(path=ARTIFACTS / "paypal-choice.png")
    approve_in_popup(page)
    expect(page.locator(".paid-marker")).to_be_visible()
    receipt = block(page).locator("[data-role=receipt]")
    expect(receipt).to_contain_text("PayPal")
    payment = Payment.objects.get(method="paypal")
    expect(receipt).to_contain_text(payment.capture_id)
    block(page).screenshot(path=ARTIFACTS / "paypal-paid.png")
    page.reload()
    expect(page.locator(".paid-marker")).to_be_visible()
    assert paypal.violations() == []


def test_cancelling_in_paypal_says_so_grants_nothing_and_paying_again_works(page, shop, paypal):
    shop()
    choose_paypal(page)
    approve_in_popup(page, choice="Cancel and return")
    expect(block(page).locator("[data-role=paypal-error]")).to_contain_text("You cancelled the PayPal payment")
    expect(page.locator(".paid-marker")).to_have_count(0)
    approve_in_popup(page)
    expect(page.locator(".paid-marker")).to_be_visible()
    assert [p.status for p in Payment.objects.order_by("pk")] == ["failed", "paid"]
    assert paypal.violations() == []


def test_a_staff_refund_sends_the_money_back_through_paypal_and_locks_the_learner_out(page, shop, paypal,
                                                                                      workbench_server):
    student = shop()
    choose_paypal(page)
    approve_in_popup(page)
    expect(page.locator(".paid-marker")).to_be_visible()
    page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student=staff")
    page.fill("input[name=learner]", student)
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.click("button[data-action=refund]")
    expect(page.locator("[data-role=staff-message]")).to_contain_text("Payment refunded and access revoked.")
    # Issue 14, item 16: staff confirmed a question stating the amount and where the money goes.
    assert len(questions) == 1 and "$49.99" in questions[0] and "PayPal account" in questions[0]
    shop(student)
    expect(block(page).get_by_role("radio", name="PayPal")).to_be_visible()
    expect(page.locator(".paid-marker")).to_have_count(0)
    capture = paypal.client().call("GET", f"/v2/payments/captures/{Payment.objects.get().capture_id}")[1]
    assert capture["status"] == "REFUNDED"
    assert paypal.violations() == []


def test_where_the_sdk_cannot_load_the_learner_pays_on_paypals_page_and_comes_back(page, shop, paypal, settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "PAYPAL_SDK_URL": "http://127.0.0.1:9/sdk/js"}  # nothing there
    shop()
    block(page).get_by_role("radio", name="PayPal").check()
    redirect = block(page).get_by_role("button", name="Pay with PayPal")
    expect(redirect).to_be_visible()
    expect(block(page).locator("[data-role=paypal-status]")).to_contain_text("could not be loaded")
    redirect.click()
    page.wait_for_url(f"{paypal.url}/checkoutnow*")
    expect(page.locator(".amount")).to_have_text("USD 49.99")
    page.get_by_role("button", name="Pay now").click()
    expect(page.locator(".paid-marker")).to_be_visible()
    assert "token=" not in page.url and "ft_paypal" not in page.url  # the address is tidied after the capture
    expect(block(page).locator("[data-role=receipt]")).to_contain_text("PayPal")
    assert paypal.violations() == []
