"""Buying a subscription by card in a subscription-mode block, through the same checkout, on localstripe."""
from datetime import UTC, datetime, timedelta

import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.models import CourseAssignment, Payment, ProfileCourse, Subscription, SubscriptionProfile
from fee_training_xblock.subscriptions import subscribing
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

UTC = UTC
MARKER = "SUBSCRIBED-CONTENT"
OLX = f"""
<fee_training display_name="Cloud lab" fee="0" currency="USD" access_mode="subscription" assignment_days="180">
  <html_demo><p>{MARKER}</p></html_demo>
</fee_training>
"""


@pytest.fixture
def course():
    """A subscription block whose course is covered by a profile on sale for $120.00."""
    factory = BlockFactory(OLX)
    course_key = block_ref(factory.block_for("author", staff=True)).course_key
    profile = SubscriptionProfile.objects.create(name="Yearly labs", organization="Acme", duration_days=365,
                                                 price_minor=2500, sale_price_minor=12000)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    factory.profile = profile
    return factory


def test_learner_without_subscription_sees_the_offer_and_pays_then_starts_the_course(payments_on, course):
    html = student_html(course.block_for("alice"))
    assert 'data-role="subscription-offer"' in html and "$120.00" in html and 'data-role="pay-form"' in html
    assert MARKER not in html
    status, body = call_json(course.block_for("alice"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and body["status"] == "paid", body
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert (payment.product_type, payment.product_id, payment.amount_minor, payment.status) == (
        "subscription", str(course.profile.pk), 12000, "paid")
    sub = Subscription.objects.get(user_key="alice")
    assert (sub.source, sub.payment_reference, sub.profile_id) == ("purchase", payment.payment_intent_id, course.profile.pk)
    assert sub.ends_at - sub.starts_at == timedelta(days=365)
    assert CourseAssignment.objects.count() == 0  # paying is not starting the course
    assert 'data-outcome="ready"' in student_html(course.block_for("alice"))
    assert call_json(course.block_for("alice"), "start_course", {})[0] == 200
    assert MARKER in student_html(course.block_for("alice"))
    assert CourseAssignment.objects.get().subscription_id == sub.pk


def test_three_d_secure_purchase_creates_the_subscription_on_confirm(payments_on, course):
    status, body = call_json(course.block_for("bob"), "start_payment",
                             {"card_token": card_token(payments_on, THREE_D_SECURE)})
    assert status == 200 and body["status"] == "needs_authentication"
    assert not Subscription.objects.exists()
    authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"])
    status, body = call_json(course.block_for("bob"), "confirm_payment", {"payment_intent_id": body["payment_intent_id"]})
    assert status == 200, body
    assert Subscription.objects.get(user_key="bob").source == "purchase"


def test_subscriber_cannot_buy_again(payments_on, course):
    subscribing.create_subscription(course.profile, "carol", datetime.now(UTC) - timedelta(days=1))
    status, body = call_json(course.block_for("carol"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 400 and "already have" in body["error"]
    assert not Payment.objects.exists()


def test_no_offer_without_a_sale_price_or_without_payments(settings, payments_on, course):
    SubscriptionProfile.objects.update(sale_price_minor=None)
    html = student_html(course.block_for("dan"))
    assert "subscription-offer" not in html and "not_subscribed" in html
    status, body = call_json(course.block_for("dan"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 400 and "on sale" in body["error"]
    SubscriptionProfile.objects.update(sale_price_minor=12000)
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": False}
    assert "subscription-offer" not in student_html(course.block_for("dan"))


def test_fee_mode_payments_still_buy_block_access(payments_on):
    factory = BlockFactory()
    status, body = call_json(factory.block_for("erin"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and Payment.objects.get().product_type == "block_access"
    assert not Subscription.objects.exists()


def test_refunding_a_purchase_ends_the_subscription(payments_on, course):
    from fee_training_xblock.payments import fulfilment  # pylint: disable=import-outside-toplevel
    status, body = call_json(course.block_for("fay"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200
    fulfilment.refund_payment(Payment.objects.get(payment_intent_id=body["payment_intent_id"]), by="test")
    sub = Subscription.objects.get(user_key="fay")
    assert sub.ends_at <= datetime.now(UTC)
    html = student_html(course.block_for("fay"))
    assert MARKER not in html and 'data-outcome="ended"' in html


def test_price_change_or_end_of_sale_during_payment_still_gives_what_was_paid_for(payments_on, course):
    status, body = call_json(course.block_for("carol"), "start_payment",
                             {"card_token": card_token(payments_on, THREE_D_SECURE)})
    assert status == 200 and body["status"] == "needs_authentication"
    SubscriptionProfile.objects.update(sale_price_minor=15000, active=False)  # staff act mid-payment
    authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"])
    status, reply = call_json(course.block_for("carol"), "confirm_payment",
                              {"payment_intent_id": body["payment_intent_id"]})
    assert status == 200, reply  # no charge without what was bought
    sub = Subscription.objects.get(user_key="carol")
    assert (sub.profile_id, sub.payment_reference) == (course.profile.pk, body["payment_intent_id"])


def test_refund_after_the_course_started_keeps_the_billed_assignment_open(payments_on, course):
    from fee_training_xblock.payments import fulfilment  # pylint: disable=import-outside-toplevel
    status, body = call_json(course.block_for("gus"), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200
    assert call_json(course.block_for("gus"), "start_course", {})[0] == 200  # course started: a billed assignment
    assert MARKER in student_html(course.block_for("gus"))
    fulfilment.refund_payment(Payment.objects.get(payment_intent_id=body["payment_intent_id"]), by="test")
    assert CourseAssignment.objects.filter(user_key="gus").count() == 1  # still billed
    assert MARKER in student_html(course.block_for("gus"))  # and so still open until it expires
    assert Subscription.objects.get(user_key="gus").ends_at <= datetime.now(UTC)  # but no new ones
