"""A learner buys a subscription by card in Chromium, then pressing Start course creates the billed assignment."""
import re
import time

import pytest
from playwright.sync_api import expect

from fee_training_xblock.models import CourseAssignment, ProfileCourse, Subscription, SubscriptionProfile
from tests.support.stripe_cards import VISA, stripe_settings

pytestmark = [pytest.mark.browser, pytest.mark.stripe]

SCENARIO = "/scenario/fee_training.3/"


def test_learner_buys_a_subscription_and_starts_the_course(settings, stripe_api, workbench_server, page):
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    page.set_default_timeout(15000)
    page.goto(f"{workbench_server.url}{SCENARIO}?student=staff")
    course_key = page.locator("[data-role=course-key]").inner_text()
    profile = SubscriptionProfile.objects.create(name="Lab pass", organization="workbench", duration_days=365,
                                                 price_minor=2500, sale_price_minor=9900)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    student = f"buyer-{time.time_ns() % 10**6}"
    page.goto(f"{workbench_server.url}{SCENARIO}?student={student}")
    offer = page.locator("[data-role=subscription-offer]")
    expect(offer).to_contain_text("Lab pass")
    expect(page.locator(".subscription-marker")).to_have_count(0)
    block = page.locator(".fee-training").first
    for field, value in (("number", VISA), ("exp_month", "12"), ("exp_year", "40"), ("cvc", "123"), ("postal_code", "10115")):
        block.locator(f"input[placeholder={field}]").fill(value)
    block.get_by_role("button", name=re.compile(r"Pay \$99\.00")).click()
    start = page.get_by_role("button", name="Start course")  # the page reloads after payment
    expect(start).to_be_visible()
    assert not CourseAssignment.objects.exists()  # paying and viewing bill nothing
    start.click()
    expect(page.locator(".subscription-marker")).to_be_visible()  # started: the page reloads with the content
    expect(page.locator("[data-role=assignment-live]")).to_be_visible()
    assert Subscription.objects.get(user_key=student).source == "purchase"
    assert CourseAssignment.objects.get(user_key=student).price_minor == 2500
