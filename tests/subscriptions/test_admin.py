"""The Django admin pages for subscription billing: invoice page and CSV, subscription end computed on save."""
from datetime import UTC, datetime, timedelta

import pytest

from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import ProfileCourse, Subscription, SubscriptionProfile
from fee_training_xblock.subscriptions import assignments, subscribing

pytestmark = pytest.mark.django_db

UTC = UTC
COURSE = "course-v1:Acme+Labs+2026"


@pytest.fixture
def billed():
    """One assignment billed in November 2026."""
    profile = SubscriptionProfile.objects.create(name="Labs", organization="Acme", duration_days=365, price_minor=2500)
    ProfileCourse.objects.create(profile=profile, course_key=COURSE)
    subscribing.create_subscription(profile, "1", datetime(2026, 10, 1, tzinfo=UTC))
    assignments.start_course(BlockRef(COURSE, "b"), "1", 30, now=datetime(2026, 11, 5, tzinfo=UTC))
    return profile


def test_invoice_page_lists_lines_and_totals(admin_client, billed):
    response = admin_client.get("/admin/fee_training_xblock/courseassignment/invoice/?month=2026-11")
    assert response.status_code == 200
    html = response.content.decode()
    assert COURSE in html and "$25.00" in html and "Total USD" in html and "month boundaries in UTC" in html
    changelist = admin_client.get("/admin/fee_training_xblock/courseassignment/")
    assert changelist.status_code == 200 and "Monthly invoice" in changelist.content.decode()


def test_invoice_csv_download_streams(admin_client, billed):
    response = admin_client.get("/admin/fee_training_xblock/courseassignment/invoice/?month=2026-11&detail=1&format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines() == [
        "profile,organization,course_key,user_key,currency,unit_price_minor,assignments,amount_minor",
        f"Labs,Acme,{COURSE},1,USD,2500,1,2500",
        "TOTAL,,,,USD,,1,2500",
    ]


def test_invoice_page_explains_a_bad_month(admin_client):
    response = admin_client.get("/admin/fee_training_xblock/courseassignment/invoice/?month=nov")
    assert response.status_code == 400 and "2026-11" in response.content.decode()


def test_invoice_page_needs_admin_rights(client):
    assert client.get("/admin/fee_training_xblock/courseassignment/invoice/?month=2026-11").status_code == 302


def test_subscription_created_in_admin_gets_its_end_from_the_profile(admin_client, billed):
    response = admin_client.post("/admin/fee_training_xblock/subscription/add/", {
        "profile": billed.pk, "user_key": "77", "starts_at_0": "2026-11-01", "starts_at_1": "00:00:00",
        "source": "staff", "payment_reference": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    sub = Subscription.objects.get(user_key="77")
    assert sub.ends_at - sub.starts_at == timedelta(days=365)


def test_moving_a_subscription_start_in_admin_moves_its_end(admin_client, billed):
    sub = Subscription.objects.get(user_key="1")
    response = admin_client.post(f"/admin/fee_training_xblock/subscription/{sub.pk}/change/", {
        "profile": billed.pk, "user_key": "1", "starts_at_0": "2026-12-01", "starts_at_1": "00:00:00",
        "source": "staff", "payment_reference": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    sub.refresh_from_db()
    assert (sub.starts_at, sub.ends_at) == (datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 12, 1, tzinfo=UTC))


def test_profile_admin_pages_load(admin_client, billed):
    assert admin_client.get(f"/admin/fee_training_xblock/subscriptionprofile/{billed.pk}/change/").status_code == 200
    assert admin_client.get("/admin/fee_training_xblock/subscription/").status_code == 200
