"""Issue 14's money rules, for PayPal payments too (PayPal came to main after issue 14 started).

- Refunds go to PayPal, also the new refund paths: a payment whose promo-code use cannot
  be counted, and the remainder-only refund after a partial refund made in PayPal; the
  confirmation states what will really be refunded; the ledger equals what PayPal refunded,
  whatever the order of refund events.
- Declined or cancelled PayPal approvals count towards the failed-payment lockout shared
  with cards (no junk orders in a loop).
- A paid PayPal order keeps its checkout slot: it is never captured again, and a payer
  whose access staff withdrew is not charged again, by PayPal or by card.

PayPal is the local stand-in (demo/paypal_standin), checked against PayPal's documents.
"""
import copy

import pytest
from django.core import mail

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.models import Payment, PromoRedemption
from fee_training_xblock.payments import paypal_checkout, paypal_webhooks
from fee_training_xblock.payments.paypal_gateway import PayPalGateway, get_gateway
from tests.support.runtime import DEFAULT_OLX, BlockFactory, FakeLmsUserService, RecordingRuntime, call_json
from tests.support.stripe_cards import DECLINED, VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

PAGE = "https://lms.example.com/courses/course-v1:Org+C1+2026/unit"


def start(factory, learner, code=""):
    """What PayPal's button does first (createOrder): (status, body)."""
    return call_json(factory.block_for(learner), "paypal_start", {"promo_code": code, "page_url": PAGE})


def capture(factory, learner, order_id):
    """What onApprove does: (status, body)."""
    return call_json(factory.block_for(learner), "paypal_capture", {"order_id": order_id})


def pay(factory, learner, paypal, code=""):
    """Start, approve in PayPal's window, capture: the paid Payment."""
    status, body = start(factory, learner, code)
    assert status == 200, body
    paypal.approve(body["order_id"])
    status, paid = capture(factory, learner, body["order_id"])
    assert status == 200 and paid["status"] == "paid", paid
    return Payment.objects.get(payment_intent_id=body["order_id"])


def captures_of(api, order_id):
    """The captures PayPal made on an order."""
    return api.call("GET", f"/v2/checkout/orders/{order_id}")[1]["purchase_units"][0]["payments"]["captures"]


@pytest.fixture
def admin(django_user_model):
    """Platform staff: may refund (main's refund rights)."""
    return django_user_model.objects.create_user("admin", "admin@example.com", "pw", is_staff=True)


@pytest.fixture
def alice(django_user_model):
    """A learner with an account (for emails and the staff tools)."""
    return str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_a_refund_after_a_partial_refund_in_paypal_asks_for_and_refunds_only_the_rest(paypal_on, api, admin, alice):
    factory = BlockFactory()
    payment = pay(factory, alice, paypal_on)
    paypal_on.refund_in_dashboard(payment.capture_id, {"currency_code": "USD", "value": "10.00"})  # goodwill
    staff = factory.block_for(str(admin.pk), staff=True)
    status, question = call_json(staff, "staff_refund", {"learner": "alice"})
    assert status == 200 and question["needs_confirmation"]
    assert "Refund $39.99 to their PayPal account" in question["message"]  # what is left, as PayPal says
    assert call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})[0] == 200
    capture_row = api.call("GET", f"/v2/payments/captures/{payment.capture_id}")[1]
    assert capture_row["status"] == "REFUNDED"
    refunds = api.call("GET", f"/v2/checkout/orders/{payment.payment_intent_id}")[1]["purchase_units"][0][
        "payments"]["refunds"]
    assert sorted(r["amount"]["value"] for r in refunds) == ["10.00", "39.99"]  # never more than was paid
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)  # the total PayPal refunded
    assert "PayPal account" in mail.outbox[-1].body and "$49.99" in mail.outbox[-1].body


def test_refund_events_out_of_order_never_lower_the_recorded_amount(paypal_on, alice):
    payment = pay(BlockFactory(), alice, paypal_on)
    first = paypal_on.refund_in_dashboard(payment.capture_id, {"currency_code": "USD", "value": "10.00"})
    second = paypal_on.refund_in_dashboard(payment.capture_id, {"currency_code": "USD", "value": "20.00"})
    gateway = get_gateway()
    refunded = paypal_webhooks.HANDLERS["PAYMENT.CAPTURE.REFUNDED"]
    assert refunded({"id": second["id"]}, gateway) == "partially refunded"
    assert refunded({"id": first["id"]}, gateway) == "partially refunded"  # arrives late
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("paid", 3000)
    rest = paypal_on.refund_in_dashboard(payment.capture_id)
    assert refunded({"id": rest["id"]}, gateway) == "refunded"
    assert refunded({"id": first["id"]}, gateway) == "already refunded"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)


def test_a_paypal_payment_whose_code_cannot_be_counted_is_refunded_through_paypal(paypal_on, stripe_api, api,
                                                                                  settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "PROMO_ORG_CODES_BY_COURSE_STAFF": True}
    first = BlockFactory()
    author = RecordingRuntime(first.store, first.ids, FakeLmsUserService("author", staff=True))
    second = copy.copy(first)
    second.usage_id = author.parse_xml_string(DEFAULT_OLX)
    assert call_json(first.block_for("staff-1", staff=True), "staff_create_code",
                     {"code": "ONCEEACH", "kind": "percent", "value": "20", "scope": "organization",
                      "once_per_learner": True})[0] == 200
    status, started = start(first, "bob", "ONCEEACH")  # PayPal in one tab...
    assert status == 200, started
    paypal_on.approve(started["order_id"])
    status, body = call_json(second.block_for("bob"), "start_payment",  # ...a card in another, first to finish
                             {"card_token": card_token(stripe_api, VISA), "promo_code": "ONCEEACH"})
    assert status == 200 and body["status"] == "paid", body
    status, body = capture(first, "bob", started["order_id"])
    assert status == 400 and "ONCEEACH" in body["error"] and "refunded in full" in body["error"]
    (capture_row,) = captures_of(api, started["order_id"])
    assert capture_row["status"] == "REFUNDED"  # the money went back through PayPal, not Stripe
    payment = Payment.objects.get(payment_intent_id=started["order_id"])
    assert (payment.status, payment.refunded_minor) == ("refunded", 3999)
    assert not ledger.has_access(block_ref(first.block_for("bob")).usage_key, "bob")
    assert PromoRedemption.objects.filter(user_key="bob", status="confirmed").count() == 1


def test_cancelled_paypal_approvals_and_declined_cards_share_one_lockout(paypal_on, stripe_api):
    factory = BlockFactory()
    for _ in range(3):
        status, started = start(factory, "looper")
        assert status == 200, started
        assert call_json(factory.block_for("looper"), "paypal_cancel", {"order_id": started["order_id"]})[0] == 200
    for _ in range(2):
        status, body = call_json(factory.block_for("looper"), "start_payment",
                                 {"card_token": card_token(stripe_api, DECLINED)})
        assert status == 400 and "declined" in body["error"]
    orders = Payment.objects.filter(payer_key="looper").count()
    status, body = start(factory, "looper")
    assert status == 400 and "Too many payments failed or were cancelled" in body["error"]
    status, body = call_json(factory.block_for("looper"), "start_payment",
                             {"card_token": card_token(stripe_api, VISA)})
    assert status == 400 and "Too many card payments failed" in body["error"]
    assert Payment.objects.filter(payer_key="looper").count() == orders  # no new order, no new intent
    status, body = start(factory, "someone-else")
    assert status == 200, body  # the lockout is the payer's (and their address's), not everyone's


def test_paypal_declines_count_like_declined_cards(paypal_on):
    factory = BlockFactory()
    status, started = start(factory, "decliner")
    assert status == 200, started
    paypal_on.approve(started["order_id"])
    refusing = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url,
                             extra_headers={"PayPal-Mock-Response": '{"mock_application_codes": '
                                                                    '"INSTRUMENT_DECLINED"}'})
    payment = Payment.objects.get()
    for _ in range(4):  # PayPal refuses the funding source each time the buyer picks one
        step = paypal_checkout.capture_order(payment.usage_key, "decliner", started["order_id"], gateway=refusing)
        assert step.status == "retry"
        paypal_on.approve(started["order_id"])  # actions.restart(): the buyer picks another one
    declining = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url,
                              extra_headers={"PayPal-Mock-Response": '{"mock_application_codes": '
                                                                     '"STANDIN_CAPTURE_DECLINED"}'})
    with pytest.raises(paypal_checkout.PaymentError, match="PayPal declined this payment"):
        paypal_checkout.capture_order(payment.usage_key, "decliner", started["order_id"], gateway=declining)
    status, body = start(factory, "decliner")
    assert status == 400 and "Too many payments failed" in body["error"]


def test_a_paid_paypal_order_is_never_captured_again_nor_a_withdrawn_payer_charged_again(paypal_on, stripe_api, api,
                                                                                        admin, alice):
    factory = BlockFactory()
    payment = pay(factory, alice, paypal_on)
    status, body = capture(factory, alice, payment.payment_intent_id)  # another tab's onApprove
    assert status == 200 and body["status"] == "paid"
    staff = factory.block_for(str(admin.pk), staff=True)
    status, question = call_json(staff, "staff_revoke", {"learner": "alice"})
    assert question["needs_confirmation"] and "$49.99" in question["message"]
    assert payment.capture_id in question["message"]  # the reference the payer quotes: PayPal's transaction id
    assert call_json(staff, "staff_revoke", {"learner": "alice", "confirmed": True})[0] == 200

    status, body = capture(factory, alice, payment.payment_intent_id)  # the old order, approved again or replayed
    assert status == 400 and "You already paid for this content" in body["error"]
    status, body = start(factory, alice)
    assert status == 400 and "You already paid for this content" in body["error"]
    status, body = call_json(factory.block_for(alice), "start_payment",
                             {"card_token": card_token(stripe_api, VISA)})
    assert status == 400 and "You already paid for this content" in body["error"]  # not by card either
    assert len(captures_of(api, payment.payment_intent_id)) == 1
    assert Payment.objects.filter(payer_key=alice).count() == 1  # no new order, no new intent


def test_a_card_payer_whose_access_was_withdrawn_is_not_charged_again_through_paypal(paypal_on, stripe_api, admin,
                                                                                     alice):
    factory = BlockFactory()
    status, body = call_json(factory.block_for(alice), "start_payment",
                             {"card_token": card_token(stripe_api, VISA)})
    assert status == 200 and body["status"] == "paid", body
    staff = factory.block_for(str(admin.pk), staff=True)
    assert call_json(staff, "staff_revoke", {"learner": "alice", "confirmed": True})[0] == 200
    status, body = start(factory, alice)
    assert status == 400 and "You already paid for this content" in body["error"]
    assert not Payment.objects.filter(method="paypal").exists()


def test_the_access_list_names_paypal_payments(paypal_on, admin, alice):
    factory = BlockFactory()
    payment = pay(factory, alice, paypal_on)
    status, body = call_json(factory.block_for(str(admin.pk), staff=True), "staff_access_list", {})
    assert status == 200
    (row,) = body["rows"]
    assert (row["how"], row["amount"], row["reference"]) == ("PayPal payment", "$49.99", payment.payment_intent_id)
