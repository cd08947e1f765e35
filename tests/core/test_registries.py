"""The seams capabilities meet through: the product registry, the discount provider and the access gates."""
import pytest

from fee_training_xblock.core import discounts, gates, products
from fee_training_xblock.core.domain.errors import PaymentError
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.products import Offer


def test_app_start_registers_what_is_sold_and_the_access_modes():
    assert products.registered_types() == ["block_access", "live_session", "live_session_difference", "subscription"]
    assert gates.modes() == ("free", "fee", "subscription", "live_session")


def test_an_unknown_product_type_says_so():
    with pytest.raises(LookupError, match="no product registered for 'webinar_seat'"):
        products.get("webinar_seat")


def test_offers_without_a_code_cost_the_fee_and_codes_never_discount_what_is_not_discountable():
    offer = Offer("subscription", "1", "Lab pass", Money(9900, "USD"), "course-v1:A+B+C", "u", discountable=False)
    assert discounts.quote(offer, "alice", "  ").total == Money(9900, "USD")
    with pytest.raises(PaymentError, match="cannot be used for this purchase"):
        discounts.quote(offer, "alice", "SAVE10")


def test_a_gate_needs_a_mode_and_a_product_a_type():
    with pytest.raises(ValueError):
        gates.register(gates.Gate())
    with pytest.raises(ValueError):
        products.register(products.Product())
