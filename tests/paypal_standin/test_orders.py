"""The stand-in's OAuth token, Orders v2 state machine, idempotency and negative testing, over HTTP.

PayPal itself cannot be reached here: these run against the local stand-in, which checks each
call against PayPal's OpenAPI documents; every test ends with no recorded contract violation.
"""
import base64
import concurrent.futures
import json
import urllib.parse

import pytest

MOCK = "PayPal-Mock-Response"


@pytest.fixture(autouse=True)
def _no_contract_violations(paypal):
    """Each test here makes only calls PayPal's documents allow: none may leave a violation."""
    yield
    assert paypal.violations() == []


def test_token_for_client_credentials(paypal):
    """Basic client_id:secret + grant_type=client_credentials gives a bearer token in PayPal's shape."""
    client = paypal.client()
    status, body, _ = client.call("POST", "/v1/oauth2/token", raw=b"grant_type=client_credentials", headers={
        "Authorization": f"Basic {client.basic}", "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["access_token"].startswith("A21AA")
    assert "https://uri.paypal.com/services/payments/payment" in body["scope"].split()


def test_wrong_secret_and_missing_grant_are_refused(paypal):
    """A wrong secret is 401 invalid_client; no grant_type is 400 unsupported_grant_type."""
    client = paypal.client()
    wrong = base64.b64encode(f"{paypal.client_id}:not-the-secret".encode()).decode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, body, _ = client.call("POST", "/v1/oauth2/token", raw=b"grant_type=client_credentials",
                                  headers={**form, "Authorization": f"Basic {wrong}"})
    assert (status, body["error"]) == (401, "invalid_client")
    status, body, _ = client.call("POST", "/v1/oauth2/token", raw=b"",
                                  headers={**form, "Authorization": f"Basic {client.basic}"})
    assert (status, body["error"]) == (400, "unsupported_grant_type")


def test_api_needs_a_live_bearer_token(paypal, api):
    """No token, an unknown one or an expired one: 401 AUTHENTICATION_FAILURE; a new token works."""
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer A21AAforged"}):
        status, body, _ = api.call("GET", "/v2/checkout/orders/ABC123", headers=headers)
        assert (status, body["name"]) == (401, "AUTHENTICATION_FAILURE")
    paypal.expire_tokens()
    assert api.call("GET", "/v2/checkout/orders/ABC123")[0] == 401
    api.token = api.fetch_token()
    assert api.call("GET", "/v2/checkout/orders/ABC123")[0] == 404


def test_order_lifecycle_create_approve_capture(paypal, api):
    """PAYER_ACTION_REQUIRED -> APPROVED -> COMPLETED, with PayPal's links, payer and capture."""
    status, order, headers = api.create_order("49.00", reference_id="block-1", custom_id="learner-7",
                                              invoice_id="inv-1", description="Paid course")
    assert status == 201 and headers["Paypal-Debug-Id"]
    assert order["status"] == "PAYER_ACTION_REQUIRED" and order["payment_source"] == {"paypal": {}}
    links = {link["rel"]: link["href"] for link in order["links"]}
    assert links["payer-action"] == f"{paypal.url}/checkoutnow?token={order['id']}"

    status, body, _ = api.capture(order["id"])
    assert status == 422 and body["details"][0]["issue"] == "ORDER_NOT_APPROVED"

    approved = paypal.approve(order["id"])
    assert approved["status"] == "APPROVED"
    status, shown, _ = api.call("GET", f"/v2/checkout/orders/{order['id']}")
    assert status == 200 and shown["status"] == "APPROVED"
    assert shown["payer"]["payer_id"] == shown["payment_source"]["paypal"]["account_id"]
    unit = shown["purchase_units"][0]
    assert (unit["reference_id"], unit["custom_id"], unit["invoice_id"]) == ("block-1", "learner-7", "inv-1")

    status, captured, _ = api.capture(order["id"])
    assert status == 201 and captured["status"] == "COMPLETED"
    capture = captured["purchase_units"][0]["payments"]["captures"][0]
    assert capture["status"] == "COMPLETED" and capture["amount"] == {"currency_code": "USD", "value": "49.00"}
    assert (capture["custom_id"], capture["invoice_id"]) == ("learner-7", "inv-1")
    breakdown = capture["seller_receivable_breakdown"]
    assert float(breakdown["net_amount"]["value"]) + float(breakdown["paypal_fee"]["value"]) == pytest.approx(49.0)

    status, body, _ = api.capture(order["id"])
    assert status == 422 and body["details"][0]["issue"] == "ORDER_ALREADY_CAPTURED"
    status, shown_capture, _ = api.call("GET", f"/v2/payments/captures/{capture['id']}")
    assert status == 200 and shown_capture["supplementary_data"]["related_ids"]["order_id"] == order["id"]


def test_order_without_payment_source_uses_the_approve_link(paypal, api):
    """Created without payment_source: status CREATED and rel "approve", as PayPal answers."""
    body = {"intent": "CAPTURE", "purchase_units": [{"amount": {"currency_code": "EUR", "value": "5"}}]}
    status, order, _ = api.call("POST", "/v2/checkout/orders", body, {"Prefer": "return=representation"})
    assert status == 201 and order["status"] == "CREATED"
    assert order["purchase_units"][0]["reference_id"] == "default"
    assert {link["rel"] for link in order["links"]} >= {"self", "approve", "capture"}
    assert order["purchase_units"][0]["amount"]["value"] == "5"
    paypal.approve(order["id"])
    assert api.capture(order["id"])[1]["purchase_units"][0]["payments"]["captures"][0]["amount"]["value"] == "5.00"


def test_capture_with_same_request_id_captures_once(paypal, api):
    """PayPal-Request-Id: a retried capture returns the stored answer (200) and captures nothing new."""
    order = api.create_order("20.00")[1]
    paypal.approve(order["id"])
    first = api.capture(order["id"], {"PayPal-Request-Id": "capture-order-1"})
    again = api.capture(order["id"], {"PayPal-Request-Id": "capture-order-1"})
    assert (first[0], again[0]) == (201, 200)
    assert again[1] == first[1]
    shown = api.call("GET", f"/v2/checkout/orders/{order['id']}")[1]
    assert len(shown["purchase_units"][0]["payments"]["captures"]) == 1
    other_key = api.capture(order["id"], {"PayPal-Request-Id": "capture-order-2"})
    assert other_key[0] == 422 and other_key[1]["details"][0]["issue"] == "ORDER_ALREADY_CAPTURED"


def test_create_with_same_request_id_creates_one_order(api):
    """A retried create with the same PayPal-Request-Id returns the first order."""
    first = api.create_order("7.00", headers={"PayPal-Request-Id": "create-1"})
    again = api.create_order("7.00", headers={"PayPal-Request-Id": "create-1"})
    assert first[1]["id"] == again[1]["id"] and (first[0], again[0]) == (201, 200)


def test_refunds_partial_then_full_then_refused(paypal, api):
    """Partial refund, one beyond what is left (REFUND_AMOUNT_EXCEEDED), the rest, then CAPTURE_FULLY_REFUNDED."""
    order = api.create_order("30.00")[1]
    paypal.approve(order["id"])
    capture_id = api.capture(order["id"])[1]["purchase_units"][0]["payments"]["captures"][0]["id"]
    path = f"/v2/payments/captures/{capture_id}/refund"
    status, refund, _ = api.call("POST", path, {"amount": {"currency_code": "USD", "value": "10.00"}},
                                 {"PayPal-Request-Id": "refund-1"})
    assert status == 201 and refund["status"] == "COMPLETED" and set(refund) == {"id", "status", "links"}
    assert api.call("POST", path, {"amount": {"currency_code": "USD", "value": "10.00"}},
                    {"PayPal-Request-Id": "refund-1"})[1]["id"] == refund["id"]  # no second refund
    assert api.call("GET", f"/v2/payments/captures/{capture_id}")[1]["status"] == "PARTIALLY_REFUNDED"
    status, body, _ = api.call("POST", path, {"amount": {"currency_code": "USD", "value": "20.01"}})
    assert status == 422 and body["details"][0]["issue"] == "REFUND_AMOUNT_EXCEEDED"
    status, rest, _ = api.call("POST", path, {}, {"Prefer": "return=representation"})
    assert status == 201 and rest["amount"]["value"] == "20.00"
    assert rest["seller_payable_breakdown"]["total_refunded_amount"]["value"] == "30.00"
    assert api.call("GET", f"/v2/payments/captures/{capture_id}")[1]["status"] == "REFUNDED"
    status, body, _ = api.call("POST", path, {})
    assert status == 422 and body["details"][0]["issue"] == "CAPTURE_FULLY_REFUNDED"
    status, shown, _ = api.call("GET", f"/v2/payments/refunds/{refund['id']}")
    assert status == 200 and shown["amount"]["value"] == "10.00"


def test_instrument_declined_sends_the_buyer_back(paypal, api):
    """Negative testing: INSTRUMENT_DECLINED is a 422 with a redirect link; after a new approval it captures."""
    order = api.create_order("15.00")[1]
    paypal.approve(order["id"])
    status, body, _ = api.capture(order["id"], {MOCK: json.dumps({"mock_application_codes": "INSTRUMENT_DECLINED"})})
    assert status == 422 and body["name"] == "UNPROCESSABLE_ENTITY"
    assert body["details"][0]["issue"] == "INSTRUMENT_DECLINED"
    redirect = [link for link in body["links"] if link["rel"] == "redirect"][0]["href"]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(redirect).query)["token"] == [order["id"]]
    assert api.call("GET", f"/v2/checkout/orders/{order['id']}")[1]["status"] == "PAYER_ACTION_REQUIRED"
    paypal.approve(order["id"])
    assert api.capture(order["id"])[0] == 201


def test_declined_capture_completes_the_order_but_not_the_payment(paypal, api):
    """STANDIN_CAPTURE_DECLINED: 201, order COMPLETED, capture DECLINED (check the capture, not the order)."""
    order = api.create_order("15.00")[1]
    paypal.approve(order["id"])
    status, body, _ = api.capture(order["id"], {MOCK: '{"mock_application_codes": "STANDIN_CAPTURE_DECLINED"}'})
    capture = body["purchase_units"][0]["payments"]["captures"][0]
    assert (status, body["status"], capture["status"]) == (201, "COMPLETED", "DECLINED")
    status, refused, _ = api.call("POST", f"/v2/payments/captures/{capture['id']}/refund", {})
    assert status == 422 and refused["details"][0]["issue"] == "REFUND_NOT_ALLOWED"


def test_pending_capture_completes_later(paypal, api):
    """STANDIN_CAPTURE_PENDING: capture PENDING (PENDING_REVIEW) until the hook clears it."""
    order = api.create_order("15.00")[1]
    paypal.approve(order["id"])
    body = api.capture(order["id"], {MOCK: '{"mock_application_codes": "STANDIN_CAPTURE_PENDING"}'})[1]
    capture = body["purchase_units"][0]["payments"]["captures"][0]
    assert capture["status"] == "PENDING" and capture["status_details"] == {"reason": "PENDING_REVIEW"}
    assert paypal.complete_capture(capture["id"])["status"] == "COMPLETED"


def test_any_documented_error_can_be_mocked(api):
    """A mock code the documents list for the operation comes back as that error."""
    status, body, _ = api.create_order("5.00", headers={MOCK: '{"mock_application_codes": "DUPLICATE_INVOICE_ID"}'})
    assert status == 422 and body["details"][0]["issue"] == "DUPLICATE_INVOICE_ID"


@pytest.mark.parametrize("currency, value, issue", [
    ("JPY", "10.50", "DECIMAL_PRECISION"),
    ("JPY", "1000.00", "DECIMAL_PRECISION"),
    ("USD", "0.00", "CANNOT_BE_ZERO_OR_NEGATIVE"),
    ("XAF", "10.00", "INVALID_CURRENCY_CODE"),
])
def test_amounts_paypal_refuses(api, currency, value, issue):
    """Zero-decimal currencies, non-positive amounts and unsupported currencies: 422 with PayPal's issue."""
    status, body, _ = api.create_order(value, currency)
    assert status == 422 and body["details"][0]["issue"] == issue


def test_zero_decimal_currency_is_accepted_without_decimals(paypal, api):
    """JPY 1500 is fine and captured as "1500"."""
    order = api.create_order("1500", "JPY")[1]
    paypal.approve(order["id"])
    capture = api.capture(order["id"])[1]["purchase_units"][0]["payments"]["captures"][0]
    assert capture["amount"] == {"currency_code": "JPY", "value": "1500"}


def test_capture_without_json_content_type_is_refused(paypal, api):
    """PayPal wants Content-Type: application/json even on a bodyless capture: 415 otherwise."""
    order = api.create_order("5.00")[1]
    paypal.approve(order["id"])
    status, body, _ = api.capture(order["id"], {"Content-Type": "text/plain"})
    assert status == 415 and body["name"] == "UNSUPPORTED_MEDIA_TYPE"


def test_concurrent_captures_capture_once(paypal, api):
    """Five simultaneous captures (a double click, two tabs): one capture; the rest replay or are refused."""
    order = api.create_order("9.00")[1]
    paypal.approve(order["id"])
    keys = ["same-key"] * 3 + ["other-key-1", "other-key-2"]
    with concurrent.futures.ThreadPoolExecutor(len(keys)) as pool:
        results = list(pool.map(lambda key: api.capture(order["id"], {"PayPal-Request-Id": key}), keys))
    successes = [body for status, body, _ in results if status in (200, 201)]
    refused = [body["details"][0]["issue"] for status, body, _ in results if status == 422]
    assert len({body["purchase_units"][0]["payments"]["captures"][0]["id"] for body in successes}) == 1
    assert set(refused) <= {"ORDER_ALREADY_CAPTURED"} and len(successes) + len(refused) == len(keys)
    shown = api.call("GET", f"/v2/checkout/orders/{order['id']}")[1]
    assert len(shown["purchase_units"][0]["payments"]["captures"]) == 1
