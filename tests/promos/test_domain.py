"""Pure promo-code rules (promos/domain): normalisation, generation, staff input, validity, scope."""
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.domain.pricing import make_quote
from fee_training_xblock.promos.domain import codes as promo
from fee_training_xblock.promos.domain import staff_input

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TARGET = promo.Target(usage_key="block-v1:Org+C+R+type@fee_training+block@x", course_key="course-v1:Org+C+R",
                      organization="Org")
FEE = Money(4900, "USD")


def rule(**overrides):
    """A usable percent code scoped to TARGET's block, with `overrides`."""
    values = dict(code="SPRING25", kind="percent", percent=25, amount_minor=None, currency="", scope="block",
                  scope_key=TARGET.usage_key)
    values.update(overrides)
    return promo.PromoRule(**values)


def check(r, taken=0, used=False, now=NOW, fee=FEE, target=TARGET):
    """Run check_usable with defaults."""
    return promo.check_usable(r, target, fee, now, taken, used)


@pytest.mark.parametrize("typed,expected", [
    ("spring25", "SPRING25"), (" Spring 25 ", "SPRING25"), ("ab-cd_ef\tgh", "ABCDEFGH"), ("", ""), (None, ""),
])
def test_normalize_code_ignores_case_spaces_and_dashes(typed, expected):
    assert promo.normalize_code(typed) == expected


@given(st.text(alphabet="abcdefghjkmnpqrstwxyz23456789- ", min_size=0, max_size=40))
def test_normalize_is_idempotent(text):
    once = promo.normalize_code(text)
    assert promo.normalize_code(once) == once
    assert promo.normalize_code(promo.format_code(once)) == once


def test_generated_codes_avoid_ambiguous_characters_and_do_not_repeat():
    codes = {promo.generate_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == promo.GENERATED_LENGTH for code in codes)
    assert not set("".join(codes)) & set("01OIL")
    assert all(promo.is_well_formed(code) for code in codes)


def test_generated_code_keeps_prefix():
    assert promo.generate_code("WEB").startswith("WEB")


def test_usable_code_passes_and_gives_its_discount():
    assert check(rule()) is None
    quote = make_quote(FEE, rule().discount(), "SPRING25")
    assert (quote.fee.minor, quote.discount.minor, quote.total.minor) == (4900, 1225, 3675)


@pytest.mark.parametrize("overrides,taken,used,error", [
    ({"active": False}, 0, False, promo.CodeInactive),
    ({"scope_key": "block-v1:Other"}, 0, False, promo.CodeWrongScope),
    ({"valid_from": NOW + timedelta(days=1)}, 0, False, promo.CodeNotYetValid),
    ({"valid_until": NOW}, 0, False, promo.CodeExpired),
    ({"max_redemptions": 3}, 3, False, promo.CodeUsedUp),
    ({"once_per_learner": True}, 0, True, promo.CodeAlreadyUsed),
    ({"kind": "amount", "percent": None, "amount_minor": 500, "currency": "EUR"}, 0, False, promo.CodeWrongCurrency),
])
def test_each_broken_rule_has_its_own_error(overrides, taken, used, error):
    with pytest.raises(error) as caught:
        check(rule(**overrides), taken=taken, used=used)
    assert caught.value.field == "code"
    assert "SPRING25" in caught.value.message


def test_messages_are_distinct():
    kinds = (promo.UnknownCode, promo.CodeNotYetValid, promo.CodeExpired,
             promo.CodeUsedUp, promo.CodeAlreadyUsed, promo.CodeWrongScope)
    assert len({cls.reason for cls in kinds}) == 6


def test_reusable_code_ignores_learner_history_and_unlimited_code_ignores_count():
    assert check(rule(once_per_learner=False), used=True) is None
    assert check(rule(max_redemptions=None), taken=10 ** 6) is None


@pytest.mark.parametrize("scope,key", [
    ("block", TARGET.usage_key), ("course", TARGET.course_key), ("organization", "Org"),
])
def test_scope_matching(scope, key):
    assert promo.matches_scope(rule(scope=scope, scope_key=key), TARGET)
    assert staff_input.scope_key_for(scope, TARGET) == key
    assert not promo.matches_scope(rule(scope=scope, scope_key=key + "x"), TARGET)


def test_wide_amount_code_is_capped_at_the_fee():
    wide = rule(kind="amount", percent=None, amount_minor=10_000, currency="USD", scope="course",
                scope_key=TARGET.course_key)
    quote = make_quote(FEE, wide.discount())
    assert quote.total.minor == 0 and quote.discount.minor == 4900


# ---- staff input -----------------------------------------------------------

@pytest.mark.parametrize("data,field", [
    ({"kind": "percent", "value": "0"}, "value"),
    ({"kind": "percent", "value": "101"}, "value"),
    ({"kind": "percent", "value": "-5"}, "value"),
    ({"kind": "percent", "value": "ten"}, "value"),
    ({"kind": "amount", "value": "-1"}, "value"),
    ({"kind": "amount", "value": "49.01"}, "value"),
    ({"kind": "amount", "value": "0"}, "value"),
    ({"kind": "amount", "value": "1.234"}, "value"),
    ({"kind": "bogus", "value": "5"}, "kind"),
    ({"kind": "percent", "value": "5", "scope": "planet"}, "scope"),
    ({"kind": "percent", "value": "5", "valid_from": "2027-01-02", "valid_until": "2027-01-01"}, "valid_until"),
    ({"kind": "percent", "value": "5", "valid_from": "soon"}, "valid_from"),
    ({"kind": "percent", "value": "5", "valid_until": "2020-01-01"}, "valid_until"),
    ({"kind": "percent", "value": "5", "max_redemptions": "-3"}, "max_redemptions"),
    ({"kind": "percent", "value": "5", "max_redemptions": "0"}, "max_redemptions"),
])
def test_bad_staff_input_names_the_field(data, field):
    with pytest.raises(staff_input.InvalidPromoInput) as caught:
        staff_input.check_spec(data, FEE, now=NOW)
    assert caught.value.field == field


def test_amount_above_fee_allowed_for_course_scope():
    spec = staff_input.check_spec({"kind": "amount", "value": "100", "scope": "course"}, FEE, now=NOW)
    assert spec.amount_minor == 10_000 and spec.currency == "USD"


def test_good_spec():
    spec = staff_input.check_spec({"kind": "percent", "value": "100", "valid_from": "2026-12-01",
                             "valid_until": "2027-01-01T00:00Z", "max_redemptions": "5",
                             "once_per_learner": "false"}, FEE, now=NOW)
    assert spec.percent == 100 and spec.max_redemptions == 5 and not spec.once_per_learner
    assert spec.valid_from == datetime(2026, 12, 1, tzinfo=UTC)


def test_zero_decimal_currency_amount():
    spec = staff_input.check_spec({"kind": "amount", "value": "500"}, Money(5000, "JPY"), now=NOW)
    assert spec.amount_minor == 500 and spec.currency == "JPY"


@pytest.mark.parametrize("text", ["ab", "x" * 33, "bad!code", "ÄBCD"])
def test_custom_code_checks(text):
    with pytest.raises(staff_input.InvalidPromoInput) as caught:
        staff_input.check_custom_code(text)
    assert caught.value.field == "code"


def test_prefix_checks():
    assert staff_input.check_prefix(" web- ") == "WEB"
    with pytest.raises(staff_input.InvalidPromoInput):
        staff_input.check_prefix("TOOLONGPREFIX")


@given(st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=99_999_999))
def test_percent_quote_is_exact_and_never_negative(percent, fee_minor):
    fee = Money(fee_minor, "USD")
    quote = make_quote(fee, rule(percent=percent).discount())
    assert quote.discount.minor + quote.total.minor == fee_minor
    assert 0 <= quote.total.minor <= fee_minor
    if percent == 100:
        assert quote.is_free
