"""In Chromium: staff grant a learner access from the staff tools, and the learner's view unlocks."""
import uuid

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_grant_unlocks_learner_view(page, workbench_server):
    learner = f"learner-{uuid.uuid4().hex[:8]}"
    scenario = f"{workbench_server.url}/scenario/fee_training.0/"
    page.goto(f"{scenario}?student={learner}")
    block = page.locator(".fee-training").first
    assert "$49.99" in block.inner_text()
    assert "Lesson 1" not in block.inner_text()

    page.goto(f"{scenario}?student=staff")
    page.fill("input[name=learner]", "")
    page.click("button[data-action=grant]")  # an empty name is refused by the browser's form check
    page.fill("input[name=learner]", learner)
    page.click("button[data-action=grant]")
    page.wait_for_selector("[data-role=staff-message]:has-text('Access granted')")

    page.goto(f"{scenario}?student={learner}")
    text = page.locator(".fee-training").first.inner_text()
    assert "You have access" in text and "Lesson 1" in text


def test_staff_tool_errors_are_shown_not_swallowed(page, workbench_server):
    page.goto(f"{workbench_server.url}/scenario/fee_training.0/?student=staff")
    page.fill("input[name=learner]", "never-granted")
    page.click("button[data-action=revoke]")
    message = page.locator("[data-role=staff-message]")
    message.wait_for(state="visible")
    page.wait_for_function("document.querySelector('[data-role=staff-message]').textContent.length > 0")
    assert "no active access" in message.inner_text()
    assert "is-error" in message.get_attribute("class")
