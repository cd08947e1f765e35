"""Issue 14, item 3: the ledger's refunded amount is what Stripe refunded, whatever the order of events.

A partial refund made in Stripe's dashboard followed by a full refund from the staff tools
records the total, not the last refund; partial `charge.refunded` events arriving out of
order never lower the recorded amount (Stripe's `amount_refunded` is a running total).
"""
import time

import pytest
from django.urls import reverse

from fee_training_xblock.models import Payment
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import VISA, card_token, signed_event

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def paid(stripe_api, learner="alice"):
    """A $49.99 payment made through the block."""
    _, body = call_json(BlockFactory().block_for(learner), "start_payment",
                        {"card_token": card_token(stripe_api, VISA)})
    return Payment.objects.get(payment_intent_id=body["payment_intent_id"])


def refunded_event(client, payment, total, event_id):
    """Deliver charge.refunded with Stripe's running total `amount_refunded`."""
    obj = {"id": "ch_x", "object": "charge", "payment_intent": payment.payment_intent_id, "amount_refunded": total}
    body, header = signed_event({"id": event_id, "type": "charge.refunded", "created": int(time.time()),
                                 "data": {"object": obj}})
    response = client.post(reverse("fee_training:stripe_webhook"), data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 200
    return response.json()["outcome"]


def stripe_refunded(payment):
    """What Stripe says it refunded on the payment's charge."""
    return get_gateway().retrieve_intent(payment.payment_intent_id).amount_refunded


def test_partial_then_full_refund_records_the_total(client, payments_on):
    payment = paid(payments_on)
    get_gateway().refund(payment.payment_intent_id, amount=1000)  # a goodwill refund in Stripe's dashboard
    assert refunded_event(client, payment, 1000, "evt_part") == "partially refunded"
    fulfilment.refund_payment(Payment.objects.get(pk=payment.pk), by="staff")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)
    assert stripe_refunded(payment) == 4999  # the ledger equals what Stripe refunded


def test_partial_refund_events_out_of_order_never_lower_the_amount(client, payments_on):
    payment = paid(payments_on)
    assert refunded_event(client, payment, 2000, "evt_second") == "partially refunded"
    assert refunded_event(client, payment, 1000, "evt_first_late") == "partially refunded"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("paid", 2000)
    assert refunded_event(client, payment, 4999, "evt_full") == "refunded"
    assert refunded_event(client, payment, 2000, "evt_late_again") == "already refunded"
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)
