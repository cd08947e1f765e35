"""The Estimated Session Cost formula (live_sessions/domain/estimate.py): the seed's example, exactness, rounding once."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.currencies import CURRENCIES, exponent_of
from fee_training_xblock.core.domain.errors import InvalidAmount, UnknownCurrency
from fee_training_xblock.core.domain.money import MAX_MINOR_UNITS
from fee_training_xblock.live_sessions.domain.estimate import (
    Rates,
    Usage,
    estimate,
    format_exact,
    make_rates,
    parse_rate,
)

durations = st.integers(min_value=1, max_value=24 * 60)
computers = st.integers(min_value=1, max_value=10_000)
# Rates with up to six decimal places, from nothing to 2 units a minute (finer than any minor unit).
rates = st.integers(min_value=0, max_value=2_000_000).map(lambda micro: Decimal(micro).scaleb(-6))
currencies = st.sampled_from(sorted(CURRENCIES))


def usd(people, phones):
    """Rates in USD."""
    return Rates("USD", Decimal(people), Decimal(phones))


def test_the_seeds_example_60_minutes_25_computers_10_in_the_teleconference():
    result = estimate(Usage(60, 25, 10), usd("0.10", "0.05"))
    assert result.people_minutes == 1500
    assert result.teleconference_minutes == 600
    assert (result.people_cost, result.teleconference_cost) == (Decimal("150.00"), Decimal("30.00"))
    assert result.total.minor == 18000 and result.total.format() == "$180.00"
    assert not result.was_rounded


def test_a_rate_finer_than_a_cent_is_kept_exact_until_the_total():
    # 7 minutes x 1 computer x 0.0125 = 0.0875, and 7 x 1 x 0.0035 = 0.0245: each alone rounds to
    # 0.09 and 0.02 (0.11 together), but the exact sum 0.1120 rounds once to 0.11.
    result = estimate(Usage(7, 1, 1), usd("0.0125", "0.0035"))
    assert result.exact_total == Decimal("0.1120")
    assert result.total.minor == 11
    # Rounding each part first would give a different total here: 0.0625 -> 0.06 (half-even) or
    # 0.07 (half-up), plus 0.0625 -> 0.07: the one rounding at the end gives 0.13 (0.125 half-up).
    result = estimate(Usage(5, 1, 1), usd("0.0125", "0.0125"))
    assert result.exact_total == Decimal("0.1250") and result.total.minor == 13 and result.was_rounded


def test_half_a_minor_unit_rounds_up_and_zero_decimal_currencies_round_to_whole_units():
    assert estimate(Usage(1, 1, 0), usd("0.005", "0")).total.minor == 1
    assert estimate(Usage(1, 1, 0), usd("0.00499", "0")).total.minor == 0
    yen = estimate(Usage(3, 1, 0), Rates("JPY", Decimal("2.5"), Decimal("0")))
    assert (yen.exact_total, yen.total.minor, yen.total.format()) == (Decimal("7.5"), 8, "¥8")


@given(durations, computers, st.integers(min_value=0, max_value=10_000), rates, rates, currencies)
def test_the_total_is_the_exact_formula_rounded_once_half_up_and_never_negative(
        duration, session, phones, people_rate, phone_rate, currency):
    phones = min(phones, session)
    rates_ = Rates(currency, people_rate, phone_rate)
    exact = (Fraction(duration * session) * Fraction(people_rate)
             + Fraction(duration * phones) * Fraction(phone_rate))
    scaled = exact * 10 ** exponent_of(currency)
    expected = int(scaled) + (1 if scaled - int(scaled) >= Fraction(1, 2) else 0)
    if expected > MAX_MINOR_UNITS:
        with pytest.raises(InvalidAmount):
            estimate(Usage(duration, session, phones), rates_)
        return
    result = estimate(Usage(duration, session, phones), rates_)
    assert Fraction(result.exact_total) == exact  # nothing was rounded on the way
    assert result.total.minor == expected >= 0
    assert result.total.currency == currency
    assert abs(Fraction(result.total.minor, 10 ** exponent_of(currency)) - exact) <= Fraction(
        1, 2 * 10 ** exponent_of(currency))


@given(st.integers(1, 600), st.integers(1, 1000), rates.filter(lambda r: r <= 1), rates.filter(lambda r: r <= 1))
def test_more_computers_never_cost_less(duration, session, people_rate, phone_rate):
    rates_ = usd(people_rate, phone_rate)
    smaller = estimate(Usage(duration, session, 0), rates_).total.minor
    assert estimate(Usage(duration, session + 1, 0), rates_).total.minor >= smaller
    assert estimate(Usage(duration, session, 1), rates_).total.minor >= smaller


def test_a_total_above_one_card_payment_is_refused_naming_what_to_change():
    with pytest.raises(InvalidAmount) as caught:
        estimate(Usage(1440, 10_000, 10_000), usd("1000", "1000"))
    assert "more than one card payment" in caught.value.message


@pytest.mark.parametrize("text, expected", [
    ("0.0125", Decimal("0.0125")), (" 0.10 ", Decimal("0.10")), (0, Decimal(0)), (0.1, Decimal("0.1")),
    (Decimal("2.000001"), Decimal("2.000001")),
])
def test_rates_are_read_exactly(text, expected):
    assert parse_rate(text, "rate") == expected


@pytest.mark.parametrize("text, words", [
    ("-0.10", "cannot be negative"), ("abc", "decimal number"), ("", "decimal number"), ("NaN", "decimal number"),
    ("Infinity", "decimal number"), (True, "decimal number"), (None, "decimal number"),
    ("0.0000001", "at most 6 decimal places"), ("1500", "more than 1000"),
])
def test_bad_rates_name_the_setting_and_the_fix(text, words):
    with pytest.raises(InvalidAmount) as caught:
        parse_rate(text, "LIVE_SESSION_PEOPLE_MINUTE_RATE")
    assert words in caught.value.message and "LIVE_SESSION_PEOPLE_MINUTE_RATE" in caught.value.message


def test_make_rates_checks_the_currency():
    with pytest.raises(UnknownCurrency):
        make_rates("XXX", "0.1", "0.1")


def test_exact_amounts_show_every_decimal_they_have_and_at_least_the_currencys():
    assert format_exact(Decimal("0.0125"), "USD") == "$0.0125"
    assert format_exact(Decimal("150"), "USD") == "$150.00"
    assert format_exact(Decimal("1500.5"), "JPY") == "¥1,500.5"
    assert format_exact(Decimal("0.10"), "EUR") == "€0.10"
