#!/usr/bin/env bash
# Prepare and serve the workbench demo on http://127.0.0.1:8000 (called by `make demo`).
# Card payments go to a local Stripe-compatible server (localstripe on port 8420, started
# here and stopped on exit) unless real Stripe test keys are in the environment
# (FEE_TRAINING_STRIPE_SECRET_KEY and FEE_TRAINING_STRIPE_PUBLISHABLE_KEY). PayPal goes to the
# local PayPal stand-in (demo/paypal_standin on port 8430, started and stopped here) unless
# PayPal sandbox credentials are in the environment (FEE_TRAINING_PAYPAL_CLIENT_ID and _SECRET).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=demo.settings
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export EXCLUDE_SAMPLE_XBLOCKS=yes
LOCALSTRIPE_PORT=${LOCALSTRIPE_PORT:-8420}
DEMO_PORT=${DEMO_PORT:-8000}
export DEMO_URL=http://127.0.0.1:$DEMO_PORT
PAYPAL_STANDIN_PORT=${PAYPAL_STANDIN_PORT:-8430}
mkdir -p var

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
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$LOCALSTRIPE_PORT") 2>/dev/null; then
    echo "Port $LOCALSTRIPE_PORT is already in use; stop what runs there or set LOCALSTRIPE_PORT." >&2
    exit 1
  fi
  .venv/bin/localstripe --port "$LOCALSTRIPE_PORT" --from-scratch >var/localstripe.log 2>&1 &
  localstripe_pid=$!
  base="http://127.0.0.1:$LOCALSTRIPE_PORT"
  for _ in $(seq 50); do
    curl -fsS -o /dev/null -u sk_test_demo: "$base/v1/customers" 2>/dev/null && break
    sleep 0.2
  done
  export FEE_TRAINING_STRIPE_SECRET_KEY=sk_test_demo
  export FEE_TRAINING_STRIPE_PUBLISHABLE_KEY=pk_test_demo
  export FEE_TRAINING_STRIPE_WEBHOOK_SECRET=whsec_demo
  export FEE_TRAINING_STRIPE_API_BASE="$base"
  export FEE_TRAINING_STRIPE_JS_URL="$base/js.stripe.com/v3/"
  # localstripe signs its events with this secret and posts them to the plugin's webhook.
  curl -fsS -o /dev/null -u sk_test_demo: "$base/_config/webhooks/demo" \
    -d "url=$DEMO_URL/fee_training/webhook/stripe/" -d "secret=whsec_demo"
  payments="localstripe at $base (log: var/localstripe.log)"
fi

if [ -n "${FEE_TRAINING_PAYPAL_CLIENT_ID:-}" ] && [ -n "${FEE_TRAINING_PAYPAL_CLIENT_SECRET:-}" ]; then
  paypal="PayPal ${FEE_TRAINING_PAYPAL_ENVIRONMENT:-sandbox} (credentials from your environment)"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$PAYPAL_STANDIN_PORT") 2>/dev/null; then
    echo "Port $PAYPAL_STANDIN_PORT is already in use; stop what runs there or set PAYPAL_STANDIN_PORT." >&2
    exit 1
  fi
  # The stand-in accepts any client id and secret; the demo's are not secrets.
  .venv/bin/python -m demo.paypal_standin --port "$PAYPAL_STANDIN_PORT" >var/paypal-standin.log 2>&1 &
  paypal_pid=$!
  paypal_base="http://127.0.0.1:$PAYPAL_STANDIN_PORT"
  for _ in $(seq 50); do
    curl -fsS -o /dev/null "$paypal_base/_standin/health" 2>/dev/null && break
    sleep 0.2
  done
  export FEE_TRAINING_PAYPAL_CLIENT_ID=demo-client
  export FEE_TRAINING_PAYPAL_CLIENT_SECRET=demo-secret
  export FEE_TRAINING_PAYPAL_WEBHOOK_ID=DEMOWEBHOOK1
  export FEE_TRAINING_PAYPAL_API_BASE="$paypal_base"
  export FEE_TRAINING_PAYPAL_SDK_URL="$paypal_base/sdk/js"
  # The stand-in signs its events as PayPal does and posts them to the plugin's PayPal webhook.
  curl -fsS -o /dev/null -H 'Content-Type: application/json' "$paypal_base/_standin/webhooks" \
    -d "{\"url\": \"$DEMO_URL/fee_training/webhook/paypal/\", \"webhook_id\": \"DEMOWEBHOOK1\"}"
  paypal="the PayPal stand-in at $paypal_base (log: var/paypal-standin.log)"
fi

.venv/bin/django-admin migrate --run-syncdb --verbosity 0
.venv/bin/python -m demo.seed
echo
echo "  Demo ready: $DEMO_URL/"
echo "  Learner view: add ?student=alice to a scenario URL; staff view: ?student=staff"
echo "  Card payments: $payments"
echo "  PayPal: $paypal (choose PayPal under 'Pay with', press Pay now in PayPal's window)"
echo "  Test cards: 4242 4242 4242 4242 pays, 4000 0027 6000 3184 asks for 3-D Secure, 4000 0000 0000 0341 is declined"
echo "  Django admin (payments, promo codes, subscriptions, monthly invoice): $DEMO_URL/admin/  (admin / admin)"
echo "  Live session (pay-per-use): open the 'Live session' scenario with ?student=staff_host to host and pay,"
echo "  then with ?student=alice to see it as a learner; reimbursement report: $DEMO_URL/admin/fee_training_xblock/livesession/report/"
echo "  Webinars: the two 'Webinar:' scenarios start a few minutes after this moment; invitation emails"
echo "  (personal link, room password, .ics) are printed on this console, as every email of the demo."
echo
# In the background with `wait`, so a TERM reaches the trap and both servers stop.
.venv/bin/django-admin runserver "127.0.0.1:$DEMO_PORT" --noreload &
server_pid=$!
wait "$server_pid"
