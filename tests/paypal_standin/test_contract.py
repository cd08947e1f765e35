"""The contract check: requests PayPal's schemas reject are refused and recorded; so are broken answers.

The stand-in exists because PayPal cannot be reached from here; its value is that a request
PayPal's OpenAPI documents reject fails a test here too. The last tests drive the WSGI app
in-process (werkzeug's test client) to break an answer on purpose or to use two REST apps.
"""
import hashlib
import json
import os

import pytest
from openapi_spec_validator import validate
from werkzeug.test import Client

from demo.paypal_standin import StandIn, orders
from demo.paypal_standin.spec_quirks import DOCUMENTS, SPEC_DIR

VENDORED = {  # sha256 of PayPal's files as copied (commit ec4d8f36 of paypal-rest-api-specifications)
    "checkout_orders_v2.json": "4cc647244b3cc1e3244d26a685f3a94a64f53fa6828e533bdfde67f440b734c1",
    "payments_payment_v2.json": "73985bd25819a9d42c0990de111caebf7bea8f0ea1f2647dbe30bd62daddae6c",
    "notifications_webhooks_v1.json": "6201ca2feeca74d45064479aa483df60dd4bb3f19b3a3b106ae49d653932f3bf",
}


def test_unknown_intent_is_rejected_by_the_schema_and_recorded(paypal, api):
    """intent "BUY" is not in the documents' enum: 400 INVALID_REQUEST naming /intent, and a violation."""
    body = {"intent": "BUY", "purchase_units": [{"amount": {"currency_code": "USD", "value": "10.00"}}]}
    status, error, _ = api.call("POST", "/v2/checkout/orders", body)
    assert status == 400
    assert (error["name"], error["message"]) == (
        "INVALID_REQUEST", "Request is not well-formed, syntactically incorrect, or violates schema.")
    assert error["details"] == [{"field": "/intent", "value": "BUY", "location": "body",
                                 "issue": "INVALID_PARAMETER_VALUE", "description": "A parameter value is not valid."}]
    [violation] = paypal.violations()
    assert (violation["kind"], violation["operation_id"]) == ("request", "orders.create")
    assert any("'BUY' is not one of ['CAPTURE', 'AUTHORIZE']" in line for line in violation["errors"])


def test_missing_purchase_units_is_rejected(paypal, api):
    """purchase_units is required by order_request: MISSING_REQUIRED_PARAMETER at /purchase_units."""
    status, error, _ = api.call("POST", "/v2/checkout/orders", {"intent": "CAPTURE"})
    assert status == 400
    assert [(d["field"], d["issue"]) for d in error["details"]] == [("/purchase_units", "MISSING_REQUIRED_PARAMETER")]
    assert len(paypal.violations()) == 1


def test_paypal_formats_are_checked(paypal, api):
    """PayPal's own format names count: a lower-case currency code breaks ppaas_common_currency_code_v2."""
    status, error, _ = api.create_order("10.00", currency="usd")
    assert status == 400
    assert error["details"][0]["field"] == "/purchase_units/0/amount/currency_code"
    assert error["details"][0]["issue"] == "INVALID_PARAMETER_SYNTAX"
    assert paypal.violations()[0]["kind"] == "request"


def test_malformed_json_and_bad_path_parameter(paypal, api):
    """Not JSON: MALFORMED_REQUEST_JSON; an order id outside ^[A-Z0-9]+$: a path error. Both recorded."""
    status, error, _ = api.call("POST", "/v2/checkout/orders", raw=b"{not json")
    assert status == 400 and error["details"][0]["issue"] == "MALFORMED_REQUEST_JSON"
    status, error, _ = api.call("GET", "/v2/checkout/orders/not-an-id")
    assert status == 400 and error["details"][0]["location"] == "path"
    assert [v["kind"] for v in paypal.violations()] == ["request", "request"]


def test_documented_but_unimplemented_operation_is_recorded(paypal, api):
    """PATCH an order (in PayPal's document, not in the stand-in): 501 and an 'unimplemented' record."""
    status, _, _ = api.call("PATCH", "/v2/checkout/orders/ABC123", raw=b"[]",
                            headers={"Content-Type": "application/json"})
    assert status == 501
    assert paypal.violations()[0]["kind"] == "unimplemented"


def test_refund_custom_id_the_answer_could_not_carry(paypal, api):
    """The refund request schema allows any custom_id, PayPal's refund answer only [A-Za-z0-9-_.,]."""
    order = api.create_order("10.00")[1]
    paypal.approve(order["id"])
    capture_id = api.capture(order["id"])[1]["purchase_units"][0]["payments"]["captures"][0]["id"]
    status, error, _ = api.call("POST", f"/v2/payments/captures/{capture_id}/refund", {"custom_id": "learner 7/refund"})
    assert status == 400 and error["details"][0]["field"] == "/custom_id"
    assert paypal.violations()[0]["kind"] == "request"


def test_vendored_documents_are_paypals_and_valid_openapi():
    """The copies are byte-for-byte PayPal's, and valid OpenAPI 3.0 as they are."""
    for name in DOCUMENTS.values():
        path = os.path.join(SPEC_DIR, name)
        with open(path, "rb") as handle:
            raw = handle.read()
        assert hashlib.sha256(raw).hexdigest() == VENDORED[name], name
        validate(json.loads(raw))


@pytest.fixture(scope="module")
def in_process():
    """A stand-in app without a server and without fixed credentials (any client id works)."""
    return StandIn("http://standin.test")


def _token(client, client_id):
    """An access token for ``client_id`` from the in-process app."""
    response = client.post("/v1/oauth2/token", data={"grant_type": "client_credentials"},
                           auth=(client_id, "secret"))
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def _create(client, headers):
    """Create a minimal order; return its id."""
    body = {"intent": "CAPTURE", "purchase_units": [{"amount": {"currency_code": "USD", "value": "3.00"}}]}
    return client.post("/v2/checkout/orders", json=body, headers=headers).json["id"]


def test_an_answer_that_breaks_the_contract_is_a_500_and_recorded(in_process, monkeypatch):
    """If the stand-in ever answered outside PayPal's schema, callers get a 500 and the record says why."""
    in_process.store.reset()
    client = Client(in_process)
    headers = _token(client, "app-one")
    order_id = _create(client, headers)
    monkeypatch.setattr(orders, "order_json", lambda *args, **kwargs: {"id": order_id, "status": "SHIPPED"})
    response = client.get(f"/v2/checkout/orders/{order_id}", headers=headers)
    assert response.status_code == 500 and response.json["name"] == "INTERNAL_SERVER_ERROR"
    [violation] = in_process.store.violations
    assert violation["kind"] == "response" and "SHIPPED" in " ".join(violation["errors"])


def test_objects_belong_to_the_rest_app_that_made_them(in_process):
    """Another client id's token sees 404 for an order it did not create, as with PayPal."""
    in_process.store.reset()
    client = Client(in_process)
    order_id = _create(client, _token(client, "app-one"))
    response = client.get(f"/v2/checkout/orders/{order_id}", headers=_token(client, "app-two"))
    assert response.status_code == 404 and response.json["details"][0]["issue"] == "INVALID_RESOURCE_ID"
    assert in_process.store.violations == []
