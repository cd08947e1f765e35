"""Handler errors are 400/403 JSON with a message, never a 500."""
import pytest

from tests.support.runtime import BlockFactory, call_json

pytestmark = pytest.mark.django_db


def test_quote_is_computed_on_the_server():
    status, body = call_json(BlockFactory().block_for("alice"), "get_quote", {"amount": 1})
    assert status == 200
    assert body["total"] == {"minor": 4999, "currency": "USD", "amount": "49.99", "display": "$49.99"}


def test_learner_cannot_use_staff_handlers():
    status, body = call_json(BlockFactory().block_for("alice"), "staff_grant", {"learner": "alice"})
    assert status == 403
    assert "Only course staff" in body["error"]


@pytest.mark.parametrize("payload,fragment", [
    ({}, "Enter the learner"),
    ({"learner": "   "}, "Enter the learner"),
    ({"learner": "nobody-here"}, "No learner with username or email"),
])
def test_staff_grant_bad_input(payload, fragment):
    status, body = call_json(BlockFactory().block_for("staff-1", staff=True), "staff_grant", payload)
    assert status == 400
    assert fragment in body["error"]


def test_staff_grant_finds_django_users_by_username_or_email(django_user_model):
    user = django_user_model.objects.create_user("carol", "carol@example.com", "pw")
    factory = BlockFactory()
    status, body = call_json(factory.block_for("staff-1", staff=True), "staff_grant", {"learner": "CAROL@example.com"})
    assert status == 200 and body["learner"] == str(user.pk)


def test_revoke_without_grant_is_a_clear_400():
    status, body = call_json(BlockFactory().block_for("staff-1", staff=True), "staff_revoke", {"learner": "1"})
    assert status == 400


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b""])
def test_malformed_bodies_are_400(raw):
    status, _ = call_json(BlockFactory().block_for("alice"), "get_quote", None, raw=raw)
    assert status == 400


def test_quote_on_misconfigured_block_is_400_with_reason():
    olx = '<fee_training fee="0" currency="USD"><html_demo><p>x</p></html_demo></fee_training>'
    status, body = call_json(BlockFactory(olx).block_for("alice"), "get_quote", {})
    assert status == 400 and "more than zero" in body["error"]


@pytest.mark.parametrize("handler,payload", [
    ("apply_promo_code", {"code": 12345}),
    ("apply_promo_code", {"code": ["X"]}),
    ("apply_promo_code", {"code": {"a": 1}}),
    ("redeem_free_code", {"code": 7}),
    ("start_payment", {"card_token": "tok", "promo_code": 12345}),
    ("start_payment", {"card_token": ["tok"]}),
    ("confirm_payment", {"payment_intent_id": 5}),
    ("get_quote", {"x": [1]}),
])
def test_wrong_json_types_from_a_learner_are_400_not_500(handler, payload):
    status, body = call_json(BlockFactory().block_for("alice"), handler, payload)
    assert status in (400, 403, 503), (status, body)
    assert body["error"]


@pytest.mark.parametrize("handler,payload", [
    ("staff_grant", {"learner": 42}),
    ("staff_grant", {"learner": ["a"]}),
    ("staff_revoke", {"learner": "x", "reason": 5}),
    ("staff_create_code", {"kind": 1, "value": 20, "scope": 3}),
    ("staff_create_code", {"valid_from": 20261201}),
    ("staff_deactivate_code", {"code": 99}),
])
def test_wrong_json_types_from_staff_are_400_not_500(handler, payload):
    status, body = call_json(BlockFactory().block_for("staff-1", staff=True), handler, payload)
    assert status == 400, (status, body)
    assert body["error"]
