"""Accessibility and small screens (issue 14, item 17): axe-core on the learner and staff views in Chromium.

axe-core is vendored (tests/support/vendor/axe-core, MPL-2.0) and injected into the page,
so this runs offline. Every axe violation of the block fails the test (the workbench's own
page chrome is excluded); buttons must be at least 44 px tall on a 375 px wide screen and
the staff tables must scroll inside the block instead of overflowing it.
"""
import pathlib

import pytest
from playwright.sync_api import expect

from tests.support.stripe_cards import stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

AXE = pathlib.Path(__file__).resolve().parents[1] / "support" / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}


def axe_violations(page):
    """axe's violations inside the block (WCAG 2.x A/AA and best practices), as 'rule: target' strings."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run({include: [['.fee-training']]},
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(' | '));
    }""")
    return result


@pytest.fixture
def open_block(settings, stripe_api, workbench_server, page):
    """Payments on (demo mode); returns a function opening the USD scenario as a given student."""
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)

    def opener(student, scenario="fee_training.0"):
        page.goto(f"{workbench_server.url}/scenario/{scenario}/?student={student}")
        page.locator(".fee-training").first.wait_for()
        return page
    return opener


def test_learner_view_has_no_axe_violations(open_block):
    page = open_block("a11y-learner")
    expect(page.locator("[data-role=card-element] input").first).to_be_visible()
    assert axe_violations(page) == []


def test_staff_view_has_no_axe_violations_with_tables_open(open_block):
    page = open_block("staff")
    page.locator("[data-role=promo-list]").click()
    expect(page.locator("[data-role=promo-table]")).to_be_visible()
    page.locator("[data-role=access-list]").click()
    expect(page.locator("[data-role=access-table]")).to_be_visible()
    assert axe_violations(page) == []


def test_subscription_view_has_no_axe_violations(open_block):
    page = open_block("staff", "fee_training.3")
    assert axe_violations(page) == []


def _short_buttons(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('.fee-training button'))
        .filter(b => b.offsetParent !== null && b.getBoundingClientRect().height < 44)
        .map(b => b.textContent.trim() + ' ' + Math.round(b.getBoundingClientRect().height) + 'px')""")


def test_buttons_are_44px_tall_on_a_375px_screen(open_block):
    page = open_block("a11y-phone")
    page.set_viewport_size(PHONE)
    assert _short_buttons(page) == []
    page = open_block("staff")
    page.set_viewport_size(PHONE)
    assert _short_buttons(page) == []


def test_staff_tables_do_not_overflow_the_block_on_a_phone(open_block):
    page = open_block("staff")
    page.set_viewport_size(PHONE)
    page.locator("[data-role=promo-list]").click()
    expect(page.locator("[data-role=promo-table]")).to_be_visible()
    overflow = page.evaluate("""() => {
        const block = document.querySelector('.fee-training');
        return {block: block.clientWidth, content: block.scrollWidth,
                tables: Array.from(block.querySelectorAll('table')).filter(t => t.offsetParent !== null)
                    .map(t => getComputedStyle(t.parentElement).overflowX)};
    }""")
    assert overflow["content"] <= overflow["block"] + 1, overflow  # nothing sticks out of the block
    assert set(overflow["tables"]) <= {"auto", "scroll"}, overflow  # wide tables scroll inside it


# ---- the views main added after issue 14 started: webinars and live sessions ----

def scenario_of(prefix):
    """The workbench scenario id of the first scenario whose title starts with `prefix`."""
    from fee_training_xblock.block.workbench import scenarios  # pylint: disable=import-outside-toplevel
    index = next(index for index, (title, _) in enumerate(scenarios()) if title.startswith(prefix))
    return f"fee_training.{index}"


@pytest.fixture
def live_and_webinar_block(settings, stripe_api, paypal, open_block):
    """open_block, with pay-per-use sessions on (seed rates), PayPal offered beside cards, fast webinar hashes."""
    from tests.live_sessions.conftest import live_settings  # pylint: disable=import-outside-toplevel
    from tests.support.paypal import paypal_settings  # pylint: disable=import-outside-toplevel
    settings.FEE_TRAINING = {**live_settings(stripe_api, DEMO_MODE=True), **paypal_settings(paypal),
                             "WEBINAR_PASSWORD_ITERATIONS": 100_000}
    return open_block


def test_webinar_learner_views_have_no_axe_violations(live_and_webinar_block):
    page = live_and_webinar_block("a11y-invited", scenario_of("Webinar: Live Q&A"))
    expect(page.locator("[data-role=webinar-when]")).to_be_visible()
    assert axe_violations(page) == []
    page = live_and_webinar_block("a11y-buyer", scenario_of("Webinar: Paid masterclass"))
    expect(page.locator("[data-role=method-choice]")).to_be_visible()  # cards and PayPal
    assert axe_violations(page) == []


def test_webinar_staff_view_has_no_axe_violations_with_tables_open(live_and_webinar_block):
    page = live_and_webinar_block("staff", scenario_of("Webinar: Live Q&A"))
    tools = page.locator("[data-role=webinar-staff]")
    form = tools.locator("[data-role=webinar-generate]")
    form.locator("textarea[name=participants]").fill("Anna Nowak <anna@example.org>")
    form.locator("input[name=send]").uncheck()
    form.locator("button[type=submit]").click()
    expect(tools.locator("[data-role=webinar-table]")).to_be_visible()
    page.locator("[data-role=access-list]").click()
    expect(page.locator("[data-role=access-table]")).to_be_visible()
    assert axe_violations(page) == []


def test_live_session_views_have_no_axe_violations(live_and_webinar_block):
    scenario = scenario_of("Live session:")
    page = live_and_webinar_block("a11y-waiting", scenario)
    expect(page.locator("[data-role=session-not-open]")).to_be_visible()
    assert axe_violations(page) == []
    page = live_and_webinar_block("staff_a11y_host", scenario)
    expect(page.locator("[data-role=session-form]")).to_be_visible()
    assert axe_violations(page) == []
    form = page.locator("[data-role=session-form]")
    for name, value in (("title", "Onboarding"), ("duration_minutes", "60"), ("session_computers", "5"),
                        ("teleconference_computers", "2"), ("division", "Sales")):
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name="Start Session").click()
    expect(page.locator("[data-role=session-estimate]")).to_be_visible()  # the estimate and the payment step
    assert axe_violations(page) == []


def test_webinar_and_live_session_views_fit_a_phone(live_and_webinar_block):
    for student, prefix in (("staff", "Webinar: Live Q&A"), ("a11y-phone-buyer", "Webinar: Paid masterclass"),
                            ("staff_phone_host", "Live session:")):
        page = live_and_webinar_block(student, scenario_of(prefix))
        page.set_viewport_size(PHONE)
        assert _short_buttons(page) == [], prefix
        overflow = page.evaluate("""() => {
            const block = document.querySelector('.fee-training');
            return {block: block.clientWidth, content: block.scrollWidth};
        }""")
        assert overflow["content"] <= overflow["block"] + 1, (prefix, overflow)
