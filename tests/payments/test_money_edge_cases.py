"""Money and access never disagree in the corner cases found in review: on localstripe, real HTTP."""
import time
import urllib.error

import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import Payment
from fee_training_xblock.payments import checkout
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

URL = "/fee_training/webhook/stripe/"


def pay(block, server, number, code=""):
    """start_payment on `block` with a fresh card token."""
    return call_json(block, "start_payment", {"card_token": card_token(server, number), "promo_code": code})


def test_a_changed_price_cancels_the_waiting_3ds_attempt_so_it_cannot_charge_too(payments_on):
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    assert call_json(staff, "staff_create_code", {"code": "TWENTY", "kind": "percent", "value": "20"})[0] == 200
    _, first = pay(factory.block_for("alice"), payments_on, THREE_D_SECURE)  # tab 1: waiting for the bank
    status, second = pay(factory.block_for("alice"), payments_on, VISA, code="TWENTY")  # tab 2: with a code
    assert status == 200 and second["status"] == "paid", second
    with pytest.raises(urllib.error.HTTPError):  # the bank step of tab 1 can no longer complete a charge
        authenticate_3ds(payments_on, first["payment_intent_id"], first["client_secret"])
    status, _ = call_json(factory.block_for("alice"), "confirm_payment", {"payment_intent_id": first["payment_intent_id"]})
    assert status == 400
    assert list(Payment.objects.filter(status="paid").values_list("amount_minor", flat=True)) == [3999]


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_a_payment_for_content_already_granted_is_refunded_not_kept(payments_on, mailoutbox):
    factory = BlockFactory()
    _, started = pay(factory.block_for("alice"), payments_on, THREE_D_SECURE)
    services.grant_access(block_ref(factory.block_for("alice")), "alice", via="staff")  # granted meanwhile
    authenticate_3ds(payments_on, started["payment_intent_id"], started["client_secret"])
    status, body = call_json(factory.block_for("alice"), "confirm_payment",
                             {"payment_intent_id": started["payment_intent_id"]})
    assert status == 400 and "refunded in full" in body["error"]
    payment = Payment.objects.get(payment_intent_id=started["payment_intent_id"])
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)
    assert "SECRET-PAID-CONTENT" in student_html(factory.block_for("alice"))  # the grant still stands
    assert mailoutbox[-1].subject.startswith("Refund:")


def test_partial_refund_in_stripe_keeps_access(client, payments_on):
    factory = BlockFactory()
    _, body = pay(factory.block_for("alice"), payments_on, VISA)
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    charge = {"id": "ch_p", "object": "charge", "payment_intent": payment.payment_intent_id, "amount_refunded": 500}
    envelope = {"id": "evt_partial", "object": "event", "type": "charge.refunded", "livemode": False,
                "created": int(time.time()), "data": {"object": charge}}
    payload, header = signed_event(envelope)
    reply = client.post(URL, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert reply.json()["outcome"] == "partially refunded"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("paid", 500)
    assert services.has_access(payment.usage_key, "alice")


def test_promo_codes_cannot_discount_an_offer_that_is_not_discountable(payments_on):
    from fee_training_xblock.core.domain.money import Money  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.core.products import Offer, Payer  # pylint: disable=import-outside-toplevel
    ref = block_ref(BlockFactory().block_for("alice"))
    offer = Offer("subscription", "1", "Subscription: Lab pass", Money(9900, "USD"), ref.course_key, ref.usage_key,
                  discountable=False)
    with pytest.raises(checkout.PaymentError, match="cannot be used for this purchase"):
        checkout.start_payment(offer, Payer("alice"), card_token(payments_on, VISA), promo_code="ANY")
    assert not Payment.objects.exists()


def test_a_confirm_that_loses_the_race_to_the_webhook_keeps_the_payment_it_was_about(payments_on):
    """The browser read the payment while pending; the webhook fulfilled it before the browser locked it.

    The access the payer 'already has' is this payment's own: it must not be refunded,
    and the browser must hear 'paid', not 'refunded'.
    """
    from fee_training_xblock.payments import fulfilment  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.payments.stripe_gateway import get_gateway  # pylint: disable=import-outside-toplevel
    factory = BlockFactory()
    _, started = pay(factory.block_for("race"), payments_on, THREE_D_SECURE)
    authenticate_3ds(payments_on, started["payment_intent_id"], started["client_secret"])
    stale = Payment.objects.get(payment_intent_id=started["payment_intent_id"])  # what the browser read
    assert fulfilment.fulfil(Payment.objects.get(pk=stale.pk))  # the webhook wins the race
    assert fulfilment.is_duplicate(stale)  # seen from the stale copy it looks like a duplicate...
    assert fulfilment.refund_duplicate(stale, get_gateway()) is False  # ...but under the lock it is not
    stale.refresh_from_db()
    assert (stale.status, stale.refunded_minor) == ("paid", 0)
    status, body = call_json(factory.block_for("race"), "confirm_payment",
                             {"payment_intent_id": started["payment_intent_id"]})
    assert status == 200 and body["status"] == "paid"
