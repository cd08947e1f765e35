"""The buyer's side: PayPal's approval page (``/checkoutnow``), the JS SDK stand-in, the signing certificate.

The approval page is where PayPal's ``approve`` / ``payer-action`` link leads. "Pay now"
approves the order (payer and ``payment_source.paypal`` filled, ``CHECKOUT.ORDER.APPROVED``
sent) and redirects to ``return_url?token=<order id>&PayerID=<payer id>``; "Cancel and return"
changes nothing and redirects to ``cancel_url?token=<order id>``. Opened by the SDK stand-in
(``sdk=1``) it reports back to the opener with ``postMessage`` and closes instead.
"""
import html
import json
import os
import urllib.parse

from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from . import orders
from .money import CURRENCY_DECIMALS, format_minor, parse

SDK_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "sdk.js")
STYLE = """body{font-family:system-ui,sans-serif;background:#f5f7fa;margin:0;color:#001c64}
main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;
box-shadow:0 2px 10px rgba(0,0,0,.1)}.banner{background:#fff4ce;padding:.4rem .6rem;border-radius:6px;
font-size:.85rem}dt{font-weight:600;margin-top:.6rem}dd{margin:0}button{display:block;width:100%;
margin-top:1rem;padding:.8rem;border-radius:24px;font-size:1rem;cursor:pointer}
.pay{background:#0070e0;color:#fff;border:0}.cancel{background:#fff;color:#0070e0;border:1px solid #0070e0}"""


def _page(title, body, status=200):
    """A small HTML page in the stand-in's look."""
    return Response(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
                    f'</title><meta name="viewport" content="width=device-width,initial-scale=1">'
                    f"<style>{STYLE}</style></head><body><main>"
                    '<p class="banner">Local PayPal stand-in for tests and demos: no real money moves.</p>'
                    f"{body}</main></body></html>", status=status, mimetype="text/html")


def _with_query(url, **params):
    """``url`` with ``params`` added to its query string."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), *params.items()])
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _opener_message(data, text):
    """The page a popup ends on: tell the SDK stand-in in the opener, then close."""
    payload = json.dumps({"source": "paypal-standin", **data}).replace("</", "<\\/")
    script = (f"<script>(function(){{var d={payload};if(window.opener){{window.opener.postMessage(d,'*');}}"
              "setTimeout(function(){window.close();},50);})();</script>")
    return _page("PayPal", f"<p>{html.escape(text)}</p>{script}")


def checkout(standin, request):
    """``GET /checkoutnow?token=<order id>``: amount, merchant reference, "Pay now", "Cancel and return"."""
    token = request.args.get("token", "")
    sdk = request.args.get("sdk", "")
    with standin.store.lock:
        order = standin.store.orders.get(token)
        if order is None:
            if sdk:
                return _opener_message({"event": "error", "orderID": token,
                                        "message": "No such order"}, "This checkout session does not exist.")
            return _page("PayPal", "<h1>Checkout session not found</h1>", status=404)
        if order.status not in ("CREATED", "PAYER_ACTION_REQUIRED"):
            return _page("PayPal", f"<h1>Nothing to approve</h1><p>This order is {html.escape(order.status)}.</p>")
        units, experience = order.purchase_units, order.experience
    rows = []
    for unit in units:
        currency, minor = parse(unit["amount"], "/amount")
        rows.append(f'<dt>Amount</dt><dd class="amount">{currency} {format_minor(currency, minor)}</dd>')
        for key, label in (("description", "Description"), ("invoice_id", "Invoice"),
                           ("custom_id", "Merchant reference"), ("reference_id", "Reference")):
            if unit.get(key):
                rows.append(f'<dt>{label}</dt><dd class="{key}">{html.escape(unit[key])}</dd>')
    hidden = (f'<input type="hidden" name="token" value="{html.escape(token)}">'
              f'<input type="hidden" name="sdk" value="{html.escape(sdk)}">')
    buyer = orders.BUYER
    body = (f"<h1>Pay {html.escape(experience.get('brand_name', 'the merchant'))}</h1><dl>{''.join(rows)}</dl>"
            f"<p>Paying as {buyer['given_name']} {buyer['surname']} ({buyer['email_address']}).</p>"
            f'<form method="post" action="/checkoutnow/approve">{hidden}'
            '<button class="pay" type="submit">Pay now</button></form>'
            f'<form method="post" action="/checkoutnow/cancel">{hidden}'
            '<button class="cancel" type="submit">Cancel and return</button></form>')
    return _page("PayPal Checkout", body)


def checkout_approve(standin, request):
    """``POST /checkoutnow/approve``: approve, then back to the merchant (redirect or opener)."""
    token, sdk = request.form.get("token", ""), request.form.get("sdk")
    with standin.store.lock:
        order = standin.store.orders.get(token)
        if order is None:
            return _page("PayPal", "<h1>Checkout session not found</h1>", status=404)
        orders.approve(standin, order)
        payer_id, return_url = (order.payer or {}).get("payer_id", ""), order.experience.get("return_url")
    if sdk:
        return _opener_message({"event": "approve", "orderID": token, "payerID": payer_id},
                               "Payment approved. This window closes by itself.")
    if return_url:
        return redirect(_with_query(return_url, token=token, PayerID=payer_id), code=303)
    return _page("PayPal", "<h1>Approved</h1><p>The merchant can now capture the payment.</p>")


def checkout_cancel(standin, request):
    """``POST /checkoutnow/cancel``: nothing changes; back to ``cancel_url`` (or the opener)."""
    token, sdk = request.form.get("token", ""), request.form.get("sdk")
    with standin.store.lock:
        order = standin.store.orders.get(token)
        cancel_url = order.experience.get("cancel_url") if order else None
    if sdk:
        return _opener_message({"event": "cancel", "orderID": token}, "Payment cancelled.")
    if cancel_url:
        return redirect(_with_query(cancel_url, token=token), code=303)
    return _page("PayPal", "<h1>Cancelled</h1><p>You can close this page.</p>")


def sdk(standin, request):
    """``GET /sdk/js?client-id=...&currency=...&intent=capture``: the JS SDK stand-in."""
    client_id = request.args.get("client-id", "")
    currency = request.args.get("currency", "USD").upper()
    intent = request.args.get("intent", "capture").lower()
    problem = None
    if not client_id:
        problem = "Expected client-id to be passed"
    elif standin.credentials and client_id != standin.credentials[0]:
        problem = "client-id not recognized"
    elif currency not in CURRENCY_DECIMALS:
        problem = f"Invalid query value for currency: {currency}"
    elif intent not in ("capture", "authorize"):
        problem = f"Invalid query value for intent: {intent}"
    if problem:
        return Response(f"throw new Error({json.dumps('SDK Validation error: ' + problem)});", status=400,
                        mimetype="application/javascript")
    config = {"base": standin.base_url, "clientId": client_id, "currency": currency, "intent": intent}
    with open(SDK_FILE, encoding="utf-8") as handle:
        script = handle.read()
    return Response(f"window.__paypalStandin = {json.dumps(config)};\n{script}", mimetype="application/javascript",
                    headers={"Cache-Control": "no-store"})


def cert(standin, request, name):  # pylint: disable=unused-argument
    """``GET /v1/notifications/certs/<name>``: the webhook signing certificate (PEM)."""
    if name != standin.webhooks.signer.cert_name:
        return Response("not found", status=404, mimetype="text/plain")
    return Response(standin.webhooks.signer.cert_pem, mimetype="application/x-pem-file")


ROUTES = [
    ("/checkoutnow", ["GET"], "checkout"),
    ("/checkoutnow/approve", ["POST"], "checkout_approve"),
    ("/checkoutnow/cancel", ["POST"], "checkout_cancel"),
    ("/sdk/js", ["GET"], "sdk"),
    ("/v1/notifications/certs/<name>", ["GET"], "cert"),
]
VIEWS = {"checkout": checkout, "checkout_approve": checkout_approve, "checkout_cancel": checkout_cancel,
         "sdk": sdk, "cert": cert}
