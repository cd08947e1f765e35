"""Issue 14, item 8: no JSON a browser can send makes a handler fail with a server error.

Every JSON handler of the block (each capability's mixin included: payments, PayPal,
promo codes, subscriptions, webinars, live sessions, the staff tools, Studio's Save),
as a learner and as staff, gets bodies of the wrong
shape (arrays, text, 5,000-deep nesting, not UTF-8) and fields of the wrong type
(booleans where text belongs, numbers, lists, objects, dates that overflow when turned
into UTC, huge numbers, very long text). Each answer is a 4xx with a JSON message, never
a 500 (in the LMS an exception out of a handler is a 500). A learner id longer than the
ledger stores is refused too.
"""
import json

import pytest
import webob

from fee_training_xblock.block import FeeTrainingXBlock
from tests.live_sessions.conftest import live_olx, live_settings
from tests.support.runtime import BlockFactory
from tests.webinars.conftest import webinar

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

FIELDS = ("code", "promo_code", "card_token", "payment_intent_id", "learner", "reason", "kind", "value", "scope",
          "valid_from", "valid_until", "max_redemptions", "once_per_learner", "count", "prefix", "batch", "confirmed")
VALUES = (True, False, None, 1e308, -1, [1], {"a": 1}, "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
          "x" * 5000)
BODIES = (b"[" * 5000 + b"]" * 5000, b'{"a":' * 5000 + b"1" + b"}" * 5000, b"\xff\xfe", b"[]", b'"text"', b"1",
          b"null", b"{", b"")
BASE = {"kind": "percent", "value": "10", "learner": "someone", "card_token": "tok_x"}
#: The fields of the handlers each access mode adds (webinar room and links, the host's session form), and PayPal's.
MODE_FIELDS = {
    "fee": ("page_url", "order_id"),
    "webinar": ("password", "participants", "csv", "expires_at", "paid_elsewhere", "send", "note", "link",
                "page_url", "order_id"),
    "live_session": ("title", "duration_minutes", "session_computers", "teleconference_computers", "division",
                     "join_url", "starts_at", "kind"),
}


def factory_for(mode):
    """A block of `mode`, set up as its own tests set it up (a scheduled webinar, a live session)."""
    if mode == "webinar":
        return webinar(fee="10.00", currency="USD")
    if mode == "live_session":
        return BlockFactory(live_olx(fee="5.00"))
    return BlockFactory()


#: Handlers that are links a browser opens (GET downloads and redirects), not JSON calls.
DOWNLOADS = {"staff_access_csv", "staff_codes_csv", "webinar_links_csv", "webinar_join", "webinar_calendar"}


def all_handlers():
    """Names of every XBlock handler of the block (every capability's mixin included)."""
    return sorted(name for name in dir(FeeTrainingXBlock)
                  if getattr(getattr(FeeTrainingXBlock, name), "_is_xblock_handler", False))


def json_handlers():
    """Names of the block's JSON handlers (every handler but the downloads)."""
    return [name for name in all_handlers() if name not in DOWNLOADS]


def post(block, handler, body):
    """The handler's response to a POST of raw `body`; an exception here is a 500 in the LMS."""
    request = webob.Request.blank("/", method="POST", body=body, headers={"Content-Type": "application/json"})
    return block.handle(handler, request)


def test_handlers_list_is_complete():
    assert {"apply_promo_code", "start_payment", "staff_create_code", "staff_grant", "start_course",
            "paypal_start", "paypal_capture", "paypal_cancel", "webinar_password", "webinar_generate",
            "estimate_session", "join_session", "staff_access_list", "submit_studio_edits"} <= set(json_handlers())


def test_every_json_handler_parses_its_body_with_the_plugins_json_handler():
    """XBlock's own json_handler answers a deeply nested body with a 500: no mixin may use it."""
    unsafe = [name for name in json_handlers()
              if not getattr(getattr(FeeTrainingXBlock, name), "parses_json_safely", False)]
    assert unsafe == []


@pytest.mark.parametrize("role", ["learner", "staff"])
def test_downloads_never_give_a_server_error(payments_on, role):
    factory = BlockFactory()
    problems = []
    for handler in sorted(DOWNLOADS):
        for method, body in [("GET", b"")] + [("POST", body) for body in BODIES]:
            block = factory.block_for("staff-1" if role == "staff" else "learner-1", staff=role == "staff")
            request = webob.Request.blank("/?batch=%0d%0aX:1", method=method, body=body)
            try:
                response = block.handle(handler, request)
            except Exception as err:  # pylint: disable=broad-except
                problems.append(f"{handler} {method} {body[:60]!r}: {type(err).__name__}: {err}"[:300])
                continue
            if response.status_code >= 500:
                problems.append(f"{handler} {method} {body[:60]!r}: HTTP {response.status_code}")
    assert problems == []


@pytest.mark.parametrize("mode", sorted(MODE_FIELDS))
@pytest.mark.parametrize("role", ["learner", "staff"])
def test_no_body_or_field_type_gives_a_server_error(paypal_on, stripe_api, settings, role, mode):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, **{key: value for key, value in live_settings(
        stripe_api).items() if key.startswith("LIVE_SESSION")}}
    factory = factory_for(mode)
    problems = []
    for handler in json_handlers():
        attempts = list(BODIES) + [json.dumps({**BASE, field: value}).encode()
                                   for field in FIELDS + MODE_FIELDS[mode] for value in VALUES]
        for body in attempts:
            block = factory.block_for("staff-1" if role == "staff" else "learner-1", staff=role == "staff")
            try:
                response = post(block, handler, body)
            except Exception as err:  # pylint: disable=broad-except
                problems.append(f"{handler} {body[:60]!r}: {type(err).__name__}: {err}"[:300])
                continue
            if response.status_code >= 500 and response.status_code != 503:
                problems.append(f"{handler} {body[:60]!r}: HTTP {response.status_code}")
            elif response.status_code >= 400 and "error" not in json.loads(response.body or b"{}"):
                problems.append(f"{handler} {body[:60]!r}: HTTP {response.status_code} without a message")
    assert problems == []


def test_a_learner_key_longer_than_the_ledger_stores_is_refused(payments_on):
    factory = BlockFactory()
    response = post(factory.block_for("k" * 300), "start_payment", json.dumps({"card_token": "tok_x"}).encode())
    assert response.status_code == 400
    staff = factory.block_for("staff-1", staff=True)
    response = post(staff, "staff_grant", json.dumps({"learner": "k" * 300}).encode())
    assert response.status_code == 400 and "too long" in json.loads(response.body)["error"]


def test_booleans_are_refused_where_text_belongs_with_the_field_named(payments_on):
    factory = BlockFactory()
    response = post(factory.block_for("learner-1"), "start_payment",
                    json.dumps({"card_token": "tok_x", "promo_code": True}).encode())
    assert response.status_code == 400 and "promo_code" in json.loads(response.body)["error"]
    response = post(factory.block_for("learner-1"), "apply_promo_code", json.dumps({"code": True}).encode())
    assert response.status_code == 400 and "code" in json.loads(response.body)["error"]


def test_a_date_that_overflows_in_utc_is_a_message_for_staff(payments_on):
    staff = BlockFactory().block_for("staff-1", staff=True)
    response = post(staff, "staff_create_code", json.dumps(
        {"kind": "percent", "value": "10", "valid_from": "0001-01-01T00:00:00+05:00"}).encode())
    assert response.status_code == 400 and "Valid from" in json.loads(response.body)["error"]
