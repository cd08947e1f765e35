"""Card helpers for payment tests: play the browser's part against localstripe.

`card_token` does what Stripe.js `createToken` does (POST /v1/tokens with the
publishable key); `authenticate_3ds` does what the 3-D Secure step of
`confirmCardPayment` does in localstripe's fake Stripe.js. `stripe_settings`
is the FEE_TRAINING configuration that points the plugin at localstripe.
"""
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

SECRET_KEY = "sk_test_fee_training_tests"
PUBLISHABLE_KEY = "pk_test_fee_training_tests"
WEBHOOK_SECRET = "whsec_fee_training_tests"

VISA = "4242424242424242"
THREE_D_SECURE = "4000002760003184"
DECLINED = "4000000000000341"


def stripe_settings(server, **extra):
    """FEE_TRAINING for a site whose payments go to `server` (a LocalStripe)."""
    return {
        "PAYMENTS_ENABLED": True,
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": server.url,
        "STRIPE_JS_URL": server.js_url,
        "STRIPE_TIMEOUT_SECONDS": 5,
        "STRIPE_MAX_RETRIES": 0,
        **extra,
    }


def _post(url, form):
    """POST a form with the publishable key, as Stripe.js does; the decoded JSON reply."""
    data = urllib.parse.urlencode({**form, "key": PUBLISHABLE_KEY, "payment_user_agent": "tests"}).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def card_token(server, number=VISA):
    """A card token id for `number` (what the browser sends to start_payment)."""
    return _post(f"{server.url}/v1/tokens", {
        "card[number]": number, "card[exp_month]": "12", "card[exp_year]": "2040", "card[cvc]": "123",
    })["id"]


def authenticate_3ds(server, intent_id, client_secret, success=True):
    """Complete (or fail) the 3-D Secure step of an intent that requires_action."""
    query = urllib.parse.urlencode({"success": "true" if success else "false"})
    request = urllib.request.Request(
        f"{server.url}/v1/payment_intents/{intent_id}/_authenticate?{query}",
        data=json.dumps({"key": PUBLISHABLE_KEY, "client_secret": client_secret}).encode(), method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def signed_event(event, secret=WEBHOOK_SECRET, timestamp=None):
    """(body, Stripe-Signature header) for `event`, signed the way Stripe signs webhooks."""
    body = json.dumps(event).encode()
    stamp = int(time.time() if timestamp is None else timestamp)
    signature = hmac.new(secret.encode(), b"%d.%s" % (stamp, body), hashlib.sha256).hexdigest()
    return body, f"t={stamp},v1={signature}"
