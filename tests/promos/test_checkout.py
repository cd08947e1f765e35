"""Promo codes in card payments (checkout.py + promos.py) on localstripe: discounted charge, hold, confirm, release."""
import pytest

from fee_training_xblock.models import Payment, PromoRedemption
from fee_training_xblock.payments import fulfilment, webhooks
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import DECLINED, THREE_D_SECURE, VISA, authenticate_3ds, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


def create_code(factory, **data):
    """Staff create a code on the block."""
    payload = {"kind": "percent", "value": "20"}
    payload.update(data)
    status, body = call_json(factory.block_for("staff-1", staff=True), "staff_create_code", payload)
    assert status == 200, body


def pay(factory, learner, server, number=VISA, code=""):
    """start_payment as `learner` with a card token and a promo code."""
    return call_json(factory.block_for(learner), "start_payment",
                     {"card_token": card_token(server, number), "promo_code": code})


def test_card_is_charged_the_discounted_total_and_the_use_is_confirmed(payments_on, factory):
    create_code(factory, code="SAVE20")
    block = factory.block_for("alice")
    status, body = call_json(block, "start_payment", {"card_token": card_token(payments_on), "promo_code": "save 20"})
    assert status == 200 and body["status"] == "paid", body
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert (payment.fee_minor, payment.discount_minor, payment.amount_minor, payment.promo_code) == (
        4999, 1000, 3999, "SAVE20")
    redemption = PromoRedemption.objects.get()
    assert (redemption.status, redemption.reference, redemption.total_minor) == (
        "confirmed", payment.payment_intent_id, 3999)
    events = dict(block.runtime.events)
    assert events["fee_training.promo.redeemed"]["via"] == "payment"


def test_held_code_blocks_others_until_paid(payments_on, factory):
    create_code(factory, code="ONLYONE", max_redemptions="1")
    status, started = pay(factory, "alice", payments_on, THREE_D_SECURE, "ONLYONE")
    assert status == 200 and started["status"] == "needs_authentication"
    assert PromoRedemption.objects.get().status == "held"
    status, body = pay(factory, "bob", payments_on, VISA, "ONLYONE")
    assert status == 400 and "maximum number of times" in body["error"]
    assert not Payment.objects.filter(payer_key="bob").exists()
    authenticate_3ds(payments_on, started["payment_intent_id"], started["client_secret"])
    status, _ = call_json(factory.block_for("alice"), "confirm_payment",
                          {"payment_intent_id": started["payment_intent_id"]})
    assert status == 200
    assert PromoRedemption.objects.get().status == "confirmed"


def test_declined_card_releases_the_hold(payments_on, factory):
    create_code(factory, code="ONLYONE", max_redemptions="1")
    status, _ = pay(factory, "alice", payments_on, DECLINED, "ONLYONE")
    assert status == 400
    assert PromoRedemption.objects.get().status == "released"
    status, body = pay(factory, "bob", payments_on, VISA, "ONLYONE")
    assert status == 200 and body["status"] == "paid"


def test_cancelled_intents_release_the_hold_failed_cards_keep_it(payments_on, factory):
    create_code(factory, code="ONLYONE", max_redemptions="1")
    _, started = pay(factory, "alice", payments_on, THREE_D_SECURE, "ONLYONE")
    intent_id = started["payment_intent_id"]
    outcome = webhooks.handle_webhook_event({"id": "evt_promo_1", "type": "payment_intent.canceled",
                                             "data": {"object": {"id": intent_id}}})
    assert outcome == "promo hold released"
    assert PromoRedemption.objects.get().status == "released"
    _, again = pay(factory, "alice", payments_on, THREE_D_SECURE, "ONLYONE")
    webhooks.handle_webhook_event({"id": "evt_promo_2", "type": "payment_intent.payment_failed",
                                   "data": {"object": {"id": again["payment_intent_id"]}}})
    # A failed card can be retried on the same intent and paid at the discount: the use stays held,
    # so nobody else can take it meanwhile (the hold lapses by itself if the learner gives up).
    assert PromoRedemption.objects.filter(status="held").count() == 1
    status, body = pay(factory, "bob", payments_on, VISA, "ONLYONE")
    assert status == 400 and "maximum number of times" in body["error"]


def test_free_code_is_not_charged(payments_on, factory):
    create_code(factory, code="ALLFREE", value="100")
    status, body = pay(factory, "alice", payments_on, VISA, "ALLFREE")
    assert status == 400 and "nothing to pay" in body["error"]
    assert not Payment.objects.exists()
    status, body = call_json(factory.block_for("alice"), "redeem_free_code", {"code": "ALLFREE"})
    assert status == 200 and body["granted"]


def test_abandoned_3ds_attempt_then_new_card_counts_the_code_once(payments_on, factory):
    create_code(factory, code="ONLYONE", max_redemptions="1")
    _, first = pay(factory, "alice", payments_on, THREE_D_SECURE, "ONLYONE")
    block = factory.block_for("alice")
    status, body = call_json(block, "start_payment", {"card_token": card_token(payments_on), "promo_code": "ONLYONE"})
    assert status == 200 and body["status"] == "paid", body
    assert body["payment_intent_id"] != first["payment_intent_id"]
    webhooks.handle_webhook_event({"id": "evt_late", "type": "payment_intent.payment_failed",
                                   "data": {"object": {"id": first["payment_intent_id"]}}})
    confirmed = PromoRedemption.objects.get(status="confirmed")
    assert confirmed.reference == body["payment_intent_id"]
    assert PromoRedemption.objects.filter(status="held").count() == 0
    assert [name for name, _ in block.runtime.events].count("fee_training.promo.redeemed") == 1
    status, body = pay(factory, "bob", payments_on, VISA, "ONLYONE")
    assert status == 400 and "maximum number of times" in body["error"]


def test_refund_gives_the_use_back(payments_on, factory):
    create_code(factory, code="ONCE", max_redemptions="1")
    status, body = pay(factory, "alice", payments_on, VISA, "ONCE")
    assert status == 200 and body["status"] == "paid", body
    status, body = pay(factory, "bob", payments_on, VISA, "ONCE")
    assert status == 400 and "maximum number of times" in body["error"]
    fulfilment.refund_payment(Payment.objects.get(payer_key="alice"), by="staff-1")
    assert PromoRedemption.objects.get(user_key="alice").status == "released"
    status, body = pay(factory, "bob", payments_on, VISA, "ONCE")
    assert status == 200 and body["status"] == "paid", body
