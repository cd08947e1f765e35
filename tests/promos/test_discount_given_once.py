"""Issue 14, item 1: a once-per-learner, course-wide code never discounts one learner twice.

Two paid blocks of one course; the learner starts a 3-D Secure payment with the code on
each (or presses Pay on both at once) and completes both. One payment is delivered at the
discounted price and counts the code's use; the other is refunded in full and delivers
nothing, with a message saying why. A discount that cannot be counted is never delivered.
"""
import copy
import os

import pytest
from django.core import mail

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.models import Payment, PromoRedemption
from tests.support.concurrency import run_concurrently
from tests.support.runtime import DEFAULT_OLX, BlockFactory, FakeLmsUserService, RecordingRuntime, call_json
from tests.support.stripe_cards import THREE_D_SECURE, VISA, authenticate_3ds, card_token, stripe_settings

pytestmark = [pytest.mark.stripe]


def two_blocks(settings, server):
    """Two $49.99 blocks and a 20% once-per-learner code valid in both.

    The test runtime gives each block a course of its own, so the code is organization-wide
    (both blocks are in the organization "workbench"): the same rule as a course-wide code.
    """
    settings.FEE_TRAINING = stripe_settings(server, PROMO_ORG_CODES_BY_COURSE_STAFF=True)
    first = BlockFactory()
    author = RecordingRuntime(first.store, first.ids, FakeLmsUserService("author", staff=True))
    second = copy.copy(first)
    second.usage_id = author.parse_xml_string(DEFAULT_OLX)
    status, body = call_json(first.block_for("staff-1", staff=True), "staff_create_code",
                             {"code": "ONCEEACH", "kind": "percent", "value": "20", "scope": "organization",
                              "once_per_learner": True})
    assert status == 200, body
    return first, second


def discounted_grants(learner):
    """Payments that delivered access at a discounted price."""
    return Payment.objects.filter(payer_key=learner, status="paid", discount_minor__gt=0).count()


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_two_3ds_payments_with_one_once_per_learner_code_give_one_discount(payments_on, settings):
    first, second = two_blocks(settings, payments_on)
    started = []
    for factory in (first, second):
        status, body = call_json(factory.block_for("alice"), "start_payment",
                                 {"card_token": card_token(payments_on, THREE_D_SECURE), "promo_code": "ONCEEACH"})
        assert status == 200 and body["status"] == "needs_authentication", body
        started.append((factory, body))
    replies = []
    for factory, body in started:
        authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"])
        replies.append(call_json(factory.block_for("alice"), "confirm_payment",
                                 {"payment_intent_id": body["payment_intent_id"]}))
    assert sorted(status for status, _ in replies) == [200, 400], replies
    refused = next(body for status, body in replies if status == 400)
    assert "ONCEEACH" in refused["error"] and "refunded in full" in refused["error"]
    assert discounted_grants("alice") == 1
    assert Payment.objects.filter(payer_key="alice", status="refunded", refunded_minor=3999).count() == 1
    assert PromoRedemption.objects.filter(user_key="alice", status="confirmed").count() == 1
    opened = [ledger.has_access(block_ref(f.block_for("alice")).usage_key, "alice") for f in (first, second)]
    assert sorted(opened) == [False, True]
    assert any(m.subject.startswith("Refund:") and "ONCEEACH" in m.body for m in mail.outbox)


@pytest.mark.mysql
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(os.environ.get("FEE_TRAINING_TEST_DB", "").lower() == "sqlite",
                    reason="row locks need a database server")
def test_pressing_pay_on_both_blocks_at_once_gives_one_discount(payments_on, settings):
    first, second = two_blocks(settings, payments_on)
    tokens = [card_token(payments_on, VISA) for _ in range(2)]
    outcomes = run_concurrently(lambda i: call_json((first, second)[i].block_for("bob"), "start_payment",
                                                    {"card_token": tokens[i], "promo_code": "ONCEEACH"}), 2)
    assert [o.error for o in outcomes] == [None, None]
    assert discounted_grants("bob") == 1, [o.result for o in outcomes]
    assert PromoRedemption.objects.filter(user_key="bob", status="confirmed").count() == 1
    charged = Payment.objects.filter(payer_key="bob", status__in=["paid", "refunded"])
    assert sorted(p.status for p in charged) in (["paid"], ["paid", "refunded"])  # never two discounted grants
