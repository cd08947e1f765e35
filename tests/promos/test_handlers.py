"""Promo-code handlers and views on a real XBlock runtime (tests/support/runtime.py)."""
import csv
import io

import pytest
import webob

from fee_training_xblock.core.domain.block_settings import load_settings
from fee_training_xblock.data import BlockRef
from fee_training_xblock.models import AccessGrant, PromoCode
from fee_training_xblock.promos import staff as promo_staff
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


def staff_create(factory, **data):
    """Create a code as staff; returns (status, body)."""
    payload = {"kind": "percent", "value": "20"}
    payload.update(data)
    return call_json(factory.block_for("staff-1", staff=True), "staff_create_code", payload)


def test_staff_creates_and_learner_applies_code(factory):
    status, body = staff_create(factory, code="Launch-20")
    assert status == 200 and body["code"] == "LAUNCH20"
    status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": " launch 20 ", "total": 1})
    assert status == 200
    quote = body["quote"]
    assert (quote["fee"]["minor"], quote["discount"]["minor"], quote["total"]["minor"]) == (4999, 1000, 3999)
    assert quote["promo_code"] == "LAUNCH20" and not quote["is_free"]


@pytest.mark.parametrize("data,field_word", [
    ({"value": "0"}, "Percent off"),
    ({"value": "101"}, "Percent off"),
    ({"kind": "amount", "value": "50.00"}, "cannot be larger than the fee"),
    ({"kind": "amount", "value": "-2"}, "negative"),
    ({"valid_from": "2030-01-02T00:00", "valid_until": "2030-01-01T00:00"}, "Valid until"),
    ({"max_redemptions": "-1"}, "Maximum redemptions"),
])
def test_staff_bad_input_is_a_400_naming_the_field(factory, data, field_word):
    status, body = staff_create(factory, **data)
    assert status == 400 and field_word in body["error"]
    assert not PromoCode.objects.exists()


def test_duplicate_and_too_many(factory):
    staff_create(factory, code="SAMETEXT")
    status, body = staff_create(factory, code="sametext")
    assert status == 400 and "already exists" in body["error"]
    status, body = call_json(factory.block_for("staff-1", staff=True), "staff_bulk_generate",
                             {"count": "100000", "kind": "percent", "value": "5"})
    assert status == 400 and "Number of codes" in body["error"]
    assert PromoCode.objects.count() == 1


def test_learners_cannot_use_staff_handlers(factory):
    for handler in ("staff_create_code", "staff_bulk_generate", "staff_list_codes", "staff_deactivate_code"):
        status, _ = call_json(factory.block_for("alice"), handler, {"kind": "percent", "value": "5"})
        assert status == 403
    response = factory.block_for("alice").handle("staff_codes_csv", webob.Request.blank("/"))
    assert response.status_code == 403


def test_bulk_generate_list_csv_and_deactivate(factory):
    staff = factory.block_for("staff-1", staff=True)
    status, body = call_json(staff, "staff_bulk_generate", {"count": "25", "prefix": "ev", "kind": "amount",
                                                            "value": "10", "max_redemptions": "1"})
    assert status == 200 and body["count"] == 25 and "staff_codes_csv" in body["csv_url"]
    response = staff.handle("staff_codes_csv", webob.Request.blank(f"/?batch={body['batch']}"))
    assert response.status_code == 200 and response.content_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.body.decode())))
    assert len(rows) == 25 and all(r["code"].startswith("EV") for r in rows)
    assert {r["discount"] for r in rows} == {"$10.00"} and {r["uses_left"] for r in rows} == {"1"}
    first = rows[0]["code"]
    status, body = call_json(staff, "staff_deactivate_code", {"code": first})
    assert status == 200
    status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": first})
    assert status == 400 and f"There is no promo code '{first}'" in body["error"]
    listed = call_json(staff, "staff_list_codes", {})[1]["codes"]
    assert len(listed) == 25 and sum(not item["active"] for item in listed) == 1


def test_free_code_grants_access_without_card_and_publishes(factory):
    staff_create(factory, code="FULLFREE", value="100", max_redemptions="3")
    alice = factory.block_for("alice")
    status, body = call_json(alice, "apply_promo_code", {"code": "fullfree"})
    assert status == 200 and body["quote"]["is_free"] and body["quote"]["total"]["minor"] == 0
    status, body = call_json(alice, "redeem_free_code", {"code": "fullfree"})
    assert status == 200 and body["granted"]
    grant = AccessGrant.objects.get(user_key="alice")
    assert grant.via == "promo" and grant.reference == "FULLFREE"
    names = [name for name, _ in alice.runtime.events]
    assert "fee_training.promo.redeemed" in names
    event = dict(alice.runtime.events)["fee_training.promo.redeemed"]
    assert event["total_minor"] == 0 and event["discount_minor"] == 4999 and event["via"] == "free"
    assert "SECRET-PAID-CONTENT" in student_html(factory.block_for("alice"))
    status, body = call_json(factory.block_for("alice"), "redeem_free_code", {"code": "fullfree"})
    assert status == 400 and "already have access" in body["error"]
    listed = call_json(factory.block_for("staff-1", staff=True), "staff_list_codes", {})[1]["codes"][0]
    assert listed["uses"] == 1 and listed["uses_left"] == 2 and listed["redeemed_by"][0]["user_key"] == "alice"


def test_partial_code_is_not_free(factory):
    staff_create(factory, code="HALFOFF", value="50")
    status, body = call_json(factory.block_for("alice"), "redeem_free_code", {"code": "HALFOFF"})
    assert status == 400 and "paid by card" in body["error"]
    assert not AccessGrant.objects.exists()


def test_unknown_code_messages_and_rate_limit(factory):
    alice = factory.block_for("alice")
    status, body = call_json(alice, "apply_promo_code", {"code": "NOSUCHCODE"})
    assert status == 400 and "There is no promo code" in body["error"]
    for _ in range(4):
        call_json(alice, "apply_promo_code", {"code": "NOSUCHCODE"})
    status, body = call_json(alice, "apply_promo_code", {"code": "NOSUCHCODE"})
    assert status == 400 and "try again after" in body["error"]


def test_code_for_another_course_reads_like_an_unknown_code(factory):
    """Issue 14, item 11: an outsider cannot tell a code of another course from one that does not exist."""
    elsewhere = BlockRef(course_key="course-v1:Other+X+1", usage_key="block-v1:Other+X+1+type@fee_training+block@y")
    promo_staff.create_code(load_settings("Paid", "10", "USD", "fee").fee, elsewhere,
                       {"code": "ELSEWHERE", "kind": "percent", "value": "10"}, created_by="staff-2")
    status, body = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "ELSEWHERE"})
    status_unknown, unknown = call_json(factory.block_for("alice"), "apply_promo_code", {"code": "ELSEWHERF"})
    assert status == status_unknown == 400
    assert body["error"] == unknown["error"].replace("ELSEWHERF", "ELSEWHERE")
    assert "not valid" not in body["error"] and "There is no promo code 'ELSEWHERE'" in body["error"]


def test_anonymous_cannot_apply(factory):
    anon = factory.block_for("", anonymous=True)
    status, body = call_json(anon, "apply_promo_code", {"code": "X"})
    assert status == 403


def test_views_include_promo_field_and_staff_panel(factory):
    learner_html = student_html(factory.block_for("alice"))
    assert 'data-role="promo-form"' in learner_html and 'data-role="promo-staff"' not in learner_html
    staff_html = student_html(factory.block_for("staff-1", staff=True))
    assert 'data-role="promo-staff"' in staff_html and "staff_codes_csv" in staff_html


def test_organization_codes_need_platform_staff(factory, django_user_model):
    status, body = staff_create(factory, code="ORGWIDE1", scope="organization")
    assert status == 403 and "platform administrators" in body["error"]
    admin = django_user_model.objects.create_user("plat", "plat@example.com", "pw", is_staff=True)
    status, body = call_json(factory.block_for(str(admin.pk), staff=True), "staff_create_code",
                             {"code": "ORGWIDE1", "kind": "percent", "value": "10", "scope": "organization"})
    assert status == 200
    assert PromoCode.objects.get(code="ORGWIDE1").scope == "organization"


def test_redeemers_listed_by_username(factory, django_user_model):
    learner = django_user_model.objects.create_user("dora", "dora@example.com", "pw")
    staff_create(factory, code="DORAFREE", value="100")
    status, _ = call_json(factory.block_for(str(learner.pk)), "redeem_free_code", {"code": "dorafree"})
    assert status == 200
    listed = call_json(factory.block_for("staff-1", staff=True), "staff_list_codes", {})[1]["codes"][0]
    assert listed["redeemed_by"][0]["username"] == "dora"
