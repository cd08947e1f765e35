"""Issue 14, item 16: the block's staff view lists who paid, when, how much and how, also as CSV."""
import csv
import io

import pytest
import webob

from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def test_staff_see_payments_promo_codes_and_grants_with_amounts(payments_on, django_user_model):
    users = {name: str(django_user_model.objects.create_user(name, f"{name}@example.com", "pw").pk)
             for name in ("payer", "coder", "granted")}
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    status, body = call_json(factory.block_for(users["payer"]), "start_payment",
                             {"card_token": card_token(payments_on, VISA)})
    assert status == 200
    assert call_json(staff, "staff_create_code", {"code": "FREEPASS", "kind": "percent", "value": "100"})[0] == 200
    assert call_json(factory.block_for(users["coder"]), "redeem_free_code", {"code": "FREEPASS"})[0] == 200
    assert call_json(staff, "staff_grant", {"learner": "granted"})[0] == 200

    assert 'data-role="access-list"' in student_html(staff)
    status, reply = call_json(staff, "staff_access_list", {})
    assert status == 200
    rows = {row["learner"]: row for row in reply["rows"]}
    assert rows["payer"]["how"] == "Card payment" and rows["payer"]["amount"] == "$49.99"
    assert rows["payer"]["reference"] == body["payment_intent_id"] and rows["payer"]["status"] == "active"
    assert rows["coder"]["how"].startswith("Promo code") and rows["coder"]["reference"] == "FREEPASS"
    assert rows["granted"]["how"] == "Granted by staff" and rows["granted"]["amount"] == ""
    assert all(row["granted_at"].endswith("UTC") for row in reply["rows"])

    response = staff.handle("staff_access_csv", webob.Request.blank("/"))
    assert response.status_code == 200 and response.content_type == "text/csv"
    listed = list(csv.DictReader(io.StringIO(response.body.decode())))
    assert {row["learner"] for row in listed} == {"payer", "coder", "granted"}
    assert next(row for row in listed if row["learner"] == "payer")["amount"] == "$49.99"


def test_the_access_list_is_staff_only(payments_on):
    factory = BlockFactory()
    assert call_json(factory.block_for("alice"), "staff_access_list", {})[0] == 403
    assert factory.block_for("alice").handle("staff_access_csv", webob.Request.blank("/")).status_code == 403
    assert 'data-role="access-list"' not in student_html(factory.block_for("alice"))
