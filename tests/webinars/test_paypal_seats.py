"""A webinar seat can be bought with PayPal as with a card (main merged PayPal after webinars: the seat's
payment step offered cards only), and its refund goes back to PayPal with the seat and link taken back."""
import pytest

from fee_training_xblock.core import ledger
from fee_training_xblock.models import Payment
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.runtime import call_json, student_html
from tests.webinars.conftest import FAST_HASHES, webinar

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

PAGE = "https://lms.example.com/courses/course-v1:Org+C1+2026/unit"


def test_a_seat_bought_with_paypal_admits_and_its_refund_goes_back_to_paypal(paypal_on, api, settings,
                                                                           django_user_model):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, **FAST_HASHES}
    factory = webinar(fee="29.00", currency="USD", sharing=False, password=True)
    alice = str(django_user_model.objects.create_user("alice", "alice@example.org", "pw").pk)
    html = student_html(factory.block_for(alice))
    assert 'data-role="method-choice"' in html and 'data-role="paypal"' in html  # PayPal is offered for the seat
    status, started = call_json(factory.block_for(alice), "paypal_start", {"page_url": PAGE})
    assert status == 200, started
    order = api.call("GET", f"/v2/checkout/orders/{started['order_id']}")[1]
    assert order["purchase_units"][0]["amount"] == {"currency_code": "USD", "value": "29.00"}
    paypal_on.approve(started["order_id"])
    status, body = call_json(factory.block_for(alice), "paypal_capture", {"order_id": started["order_id"]})
    assert status == 200 and body["status"] == "paid", body
    usage_key = factory.block_for(alice).ref().usage_key
    assert ledger.has_access(usage_key, alice) and WebinarLink.objects.get(kind="paid").claimed_by == alice

    admin = django_user_model.objects.create_user("admin", "admin@example.org", "pw", is_staff=True)
    staff = factory.block_for(str(admin.pk), staff=True)
    status, question = call_json(staff, "staff_refund", {"learner": "alice"})
    assert question["needs_confirmation"] and "Refund $29.00 to their PayPal account" in question["message"]
    status, reply = call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})
    assert status == 200 and "seat" in reply["message"]
    payment = Payment.objects.get(method="paypal")
    assert api.call("GET", f"/v2/payments/captures/{payment.capture_id}")[1]["status"] == "REFUNDED"
    assert not ledger.has_access(usage_key, alice) and WebinarLink.objects.get(kind="paid").revoked_at
