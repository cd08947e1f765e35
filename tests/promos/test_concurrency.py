"""Exact redemption counts under concurrent learners, on MariaDB/MySQL (the database Open edX runs).

Threads start together behind a Barrier (tests/support/concurrency.py), each
with its own database connection, so the row lock in promos.py is what keeps
the count exact. SQLite serialises all writers, so it would prove nothing: the
tests skip there.
"""
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fee_training_xblock.core.domain.block_settings import load_settings
from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import AccessGrant, PromoRedemption
from fee_training_xblock.promos import redemptions as promos
from fee_training_xblock.promos import staff as promo_staff
from fee_training_xblock.promos.domain import codes as rules
from tests.support.concurrency import run_concurrently

REF = BlockRef(course_key="course-v1:Org+Race+2026", usage_key="block-v1:Org+Race+2026+type@fee_training+block@pay")
FEE = load_settings("Paid", "49.00", "USD", "fee")
LIMIT = 5
LEARNERS = 20

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mysql]


@pytest.fixture(autouse=True)
def _real_server_only():
    if connection.vendor != "mysql":
        pytest.skip("needs MariaDB/MySQL: SQLite serialises writers, so a race cannot happen there")


def make_code(code, percent):
    """A code limited to LIMIT uses."""
    return promo_staff.create_code(FEE.fee, REF, {"code": code, "kind": "percent", "value": str(percent),
                                         "max_redemptions": str(LIMIT)}, created_by="staff")


def split(outcomes, error):
    """(successes, failures of the expected kind); any other exception fails the test."""
    unexpected = [o.error for o in outcomes if o.error is not None and not isinstance(o.error, error)]
    assert not unexpected, unexpected
    return [o for o in outcomes if o.error is None], [o for o in outcomes if o.error is not None]


def test_concurrent_holds_never_exceed_the_limit_and_confirm_exactly():
    make_code("RACEHOLD", 30)
    held, refused = split(run_concurrently(
        lambda i: promos.hold_redemption(FEE.fee, REF, f"learner-{i}", "racehold"), LEARNERS), rules.CodeUsedUp)
    assert (len(held), len(refused)) == (LIMIT, LEARNERS - LIMIT)
    assert PromoRedemption.objects.filter(status="held").count() == LIMIT
    winners = [o.index for o in held]
    confirmed, _ = split(run_concurrently(
        lambda i: promos.confirm_redemption(REF, f"learner-{winners[i % LIMIT]}", "RACEHOLD", reference=f"pi_{i}"),
        LIMIT * 2), rules.PromoError)
    assert len(confirmed) == LIMIT * 2, "confirming twice is idempotent, not an error"
    assert PromoRedemption.objects.filter(status="confirmed").count() == LIMIT


def test_concurrent_free_redemptions_give_exactly_k_grants():
    make_code("RACEFREE", 100)
    granted, refused = split(run_concurrently(
        lambda i: promos.redeem_free(FEE.fee, REF, f"learner-{i}", "RACEFREE"), LEARNERS), rules.CodeUsedUp)
    assert (len(granted), len(refused)) == (LIMIT, LEARNERS - LIMIT)
    assert AccessGrant.objects.filter(via="promo").count() == LIMIT
    assert PromoRedemption.objects.filter(status="confirmed").count() == LIMIT


def test_lapsed_holds_free_their_slots_under_contention():
    make_code("RACELATE", 100)
    past = timezone.now() - promos.hold_duration() - timedelta(minutes=1)
    for i in range(LIMIT):  # abandoned payments from half an hour ago
        promos.hold_redemption(FEE.fee, REF, f"gone-{i}", "RACELATE", now=past)
    granted, _ = split(run_concurrently(
        lambda i: promos.redeem_free(FEE.fee, REF, f"learner-{i}", "RACELATE"), LEARNERS), rules.CodeUsedUp)
    assert len(granted) == LIMIT
    assert PromoRedemption.objects.filter(status="confirmed").count() == LIMIT


def test_same_learner_racing_themselves_gets_one_use():
    make_code("RACESELF", 100)
    granted, _ = split(run_concurrently(
        lambda i: promos.redeem_free(FEE.fee, REF, "same", "RACESELF"),
        8), rules.CodeAlreadyUsed)
    assert len(granted) == 1
    assert PromoRedemption.objects.filter(status="confirmed", user_key="same").count() == 1


@pytest.mark.stripe
def test_card_payments_racing_for_a_limited_code_charge_exactly_k_discounts(settings, stripe_api):
    from fee_training_xblock.block.viewer import block_ref  # pylint: disable=import-outside-toplevel
    from fee_training_xblock.models import Payment  # pylint: disable=import-outside-toplevel
    from tests.support.runtime import BlockFactory, call_json  # pylint: disable=import-outside-toplevel
    from tests.support.stripe_cards import VISA, card_token, stripe_settings  # pylint: disable=import-outside-toplevel

    settings.FEE_TRAINING = stripe_settings(stripe_api)
    factory = BlockFactory()
    limit, learners = 3, 10
    status, _ = call_json(factory.block_for("staff-1", staff=True), "staff_create_code",
                          {"code": "CARDRACE", "kind": "percent", "value": "50", "max_redemptions": str(limit)})
    assert status == 200
    tokens = [card_token(stripe_api, VISA) for _ in range(learners)]
    outcomes = run_concurrently(lambda i: call_json(
        factory.block_for(f"payer-{i}"), "start_payment", {"card_token": tokens[i], "promo_code": "cardrace"}),
        learners)
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    replies = [o.result for o in outcomes]
    paid = [body for code, body in replies if code == 200]
    refused = [body for code, body in replies if code == 400]
    assert len(paid) == limit and all(body["status"] == "paid" for body in paid)
    assert len(refused) == learners - limit and all("maximum number" in body["error"] for body in refused)
    usage_key = block_ref(factory.block_for("x")).usage_key
    charged = Payment.objects.filter(usage_key=usage_key, status="paid")
    assert sorted(charged.values_list("amount_minor", flat=True)) == [2499] * limit  # half of $49.99, learner-rounded
    assert PromoRedemption.objects.filter(status="confirmed").count() == limit
    assert AccessGrant.objects.filter(usage_key=usage_key).count() == limit
