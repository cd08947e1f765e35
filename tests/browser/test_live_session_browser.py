"""A host estimates a live session in Chromium, presses Change, edits, pays with 4242; only then learners see it.

Also takes the README's screenshots of the Estimated Session Cost page
(FEE_TRAINING_UPDATE_SCREENSHOTS=1 writes them to docs/screenshots/; otherwise to test-artifacts/).
"""
import os
import pathlib
import time
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from fee_training_xblock.block.workbench import scenarios
from fee_training_xblock.models import LiveSession, LiveSessionAttendance, Payment
from tests.live_sessions.conftest import live_settings
from tests.support.stripe_cards import VISA

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("FEE_TRAINING_UPDATE_SCREENSHOTS") else "test-artifacts")
SCENARIO = "/scenario/fee_training.{}/".format(
    next(index for index, (title, _) in enumerate(scenarios()) if title.startswith("Live session:")))


@pytest.fixture
def live_page(settings, stripe_api, workbench_server, page):
    """Pay-per-use on (seed rates, demo mode, localstripe); returns a function opening the scenario as someone."""
    settings.FEE_TRAINING = live_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)
    page.set_viewport_size({"width": 900, "height": 1200})

    def open_as(student):
        page.goto(f"{workbench_server.url}{SCENARIO}?student={student}")
        return page.locator(".fee-training").first
    return open_as


def fill_session_form(block, **values):
    """Type the session options into the host's form."""
    form = block.locator("[data-role=session-form]")
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(str(value))
    return form


def fill_card(block, number):
    """Type a card into localstripe's Card Element."""
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "40"), ("cvc", "123"),
                         ("postal_code", "10115")):
        block.locator(f"input[placeholder={field}]").fill(value)


def test_host_estimates_changes_and_pays_then_the_learner_sees_the_session(page, live_page):
    learner = f"learner-{time.time_ns() % 10**6}"
    block = live_page(learner)
    expect(block.locator("[data-role=session-not-open]")).to_have_text(
        "This session has not been opened by its host yet.")
    expect(page.locator(".paid-marker")).to_have_count(0)
    expect(block.locator("[data-role=join-link]")).to_have_count(0)

    block = live_page("staff_host")
    tomorrow = (datetime.now() + timedelta(days=1)).replace(hour=10, minute=0).strftime("%Y-%m-%dT%H:%M")
    form = fill_session_form(block, title="Quarterly onboarding", starts_at=tomorrow, duration_minutes=60,
                             session_computers=25, teleconference_computers=10, division="Sales EMEA",
                             join_url="https://meet.example.com/onboarding")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    block.screenshot(path=SCREENSHOTS / "live-session-form.png")
    form.get_by_role("button", name="Schedule").click()

    estimate = block.locator("[data-role=session-estimate]")  # the page reloads with the estimate
    expect(estimate.get_by_role("heading", name="Estimated Session Cost")).to_be_visible()
    calculation = estimate.locator("[data-role=calculation]")
    expect(calculation.locator("[data-line=people-minutes]")).to_contain_text("1,500")
    expect(calculation.locator("[data-line=teleconference-minutes]")).to_contain_text("600")
    expect(calculation.locator("[data-line=people-cost]")).to_contain_text("$150.00")
    expect(calculation.locator("[data-line=teleconference-cost]")).to_contain_text("$30.00")
    expect(estimate.locator("[data-role=estimate-total]")).to_have_text("$180.00")
    expect(block.locator("[data-role=session-form]")).to_be_hidden()
    block.locator("[data-role=session-estimate]").screenshot(path=SCREENSHOTS / "live-session-estimate.png")

    estimate.get_by_role("button", name="Change").click()
    form = block.locator("[data-role=session-form]")
    expect(form).to_be_visible()
    expect(form.locator("[name=division]")).to_have_value("Sales EMEA")  # nothing lost
    expect(form.locator("[name=starts_at]")).to_have_value(tomorrow)
    form.locator("[name=session_computers]").fill("30")
    form.get_by_role("button", name="Start Session").click()

    estimate = block.locator("[data-role=session-estimate]")
    expect(estimate.locator("[data-role=estimate-total]")).to_have_text("$210.00")  # 1,800 x 0.10 + 600 x 0.05
    expect(estimate).to_contain_text("starts as soon as you have paid")
    expect(page.locator(".paid-marker")).to_be_visible()  # the host previews the content
    fill_card(block, VISA)
    block.get_by_role("button", name="Pay $210.00").click()
    expect(block.locator("[data-role=session-open]")).to_contain_text("is open: learners can see it")
    payment = Payment.objects.get(product_type="live_session")
    assert (payment.payer_key, payment.amount_minor, payment.status) == ("staff_host", 21000, "paid")
    assert LiveSession.objects.get(status="paid").division == "Sales EMEA"

    block = live_page(learner)
    expect(page.locator(".paid-marker")).to_be_visible()
    expect(block.locator("[data-role=session-live]")).to_contain_text("The session is live now")
    join = block.locator("[data-role=join-link]")
    expect(join).to_have_attribute("href", "https://meet.example.com/onboarding")
    block.screenshot(path=SCREENSHOTS / "live-session-learner.png")
    with page.expect_popup():
        join.click()
    deadline = time.monotonic() + 10
    while not LiveSessionAttendance.objects.filter(user_key=learner).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert LiveSessionAttendance.objects.filter(user_key=learner).exists()


def test_a_bad_option_is_shown_next_to_the_form_and_nothing_is_estimated(page, live_page):
    block = live_page("staff_host2")
    form = fill_session_form(block, duration_minutes=0, session_computers=25, division="Research")
    form.get_by_role("button", name="Start Session").click()
    expect(form.locator("[data-role=session-error]")).to_contain_text("Duration (minutes) must be a whole number")
    form.get_by_role("button", name="Schedule").click()  # no start time typed
    expect(form.locator("[data-role=session-error]")).to_contain_text("Start time must be")
    assert not LiveSession.objects.exists()
