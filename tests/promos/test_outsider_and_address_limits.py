"""Issue 14, item 11: what an outsider may learn from promo-code messages, and a limit per address.

Decision: a code that does not exist, a code of another block, course or organization and a
deactivated code give the same answer ("There is no promo code 'X' for this course"), so
nobody learns which codes exist elsewhere; only inside its scope does a code say why it
cannot be used now (not yet valid, expired, used up, already used). Wrong codes count per
learner (PROMO_MAX_WRONG) and per client address for all accounts behind it
(PROMO_MAX_WRONG_PER_ADDRESS), so new accounts do not buy new guesses.
"""
import json

import pytest
import webob

from fee_training_xblock.core.domain.block_settings import load_settings
from fee_training_xblock.data import BlockRef
from fee_training_xblock.promos import staff as promo_staff
from tests.support.runtime import BlockFactory

pytestmark = pytest.mark.django_db

FEE = load_settings("Paid", "10", "USD", "fee").fee


def apply(block, code, address, environ=None):
    """POST apply_promo_code from `address` (plus WSGI `environ` entries); (status, message)."""
    request = webob.Request.blank("/", method="POST", body=json.dumps({"code": code}).encode(),
                                  headers={"Content-Type": "application/json"}, remote_addr=address,
                                  environ=environ)
    response = block.handle("apply_promo_code", request)
    return response.status_code, json.loads(response.body).get("error") or json.loads(response.body).get("message")


def test_codes_elsewhere_and_switched_off_codes_read_like_unknown_ones():
    factory = BlockFactory()
    elsewhere = BlockRef(course_key="course-v1:Other+X+1", usage_key="block-v1:Other+X+1+type@fee_training+block@y")
    promo_staff.create_code(FEE, elsewhere, {"code": "THEIRS", "kind": "percent", "value": "10"}, "staff-2")
    promo_staff.create_code(FEE, elsewhere, {"code": "THEIRORG", "kind": "percent", "value": "10",
                                             "scope": "organization"}, "staff-2")
    messages = {code: apply(factory.block_for(f"out-{code}"), code, "192.0.2.1")[1]
                for code in ("THEIRS", "THEIRORG", "NOSUCH")}
    assert {text.replace(code, "X") for code, text in messages.items()} == {
        "There is no promo code 'X' for this course. Check the spelling and try again."}


def test_many_accounts_behind_one_address_share_one_limit():
    factory = BlockFactory()
    for i in range(20):  # one wrong code from each of 20 fresh accounts: no account reaches its own limit
        status, message = apply(factory.block_for(f"acct{i}"), f"GUESS{i:04d}", "203.0.113.9")
        assert status == 400 and "There is no promo code" in message
    status, message = apply(factory.block_for("acct-new"), "GUESS9999", "203.0.113.9")
    assert status == 400 and "Too many wrong promo codes" in message
    status, message = apply(factory.block_for("elsewhere"), "GUESS9999", "198.51.100.1")
    assert status == 400 and "There is no promo code" in message


def test_behind_the_lms_proxies_the_limit_counts_the_client_ip_the_lms_determined():
    """Stand-in for the LMS's XForwardedForMiddleware: every request arrives from the proxy (10.0.0.2,
    and X-Forwarded-For says whatever the client wants), and the middleware stored the external
    chain as edx-django-utils' `init_client_ips` does (request.META["CLIENT_IPS"], safest last)."""
    factory = BlockFactory()
    for i in range(20):  # one guesser, spoofing a new X-Forwarded-For each time
        environ = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{i}", "CLIENT_IPS": [f"198.51.100.{i}", "203.0.113.9"]}
        assert apply(factory.block_for(f"acct{i}"), f"GUESS{i:04d}", "10.0.0.2", environ)[0] == 400
    locked = apply(factory.block_for("acct-new"), "GUESS9999", "10.0.0.2", {"CLIENT_IPS": ["203.0.113.9"]})
    assert "Too many wrong promo codes" in locked[1]
    other = apply(factory.block_for("neighbour"), "GUESS9999", "10.0.0.2", {"CLIENT_IPS": ["192.0.2.77"]})
    assert "There is no promo code" in other[1]  # another learner behind the same proxy is not locked out
