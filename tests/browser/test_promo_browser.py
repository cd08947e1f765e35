"""Promo codes in headless Chromium on the live workbench: staff create a code, learners apply and redeem it."""
import pathlib

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"
SCENARIO = "/scenario/fee_training.0/"


@pytest.fixture(autouse=True)
def fresh_scenarios():
    """Reload scenarios: the workbench keeps their field data in the database."""
    from workbench.scenarios import init_scenarios  # pylint: disable=import-outside-toplevel
    init_scenarios()


def create_code(page, url, **fields):
    """Fill the staff form on the scenario page and submit it; returns the staff message text."""
    page.goto(url + SCENARIO + "?student=staff")
    form = page.locator("[data-role=promo-create-form]")
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button[type=submit]").click()
    message = page.locator("[data-role=promo-staff-message]")
    message.filter(has_text="Promo code").or_(message.locator("xpath=self::*[contains(@class,'is-error')]")).wait_for()
    return message.inner_text()


def test_staff_creates_code_learner_sees_discount_and_free_access(page, workbench_server):
    url = workbench_server.url
    assert "created" in create_code(page, url, code="launch-20", value="20")
    assert "created" in create_code(page, url, code="FREEPASS", value="100", max_redemptions="2")
    page.locator("[data-role=promo-list]").click()
    page.locator("[data-role=promo-table] tbody tr").first.wait_for()
    assert page.locator("[data-role=promo-table] tbody tr").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "promo-staff.png", full_page=True)

    page.goto(url + SCENARIO + "?student=wb-carol")
    form = page.locator("[data-role=promo-form]")
    assert form.locator("[data-role=promo-quote]").is_hidden()  # no empty price summary before a code
    form.locator("[data-role=promo-code]").fill(" Launch 20 ")
    form.locator("[data-role=promo-apply]").click()
    page.locator("[data-role=promo-message]").filter(has_text="applied").wait_for()
    assert form.locator("[data-role=quote-fee]").inner_text() == "$49.99"
    assert form.locator("[data-role=quote-discount]").inner_text() == "-$10.00"
    assert form.locator("[data-role=quote-total]").inner_text() == "$39.99"
    assert page.locator("[data-role=price]").inner_text() == "$39.99"
    assert form.locator("[data-role=promo-free]").is_hidden()
    page.screenshot(path=ARTIFACTS / "promo-quote.png", full_page=True)

    form.locator("[data-role=promo-code]").fill("nosuchcode")
    form.locator("[data-role=promo-apply]").click()
    page.locator("[data-role=promo-message].is-error").filter(has_text="There is no promo code").wait_for()

    form.locator("[data-role=promo-code]").fill("freepass")
    form.locator("[data-role=promo-apply]").click()
    page.locator("[data-role=promo-message]").filter(has_text="FREEPASS applied").wait_for()
    assert form.locator("[data-role=quote-total]").inner_text() == "$0.00"
    form.locator("[data-role=promo-free]").click()
    page.locator("[data-role=granted]").wait_for()
    assert page.locator(".paid-marker").count() == 1
    page.screenshot(path=ARTIFACTS / "promo-free-access.png", full_page=True)


def test_staff_bulk_generates_codes_and_downloads_csv(page, workbench_server):
    page.goto(workbench_server.url + SCENARIO + "?student=staff")
    form = page.locator("[data-role=promo-create-form]")
    form.locator("[name=count]").fill("3")
    form.locator("[name=prefix]").fill("wb")
    form.locator("[name=value]").fill("15")
    with page.expect_download() as info:
        form.locator("button[type=submit]").click()
    lines = pathlib.Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("code,discount,scope")
    assert len(lines) == 4 and all(line.startswith("WB") and ",15%," in line for line in lines[1:])
    page.locator("[data-role=promo-staff-message]").filter(has_text="3 promo codes generated").wait_for()
    page.locator("[data-role=promo-list]").click()
    rows = page.locator("[data-role=promo-table] tbody tr")
    rows.first.wait_for()
    assert rows.count() == 3
    rows.first.get_by_role("button", name="Deactivate").click()
    page.locator("[data-role=promo-staff-message]").filter(has_text="deactivated").wait_for()
    page.locator("[data-role=promo-table] tbody tr", has_text="inactive").wait_for()


@pytest.mark.stripe
def test_learner_pays_the_discounted_total_by_card(page, workbench_server, settings, stripe_api):
    from playwright.sync_api import expect  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import Payment, PromoRedemption  # pylint: disable=import-outside-toplevel
    from tests.browser.test_payment_card import fill_card  # pylint: disable=import-outside-toplevel
    from tests.support.stripe_cards import VISA, stripe_settings  # pylint: disable=import-outside-toplevel

    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)
    assert "created" in create_code(page, workbench_server.url, code="CARD20", value="20")
    page.goto(workbench_server.url + SCENARIO + "?student=wb-payer")
    block = page.locator(".fee-training").first
    block.locator("[data-role=promo-code]").fill("card 20")
    block.locator("[data-role=promo-apply]").click()
    expect(block.get_by_role("button", name="Pay $39.99")).to_be_visible()
    fill_card(page, VISA)
    page.screenshot(path=ARTIFACTS / "promo-card-payment.png", full_page=True)
    block.get_by_role("button", name="Pay $39.99").click()
    expect(page.locator(".paid-marker")).to_be_visible()
    payment = Payment.objects.get(payer_key="wb-payer")
    assert (payment.amount_minor, payment.discount_minor, payment.promo_code, payment.status) == (
        3999, 1000, "CARD20", "paid")
    assert PromoRedemption.objects.get(user_key="wb-payer").status == "confirmed"
