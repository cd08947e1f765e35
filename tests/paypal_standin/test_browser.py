"""A buyer in Chromium: the JS SDK stand-in's button, the approval popup, and the redirect flow.

A tiny merchant page (served here) loads the stand-in's ``/sdk/js`` as it would load PayPal's
SDK; its ``createOrder`` asks the merchant server, which creates the order through the REST
API. PayPal cannot be reached from these machines, hence the stand-in.
"""
import http.server
import json
import pathlib
import re
import threading
import urllib.parse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{sdk}"></script></head><body><h1>Course: 49.00 USD</h1>
<div id="paypal-button"></div><p id="status">waiting</p>
<script>
function show(text) {{ document.getElementById("status").textContent = text; }}
paypal.Buttons({{
  createOrder: function () {{
    return fetch("/create-order", {{method: "POST"}}).then(function (r) {{
      if (!r.ok) {{ throw new Error("merchant server said " + r.status); }}
      return r.json();
    }}).then(function (order) {{ return order.id; }});
  }},
  onApprove: function (data) {{ show("approved " + data.orderID + " " + data.payerID); }},
  onCancel: function (data) {{ show("cancelled " + data.orderID); }},
  onError: function (err) {{ show("error " + err.message); }}
}}).render("#paypal-button");
</script></body></html>"""


class _Merchant(http.server.BaseHTTPRequestHandler):
    """The shop: the page, a create-order endpoint calling the stand-in, and a return page."""

    def _send(self, status, body, content_type):
        """Answer with ``body`` (text) and a Content-Length."""
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # pylint: disable=invalid-name
        """The shop page, or the page PayPal returns the buyer to."""
        if self.path.startswith("/return"):
            self._send(200, "<h1>Thanks</h1>", "text/html")
        else:
            self._send(200, PAGE.format(sdk=self.server.paypal.sdk_url()), "text/html")

    def do_POST(self):  # pylint: disable=invalid-name
        """Create the order server-side, as a real integration does (the amount never comes from the page)."""
        if self.server.fail_create:
            self._send(500, "{}", "application/json")
            return
        status, order, _ = self.server.api.create_order("49.00", reference_id="block-1")
        self.server.orders.append(order["id"])
        self._send(status, json.dumps(order), "application/json")

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Stay quiet."""


@pytest.fixture
def shop(paypal, api):
    """The merchant site on a free port: ``.url``, ``.orders`` (ids created), ``.fail_create``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Merchant)
    server.paypal, server.api, server.orders, server.fail_create = paypal, api, [], False
    server.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_sdk_button_approves_in_a_popup_and_calls_on_approve(page, shop, paypal, api):
    """Click the PayPal button, approve with "Pay now" in the popup: onApprove gets orderID and payerID."""
    page.goto(shop.url)
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="PayPal").click()
    popup = popup_info.value
    expect(popup.locator(".amount")).to_have_text("USD 49.00")
    expect(popup.locator(".reference_id")).to_have_text("block-1")
    ARTIFACTS.mkdir(exist_ok=True)
    popup.screenshot(path=ARTIFACTS / "paypal-standin-approval.png")
    popup.get_by_role("button", name="Pay now").click()
    [order_id] = shop.orders
    expect(page.locator("#status")).to_have_text(re.compile(rf"^approved {order_id} [2-9A-HJ-NP-Z]{{13}}$"))
    status, captured, _ = api.capture(order_id)
    assert status == 201 and captured["purchase_units"][0]["payments"]["captures"][0]["status"] == "COMPLETED"
    assert paypal.violations() == []


def test_closing_with_cancel_calls_on_cancel_and_changes_nothing(page, shop, paypal, api):
    """"Cancel and return" in the popup: onCancel, and the order still waits for the buyer."""
    page.goto(shop.url)
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="PayPal").click()
    popup_info.value.get_by_role("button", name="Cancel and return").click()
    [order_id] = shop.orders
    expect(page.locator("#status")).to_have_text(f"cancelled {order_id}")
    assert api.call("GET", f"/v2/checkout/orders/{order_id}")[1]["status"] == "PAYER_ACTION_REQUIRED"
    assert paypal.violations() == []


def test_failing_create_order_calls_on_error(page, shop):
    """createOrder rejects (merchant server error): onError, and the popup goes away."""
    shop.fail_create = True
    page.goto(shop.url)
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="PayPal").click()
    expect(page.locator("#status")).to_have_text("error merchant server said 500")
    popup = popup_info.value
    for _ in range(50):  # it may have closed already, so no wait_for_event("close")
        if popup.is_closed():
            break
        page.wait_for_timeout(100)
    assert popup.is_closed()


def test_redirect_flow_returns_with_token_and_payer_id(page, shop, paypal, api):
    """Without the SDK: the payer-action link, "Pay now", then return_url?token=...&PayerID=..."""
    body = {"intent": "CAPTURE", "purchase_units": [{"amount": {"currency_code": "EUR", "value": "12.00"},
                                                     "invoice_id": "inv-77"}],
            "payment_source": {"paypal": {"experience_context": {
                "return_url": f"{shop.url}/return?step=paid", "cancel_url": f"{shop.url}/cancel",
                "user_action": "PAY_NOW", "shipping_preference": "NO_SHIPPING"}}}}
    order = api.call("POST", "/v2/checkout/orders", body)[1]
    approve = [link["href"] for link in order["links"] if link["rel"] == "payer-action"][0]
    page.goto(approve)
    expect(page.locator(".invoice_id")).to_have_text("inv-77")
    page.get_by_role("button", name="Pay now").click()
    page.wait_for_url(re.compile(r"/return\?"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["step"] == ["paid"] and query["token"] == [order["id"]]
    assert query["PayerID"] == [api.call("GET", f"/v2/checkout/orders/{order['id']}")[1]["payer"]["payer_id"]]
    assert paypal.violations() == []
