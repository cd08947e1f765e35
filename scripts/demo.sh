#!/usr/bin/env bash
# Prepare and serve the workbench demo (called by `make demo`).
#   DEMO_PORT            the workbench's port (default 8000)
#   LOCALSTRIPE_PORT     the local Stripe-compatible server's port (default 8420)
#   PAYPAL_STANDIN_PORT  the local PayPal stand-in's port (default 8430)
# Card payments go to localstripe (started here, stopped on exit) unless real Stripe test keys
# are in the environment (FEE_TRAINING_STRIPE_SECRET_KEY and FEE_TRAINING_STRIPE_PUBLISHABLE_KEY).
# PayPal goes to the local PayPal stand-in (demo/paypal_standin, started and stopped here) unless
# PayPal sandbox credentials are in the environment (FEE_TRAINING_PAYPAL_CLIENT_ID and _SECRET).
# localstripe and the stand-in start empty every time, so the demo data (var/workbench.db) is reset
# on each start with them: payments in the database always match what the payment servers know.
# With real Stripe keys and PayPal credentials the data is kept. `make demo-reset` empties it by
# hand (the .venv stays).
# Needs nothing beyond Python (no curl): HTTP calls go through .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=demo.settings
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export EXCLUDE_SAMPLE_XBLOCKS=yes
DEMO_PORT=${DEMO_PORT:-8000}
LOCALSTRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
export DEMO_URL=http://127.0.0.1:$DEMO_PORT
PAYPAL_STANDIN_PORT=${PAYPAL_STANDIN_PORT:-8430}
PY=.venv/bin/python
mkdir -p var

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# POST a form ($2...: name=value) to URL $1 with localstripe's test key; fails on an HTTP error.
post_form() {
  "$PY" - "$@" <<'PYEOF'
import base64, sys, urllib.parse, urllib.request
url, fields = sys.argv[1], [tuple(f.split("=", 1)) for f in sys.argv[2:]]
request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST",
                                 headers={"Authorization": "Basic " + base64.b64encode(b"sk_test_demo:").decode()})
urllib.request.urlopen(request, timeout=5).read()
PYEOF
}
# POST a JSON body $2 to URL $1; fails on an HTTP error.
post_json() {
  "$PY" - "$@" <<'PYEOF'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
urllib.request.urlopen(request, timeout=5).read()
PYEOF
}
answers() {
  "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$1" >/dev/null 2>&1
}

if port_in_use "$DEMO_PORT"; then
  echo "Port $DEMO_PORT is already in use; stop what runs there or choose another: DEMO_PORT=8001 make demo" >&2
  exit 1
fi

export FEE_TRAINING_PAYMENTS_ENABLED=${FEE_TRAINING_PAYMENTS_ENABLED:-yes}
# Pay-per-use live sessions at the seed's example rates (0.10 USD a people minute, 0.05 a teleconferencing minute).
export FEE_TRAINING_LIVE_SESSIONS_ENABLED=${FEE_TRAINING_LIVE_SESSIONS_ENABLED:-yes}
export FEE_TRAINING_LIVE_SESSION_PEOPLE_MINUTE_RATE=${FEE_TRAINING_LIVE_SESSION_PEOPLE_MINUTE_RATE:-0.10}
export FEE_TRAINING_LIVE_SESSION_TELECONFERENCE_MINUTE_RATE=${FEE_TRAINING_LIVE_SESSION_TELECONFERENCE_MINUTE_RATE:-0.05}
# Test card numbers on the page, unless live keys are in use.
if [[ "${FEE_TRAINING_STRIPE_SECRET_KEY:-}" == sk_live_* ]]; then demo_default=no; else demo_default=yes; fi
export FEE_TRAINING_DEMO_MODE=${FEE_TRAINING_DEMO_MODE:-$demo_default}
export FEE_TRAINING_PAYMENT_METHODS=${FEE_TRAINING_PAYMENT_METHODS:-card,paypal}
localstripe_pid=""
paypal_pid=""
server_pid=""
cleanup() {
  for pid in $server_pid $localstripe_pid $paypal_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${FEE_TRAINING_STRIPE_SECRET_KEY:-}" ] && [ -n "${FEE_TRAINING_STRIPE_PUBLISHABLE_KEY:-}" ]; then
  payments="Stripe itself (keys from your environment)"
  data="kept from the last run (make demo-reset empties it)"
else
  if port_in_use "$LOCALSTRIPE_PORT"; then
    echo "Port $LOCALSTRIPE_PORT is already in use; stop what runs there or choose another:" \
         "LOCALSTRIPE_PORT=8421 make demo" >&2
    exit 1
  fi
  .venv/bin/localstripe --port "$LOCALSTRIPE_PORT" --from-scratch >var/localstripe.log 2>&1 &
  localstripe_pid=$!
  base="http://127.0.0.1:$LOCALSTRIPE_PORT"
  for _ in $(seq 50); do
    answers "$base/js.stripe.com/v3/" && break
    sleep 0.2
  done
  export FEE_TRAINING_STRIPE_SECRET_KEY=sk_test_demo
  export FEE_TRAINING_STRIPE_PUBLISHABLE_KEY=pk_test_demo
  export FEE_TRAINING_STRIPE_WEBHOOK_SECRET=whsec_demo
  export FEE_TRAINING_STRIPE_API_BASE="$base"
  export FEE_TRAINING_STRIPE_JS_URL="$base/js.stripe.com/v3/"
  # localstripe signs its events with this secret and posts them to the plugin's webhook.
  post_form "$base/_config/webhooks/demo" "url=$DEMO_URL/fee_training/webhook/stripe/" "secret=whsec_demo"
  payments="localstripe at $base (log: var/localstripe.log)"
  # localstripe starts empty: start the demo data afresh too, so no payment refers to a lost intent.
  rm -f var/workbench.db
  data="fresh (localstripe starts empty, so the demo data does too)"
fi

if [ -n "${FEE_TRAINING_PAYPAL_CLIENT_ID:-}" ] && [ -n "${FEE_TRAINING_PAYPAL_CLIENT_SECRET:-}" ]; then
  paypal="PayPal ${FEE_TRAINING_PAYPAL_ENVIRONMENT:-sandbox} (credentials from your environment)"
else
  if port_in_use "$PAYPAL_STANDIN_PORT"; then
    echo "Port $PAYPAL_STANDIN_PORT is already in use; stop what runs there or choose another:" \
         "PAYPAL_STANDIN_PORT=8431 make demo" >&2
    exit 1
  fi
  # The stand-in accepts any client id and secret; the demo's are not secrets.
  "$PY" -m demo.paypal_standin --port "$PAYPAL_STANDIN_PORT" >var/paypal-standin.log 2>&1 &
  paypal_pid=$!
  paypal_base="http://127.0.0.1:$PAYPAL_STANDIN_PORT"
  for _ in $(seq 50); do
    answers "$paypal_base/_standin/health" && break
    sleep 0.2
  done
  export FEE_TRAINING_PAYPAL_CLIENT_ID=demo-client
  export FEE_TRAINING_PAYPAL_CLIENT_SECRET=demo-secret
  export FEE_TRAINING_PAYPAL_WEBHOOK_ID=DEMOWEBHOOK1
  export FEE_TRAINING_PAYPAL_API_BASE="$paypal_base"
  export FEE_TRAINING_PAYPAL_SDK_URL="$paypal_base/sdk/js"
  # The stand-in signs its events as PayPal does and posts them to the plugin's PayPal webhook.
  post_json "$paypal_base/_standin/webhooks" \
    "{\"url\": \"$DEMO_URL/fee_training/webhook/paypal/\", \"webhook_id\": \"DEMOWEBHOOK1\"}"
  paypal="the PayPal stand-in at $paypal_base (log: var/paypal-standin.log)"
  # The stand-in starts empty too: no PayPal order in the demo data may refer to a lost one.
  if [ -f var/workbench.db ]; then
    rm -f var/workbench.db
    data="fresh (the PayPal stand-in starts empty, so the demo data does too)"
  fi
fi

"$PY" -m demo.manage migrate --run-syncdb --verbosity 0
"$PY" -m demo.seed
echo
echo "  Demo ready: $DEMO_URL/   (other ports: DEMO_PORT=8001, LOCALSTRIPE_PORT=8421, PAYPAL_STANDIN_PORT=8431 make demo)"
echo "  Learner view: add ?student=alice to a scenario URL; staff view: ?student=staff"
echo "  Card payments: $payments"
echo "  PayPal: $paypal (choose PayPal under 'Pay with', press Pay now in PayPal's window)"
echo "  Test cards: 4242 4242 4242 4242 pays, 4000 0027 6000 3184 asks for 3-D Secure, 4000 0000 0000 0341 is declined"
echo "  Django admin (payments, promo codes, subscriptions, monthly invoice): $DEMO_URL/admin/  (admin / admin)"
echo "  Live session (pay-per-use): open the 'Live session' scenario with ?student=staff_host to host and pay,"
echo "  then with ?student=alice to see it as a learner; reimbursement report: $DEMO_URL/admin/fee_training_xblock/livesession/report/"
echo "  Webinars: the two 'Webinar:' scenarios start a few minutes after this moment; invitation emails"
echo "  (personal link, room password, .ics) are printed on this console, as every email of the demo."
echo "  Demo data: $data"
echo "  Commands in the demo (another terminal): .venv/bin/python -m demo.manage fee_training_invoice --month $(date -u +%Y-%m)"
echo
# In the background with `wait`, so a TERM reaches the trap and all servers stop.
"$PY" -m demo.manage runserver "127.0.0.1:$DEMO_PORT" --noreload &
server_pid=$!
wait "$server_pid"
