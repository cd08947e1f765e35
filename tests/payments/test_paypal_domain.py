"""PayPal's rules on plain values: money strings, currencies, reference fields, return addresses, checks."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.payments.paypal_domain import (
    PayPalCapture,
    PayPalOrder,
    author_problem,
    check_capture,
    from_paypal_amount,
    reference_fields,
    representable,
    return_urls,
    to_paypal_value,
    transmission_of,
)


@pytest.mark.parametrize("minor,currency,value", [
    (4999, "USD", "49.99"), (5, "EUR", "0.05"), (5000, "JPY", "5000"), (120000, "HUF", "1200"), (100, "GBP", "1.00"),
])
def test_amounts_are_written_as_paypal_writes_them(minor, currency, value):
    assert to_paypal_value(Money(minor, currency)) == value
    assert from_paypal_amount({"currency_code": currency, "value": value}) == Money(minor, currency)


@given(st.integers(min_value=1, max_value=99_999_999), st.sampled_from(["USD", "EUR", "JPY", "HUF", "CHF"]))
def test_every_amount_paypal_can_take_comes_back_unchanged(minor, currency):
    money = Money(minor, currency)
    if representable(money):
        assert from_paypal_amount({"currency_code": currency, "value": to_paypal_value(money)}) == money
    else:
        with pytest.raises(PaymentError, match="whole amounts"):
            to_paypal_value(money)


@pytest.mark.parametrize("amount", [None, "1.00", {"currency_code": "USD"}, {"currency_code": "XYZ", "value": "1"},
                                    {"currency_code": "USD", "value": "1.001"}, {"currency_code": "USD", "value": "x"}])
def test_amounts_we_cannot_hold_are_none(amount):
    assert from_paypal_amount(amount) is None


def test_currencies_paypal_refuses_are_explained_to_the_author():
    assert author_problem(Money(4999, "USD")) is None
    problem = author_problem(Money(4999, "INR"))
    assert problem.field == "currency" and "PayPal does not accept INR" in problem.message
    assert "only the card form" in author_problem(Money(4999, "INR"), cards_too=True).message
    problem = author_problem(Money(100050, "HUF"))
    assert problem.field == "fee" and "(e.g. 1000)" in problem.message
    with pytest.raises(PaymentError, match="does not accept payments in INR"):
        to_paypal_value(Money(4999, "INR"))


def test_reference_fields_fit_paypals_limits_and_stay_exact():
    short = reference_fields("7", "block_access", "block-v1:Org+C+R+type@fee_training+block@abc", "block-v1:x")
    assert short == {"reference_id": "block-v1:x", "custom_id": "7|block_access|block-v1:Org+C+R+type@fee_training+block@abc"}
    long_id = "block-v1:" + "x" * 200
    fields = reference_fields("7", "block_access", long_id, long_id)
    assert len(fields["custom_id"]) <= 127 and fields["custom_id"].startswith("7|block_access|sha256:")
    assert fields == reference_fields("7", "block_access", long_id, long_id)
    assert fields["custom_id"] != reference_fields("8", "block_access", long_id, long_id)["custom_id"]


def test_return_addresses_keep_the_page_and_mark_the_block():
    back, cancel = return_urls("https://lms.example.com/unit?tab=2&token=OLD#top", "abc123")
    assert back == "https://lms.example.com/unit?tab=2&ft_paypal=abc123"
    assert cancel == "https://lms.example.com/unit?tab=2&ft_paypal_cancel=abc123"
    for bad in ("", "javascript:alert(1)", "//lms.example.com/x", "mailto:a@b", "https://" + "x" * 1600):
        with pytest.raises(PaymentError) as err:
            return_urls(bad, "abc123")
        assert err.value.field == "page_url"


def test_webhook_headers_are_checked_against_paypals_schema():
    good = {"PAYPAL-AUTH-ALGO": "SHA256withRSA", "PAYPAL-CERT-URL": "https://api.paypal.com/v1/notifications/certs/C",
            "PAYPAL-TRANSMISSION-ID": "b1a2c3d4-0000", "PAYPAL-TRANSMISSION-SIG": "abc+/=",
            "PAYPAL-TRANSMISSION-TIME": "2026-11-22T10:00:00Z"}
    assert transmission_of(good)["transmission_id"] == "b1a2c3d4-0000"
    for name, value in (("PAYPAL-TRANSMISSION-ID", "123456"), ("PAYPAL-AUTH-ALGO", "SHA-256"),
                        ("PAYPAL-TRANSMISSION-SIG", "+abc"), ("PAYPAL-TRANSMISSION-TIME", "yesterday"),
                        ("PAYPAL-CERT-URL", "file:///etc/passwd"), ("PAYPAL-TRANSMISSION-ID", "a" * 51)):
        with pytest.raises(ValueError, match=name):
            transmission_of({**good, name: value})


FIELDS = {"reference_id": "block-1", "custom_id": "7|block_access|block-1"}
PRICE = Money(4999, "USD")


def order(status="COMPLETED", amount=PRICE, **changes):
    """A captured order as the adapter hands it back."""
    values = {"id": "ORDER1", "status": "COMPLETED", "amount": Money(4999, "USD"), **FIELDS,
              "captures": (PayPalCapture("CAP1", status, amount),)}
    values.update(changes)
    return PayPalOrder(**values)


@pytest.mark.parametrize("candidate,fragment", [
    (order(id="ORDER2"), "someone else"),
    (order(custom_id="8|block_access|block-1"), "someone else"),
    (order(reference_id="block-2"), "someone else"),
    (order(amount=Money(4999, "EUR")), "does not match the price"),
    (order(**{"amount": Money(1, "USD")}), "does not match the price"),
    (order(status="PENDING"), "has not completed"),
    (order(status="DECLINED"), "has not completed"),
    (order(captures=()), "has not completed"),
])
def test_a_capture_must_be_ours_complete_and_for_the_price(candidate, fragment):
    check_capture(order(), "ORDER1", FIELDS, 4999, "USD")
    with pytest.raises(PaymentError, match=fragment):
        check_capture(candidate, "ORDER1", FIELDS, 4999, "USD")
