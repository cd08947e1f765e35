"""Money and pricing rules: parsing, formatting, zero-decimal currencies, no floats, no negative totals."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.currencies import CURRENCIES
from fee_training_xblock.core.domain.errors import InvalidAmount, UnknownCurrency
from fee_training_xblock.core.domain.money import MAX_MINOR_UNITS, Money, check_currency, parse_money
from fee_training_xblock.core.domain.pricing import AmountOff, PercentOff, make_quote

currencies = st.sampled_from(sorted(CURRENCIES))
amounts = st.integers(min_value=0, max_value=MAX_MINOR_UNITS)


@given(amounts, currencies)
def test_parse_and_plain_text_round_trip_for_every_currency(minor, code):
    money = Money(minor, code)
    assert parse_money(money.decimal_text(), code) == money


@given(amounts, currencies)
def test_display_text_carries_symbol_and_right_number_of_decimals(minor, code):
    text = Money(minor, code).format()
    exponent = CURRENCIES[code][0]
    assert text.startswith(CURRENCIES[code][1])
    if exponent == 0:
        assert "." not in text
    else:
        assert len(text.rsplit(".", 1)[1]) == exponent


@given(amounts, currencies, st.integers(min_value=1, max_value=100))
def test_percent_discount_never_makes_total_negative_or_exceeds_fee(minor, code, percent):
    quote = make_quote(Money(minor, code), PercentOff(percent))
    assert 0 <= quote.total.minor <= minor
    assert quote.discount.minor + quote.total.minor == minor
    assert all(isinstance(m.minor, int) for m in (quote.fee, quote.discount, quote.total))


@given(amounts, amounts, currencies)
def test_amount_discount_is_capped_at_fee(fee, off, code):
    quote = make_quote(Money(fee, code), AmountOff(Money(off, code)))
    assert quote.total.minor == max(fee - off, 0)


def test_examples():
    assert parse_money("49.99", "usd") == Money(4999, "USD")
    assert parse_money("49.9", "USD") == Money(4990, "USD")
    assert parse_money(" 5000 ", "JPY") == Money(5000, "JPY")
    assert parse_money("5000.00", "JPY") == Money(5000, "JPY")
    assert Money(500000, "JPY").format() == "¥500,000"
    assert Money(123456, "EUR").format() == "€1,234.56"
    assert make_quote(Money(4999, "USD"), PercentOff(15)).total == Money(4249, "USD")
    assert make_quote(Money(4999, "USD"), PercentOff(100)).is_free


@pytest.mark.parametrize("text,fragment", [
    ("-5", "cannot be negative"),
    ("abc", "must be a number"),
    ("1,000.00", "must be a number"),
    ("1e3", "must be a number"),
    ("", "must be a number"),
    ("49.999", "at most 2 decimal places"),
    ("1000000", "too large"),
])
def test_bad_amounts_name_the_field_and_the_fix(text, fragment):
    with pytest.raises(InvalidAmount) as err:
        parse_money(text, "USD")
    assert fragment in err.value.message
    assert err.value.field == "fee"


def test_zero_decimal_currency_refuses_decimals():
    with pytest.raises(InvalidAmount, match="JPY has no decimal places"):
        parse_money("4999.5", "JPY")


@pytest.mark.parametrize("code", ["", "US", "usd1", "XYZ", None])
def test_unknown_currency(code):
    with pytest.raises(UnknownCurrency):
        check_currency(code)


def test_no_floats_accepted():
    with pytest.raises(TypeError):
        Money(49.99, "USD")
    with pytest.raises(TypeError):
        Money(True, "USD")


def test_mixing_currencies_is_an_error():
    with pytest.raises(ValueError):
        Money(1, "USD") + Money(1, "EUR")
    with pytest.raises(InvalidAmount):
        make_quote(Money(1000, "USD"), AmountOff(Money(100, "EUR")))


@pytest.mark.parametrize("percent", [0, 101, -5, 12.5])
def test_percent_bounds(percent):
    with pytest.raises(InvalidAmount):
        PercentOff(percent)
