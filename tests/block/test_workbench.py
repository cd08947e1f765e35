"""The demo's workbench pages render our scenarios through Django's full request stack."""
import pytest

pytestmark = pytest.mark.django_db


def test_index_lists_our_scenarios_and_hides_sample_blocks(client):
    html = client.get("/").content.decode()
    assert "Paid access: Python for data analysis (USD)" in html
    assert "Free access: Orientation" in html
    assert "Hello World" not in html


def block_html(page):
    """Only the rendered block (the workbench also prints the scenario's XML source below it)."""
    return page.split('<div class="fee-training"', 1)[1].split("Scenario</span>", 1)[0]


def test_paid_scenario_shows_price_and_hides_content(client):
    page = client.get("/scenario/fee_training.0/?student=wb-alice").content.decode()
    html = block_html(page)
    assert "$49.99" in html
    assert "paid-marker" not in html


def test_zero_decimal_and_free_scenarios(client):
    assert "¥5,000" in client.get("/scenario/fee_training.1/?student=wb-bob").content.decode()
    assert "free-marker" in block_html(client.get("/scenario/fee_training.2/?student=wb-bob").content.decode())


def test_staff_sees_preview_in_workbench(client):
    html = block_html(client.get("/scenario/fee_training.0/?student=staff").content.decode())
    assert "Staff preview" in html and "paid-marker" in html


def test_demo_seed_makes_the_subscription_scenario_sell_a_subscription(client, settings, stripe_api):
    from demo.seed import seed  # pylint: disable=import-outside-toplevel
    from tests.support.stripe_cards import stripe_settings  # pylint: disable=import-outside-toplevel
    settings.FEE_TRAINING = stripe_settings(stripe_api)  # as in `make demo`
    seed()
    seed()  # running the demo twice changes nothing
    html = block_html(client.get("/scenario/fee_training.3/?student=wb-dana").content.decode())
    assert "Demo: security labs, one year" in html and "$99.00" in html
    staff = block_html(client.get("/scenario/fee_training.3/?student=staff").content.decode())
    assert "No subscription profile covers this course" not in staff
    assert "data-role=\"promo-staff\"" not in staff and "New code(s)" not in staff  # nothing to discount
