"""Author settings rules shared by the Studio editor and the learner view."""
import pytest

from fee_training_xblock.core.domain.block_settings import load_settings, validate_settings
from fee_training_xblock.core.domain.errors import InvalidConfiguration


def test_good_settings_have_no_problems():
    assert validate_settings("Course", "49.99", "USD", "fee") == []
    assert validate_settings("Course", "0", "EUR", "free") == []
    assert load_settings("  Course ", "5000", "JPY", "fee").fee.minor == 5000


@pytest.mark.parametrize("args,field,fragment", [
    (("", "49", "USD", "fee"), "display_name", "cannot be empty"),
    (("x" * 201, "49", "USD", "fee"), "display_name", "too long"),
    (("C", "-1", "USD", "fee"), "fee", "negative"),
    (("C", "forty", "USD", "fee"), "fee", "must be a number"),
    (("C", "4.5", "JPY", "fee"), "fee", "no decimal places"),
    (("C", "100000000", "USD", "fee"), "fee", "too large"),
    (("C", "49", "ZZZ", "fee"), "currency", "not supported"),
    (("C", "49", "dollars", "fee"), "currency", "three-letter"),
    (("C", "0", "USD", "fee"), "fee", "more than zero"),
    (("C", "49", "USD", "auction"), "access_mode", "must be one of"),
])
def test_each_bad_input_names_its_field(args, field, fragment):
    problems = validate_settings(*args)
    assert any(p.field == field and fragment in p.message for p in problems), problems


def test_load_settings_raises_with_first_problem():
    with pytest.raises(InvalidConfiguration, match="not set up correctly"):
        load_settings("C", "0", "USD", "fee")
