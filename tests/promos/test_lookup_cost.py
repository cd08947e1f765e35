"""A learner's promo lookup is one statement: the code and its counts in one query, the same counts as under a lock."""
from datetime import timedelta

import pytest
from django.utils import timezone

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.models import PromoCode, PromoRedemption
from fee_training_xblock.promos import quotes
from tests.support.runtime import BlockFactory, call_json

pytestmark = pytest.mark.django_db


def code(usage_key, **rules):
    """A 20 % code for the block."""
    return PromoCode.objects.create(**{"code": "SPRING20", "kind": "percent", "percent": 20, "scope": "block",
                                       "scope_key": usage_key, "max_redemptions": 5, **rules})


def use(row, user_key, usage_key, status, held_for=None):
    """A redemption of `row` by `user_key` in a state (a hold lasting `held_for`)."""
    now = timezone.now()
    return PromoRedemption.objects.create(
        promo=row, user_key=user_key, course_key="c", usage_key=usage_key, status=status,
        learner_slot=user_key if row.once_per_learner and status != PromoRedemption.RELEASED else None,
        held_until=now + held_for if held_for is not None else None, currency="USD", fee_minor=4999,
        discount_minor=1000, total_minor=3999)


def test_applying_a_valid_code_is_one_query_whatever_the_codes_uses(django_assert_num_queries):
    factory = BlockFactory()
    usage_key = block_ref(factory.block_for("alice")).usage_key
    row = code(usage_key)
    use(row, "bob", usage_key, PromoRedemption.CONFIRMED)
    use(row, "carol", usage_key, PromoRedemption.HELD, timedelta(minutes=10))
    use(row, "dave", usage_key, PromoRedemption.HELD, timedelta(minutes=-10))  # lapsed: does not count
    block = factory.block_for("alice")
    with django_assert_num_queries(1):
        status, body = call_json(block, "apply_promo_code", {"code": "spring-20"})
    assert status == 200 and body["quote"]["discount"]["minor"] == 1000


def test_a_wrong_code_is_one_query_and_still_counts_towards_the_lockout(django_assert_num_queries, settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "PROMO_MAX_WRONG": 2}
    factory = BlockFactory()
    code(block_ref(factory.block_for("alice")).usage_key)
    for _ in range(2):
        with django_assert_num_queries(1):
            status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "NOPE99"})
        assert status == 400
    with django_assert_num_queries(0):  # locked out: refused before the database is asked
        status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "SPRING20"})
    assert status == 400 and "Too many" in body["error"]


def test_a_full_code_and_a_used_once_per_learner_code_are_refused_from_the_one_query():
    factory = BlockFactory()
    usage_key = block_ref(factory.block_for("alice")).usage_key
    row = code(usage_key, max_redemptions=2)
    use(row, "bob", usage_key, PromoRedemption.CONFIRMED)
    use(row, "carol", usage_key, PromoRedemption.HELD, timedelta(minutes=10))
    status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "SPRING20"})
    assert status == 400 and "used the maximum number of times" in body["error"]
    own = use(row, "alice", usage_key, PromoRedemption.HELD, timedelta(minutes=10))
    PromoRedemption.objects.filter(user_key="carol").release()
    assert call_json(factory.block_for("alice"), "apply_promo_code", {"code": "SPRING20"})[0] == 200  # own hold
    own.delete()
    assert call_json(factory.block_for("bob"), "apply_promo_code", {"code": "SPRING20"})[0] == 400  # once each


@pytest.mark.parametrize("learner", ["alice", "bob", "carol", "dave", "erin"])
def test_the_one_query_counts_what_the_locked_count_counts(learner):
    usage_key, other_block = "block-v1:A+B+C+type@fee_training+block@x", "block-v1:A+B+C+type@fee_training+block@y"
    row = code(usage_key, max_redemptions=None, once_per_learner=False)
    use(row, "alice", usage_key, PromoRedemption.CONFIRMED)
    use(row, "bob", usage_key, PromoRedemption.HELD, timedelta(minutes=5))
    use(row, "bob", other_block, PromoRedemption.HELD, timedelta(minutes=5))
    use(row, "carol", usage_key, PromoRedemption.HELD, timedelta(minutes=-5))
    use(row, "dave", usage_key, PromoRedemption.RELEASED)
    use(row, "erin", other_block, PromoRedemption.CONFIRMED)
    now = timezone.now()
    counted = quotes.find_counted("SPRING20", learner, usage_key, now)
    taken, used, _hold = quotes.counts(row, learner, usage_key, now)
    assert (counted.uses_taken, bool(counted.learner_used)) == (taken, used)
