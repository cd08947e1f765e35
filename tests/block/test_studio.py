"""The Studio editor validates every field before anything is written."""
import pytest

from tests.support.runtime import BlockFactory, call_json

pytestmark = pytest.mark.django_db

GOOD = {"display_name": "Paid lesson", "fee": "49.99", "currency": "USD", "access_mode": "fee", "benefit": "Two lessons."}


def submit(block, **changes):
    """Post the Studio form with `changes` applied to known-good values."""
    return call_json(block, "submit_studio_edits", {"values": dict(GOOD, **changes), "defaults": []})


@pytest.mark.parametrize("changes,fragment", [
    ({"fee": "-10"}, "cannot be negative"),
    ({"fee": "ten"}, "must be a number"),
    ({"fee": "12.345"}, "at most 2 decimal places"),
    ({"fee": "4999.5", "currency": "JPY"}, "JPY has no decimal places"),
    ({"fee": "123456789"}, "too large"),
    ({"currency": "ABC"}, "not supported"),
    ({"currency": "€"}, "three-letter"),
    ({"fee": "0"}, "more than zero"),
    ({"display_name": ""}, "cannot be empty"),
    ({"access_mode": "maybe"}, "must be one of"),
])
def test_bad_input_is_rejected_with_a_message_and_nothing_is_written(changes, fragment):
    factory = BlockFactory()
    status, body = submit(factory.block_for("author", staff=True), **changes)
    assert status == 400
    assert fragment in str(body)
    fresh = factory.block_for("author", staff=True)
    assert (fresh.fee, fresh.currency, fresh.access_mode, fresh.display_name) == ("49.99", "USD", "fee", "Paid lesson")


def test_good_input_is_saved_and_cleaned():
    factory = BlockFactory()
    status, body = submit(factory.block_for("author", staff=True), fee=" 5000 ", currency="jpy", display_name=" Etiquette ")
    assert status == 200, body
    fresh = factory.block_for("author", staff=True)
    assert (fresh.fee, fresh.currency, fresh.display_name) == ("5000", "JPY", "Etiquette")


def test_free_mode_accepts_zero_fee():
    status, _ = submit(BlockFactory().block_for("author", staff=True), fee="0", access_mode="free")
    assert status == 200


def test_studio_view_renders_the_editable_fields():
    block = BlockFactory().block_for("author", staff=True)
    html = block.runtime.render(block, "studio_view", {}).content
    for label in ("Fee", "Currency", "Access mode", "What the learner gets"):
        assert label in html


def test_no_secret_lives_in_a_field():
    from xblock.fields import Boolean  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.block.fee_block import FeeTrainingXBlock  # pylint: disable=import-outside-toplevel
    # A switch such as webinar_password_required holds no secret; every field that can hold text is checked.
    names = " ".join(name for name, field in FeeTrainingXBlock.fields.items() if not isinstance(field, Boolean))
    assert not any(word in names.lower() for word in ("secret", "key", "token", "password"))


@pytest.mark.parametrize("methods,currency,fee,status,fragment", [
    ("paypal", "INR", "499.00", 400, "PayPal does not accept INR"),
    ("paypal", "HUF", "1000.50", 400, "whole units only"),
    ("card,paypal", "INR", "499.00", 200, "PayPal does not accept INR"),
    ("card,paypal", "EUR", "49.00", 200, ""),
    ("card", "INR", "499.00", 200, ""),
])
def test_currencies_paypal_refuses_are_told_to_the_author_in_studio(settings, methods, currency, fee, status, fragment):
    """PayPal only: the block could not be sold, so saving is refused. Cards too: a warning, the block sells by card."""
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True, "PAYMENT_METHODS": methods}
    block = BlockFactory().block_for("author", staff=True)
    code, body = submit(block, currency=currency, fee=fee)
    assert code == status, body
    if status == 400:
        assert fragment in str(body)
    else:
        warnings = [message.text for message in BlockFactory().block_for("author", staff=True).validate().messages]
        assert warnings == []  # the defaults (USD) are fine
        saved = block.runtime.get_block(block.scope_ids.usage_id)
        found = [m.text for m in saved.validate().messages]
        assert any(fragment in text for text in found) == bool(fragment), found
