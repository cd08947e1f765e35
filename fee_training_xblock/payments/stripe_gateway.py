"""The Stripe adapter: the only module that imports `stripe`.

It hands back plain `IntentInfo`/`RefundInfo` values and turns Stripe's
exceptions into our domain errors, so the checkout never sees a Stripe object.
The API base URL comes from settings, which lets tests and the demo use a
local Stripe-compatible server (localstripe).

Two small differences between real Stripe and localstripe are handled here:
- the card token from Stripe.js becomes `payment_method_data` on real Stripe;
  localstripe does not know that parameter, so its token's card id is used;
- real Stripe needs `use_stripe_sdk` on a server-side confirm to hand 3-D Secure
  to Stripe.js; localstripe rejects the parameter (and always does that).
"""
import logging

import stripe

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.payments.domain import IntentInfo, RefundInfo

log = logging.getLogger(__name__)


class IntentNotFound(PaymentError):
    """Stripe does not know the PaymentIntent (deleted, another account or a reset test server)."""


#: What a learner reads when a card is declined, by Stripe's decline code: whole, translatable sentences.
DECLINED = _("Your card was declined. No money was taken. Try another card or contact your bank.")
DECLINE_MESSAGES = {
    "insufficient_funds": _("Your card has insufficient funds. No money was taken. Try another card."),
    "expired_card": _("Your card has expired. No money was taken. Try another card."),
    "incorrect_cvc": _("The card's security code (CVC) is incorrect. No money was taken. Check it and try again."),
    "invalid_cvc": _("The card's security code (CVC) is incorrect. No money was taken. Check it and try again."),
    "incorrect_number": _("The card number is incorrect. No money was taken. Check it and try again."),
    "invalid_number": _("The card number is incorrect. No money was taken. Check it and try again."),
    "invalid_expiry_month": _("The card's expiry date is incorrect. No money was taken. Check it and try again."),
    "invalid_expiry_year": _("The card's expiry date is incorrect. No money was taken. Check it and try again."),
    "processing_error": _("The card could not be processed. No money was taken. Please try again in a minute."),
}


def _intent_info(intent):
    """IntentInfo from a stripe PaymentIntent (latest_charge may be expanded or an id)."""
    # stripe 12 makes a StripeObject a dict and deprecates its to_dict(); newer versions (16) drop the dict API.
    intent = intent if isinstance(intent, dict) else intent.to_dict()
    charge = intent.get("latest_charge")
    refunded = charge.get("amount_refunded", 0) if isinstance(charge, dict) else 0
    error = intent.get("last_payment_error") or {}
    return IntentInfo(
        id=intent["id"],
        status=intent["status"],
        amount=int(intent["amount"]),
        currency=str(intent["currency"]).upper(),
        metadata={k: str(v) for k, v in dict(intent.get("metadata") or {}).items()},
        client_secret=intent.get("client_secret") or "",
        amount_refunded=int(refunded or 0),
        failure_message=(error.get("message") or "") if isinstance(error, dict) else "",
    )


def _translate(err):
    """A domain error for a Stripe exception; the original is logged without secrets."""
    if isinstance(err, stripe.CardError):
        log.info("Card declined: code=%s decline_code=%s", err.code, getattr(err, "decline_code", None))
        message = DECLINE_MESSAGES.get(getattr(err, "decline_code", None) or "") or DECLINE_MESSAGES.get(
            err.code or "", DECLINED)
        return PaymentError(message, field="card")
    if isinstance(err, (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)):
        log.warning("Stripe unreachable or failing: %s", type(err).__name__)
        return PaymentsUnavailable(
            _("The payment service cannot be reached right now. No money was taken; please try again in a minute.")
        )
    if isinstance(err, (stripe.AuthenticationError, stripe.PermissionError)):
        log.error("Stripe rejected our API key (%s): check FEE_TRAINING['STRIPE_SECRET_KEY']", type(err).__name__)
        return PaymentsUnavailable(
            _("Card payments are not available on this site right now. Please contact the course team."))
    if getattr(err, "code", "") == "amount_too_small":
        # Stripe's minimum charge depends on the currency and the account: a promo code can go below it.
        return PaymentError(_("This total is below the smallest card payment accepted in this currency. "
                            "If you used a promo code, ask the course team for one that covers the whole fee."))
    log.warning("Stripe request failed: %s %s", type(err).__name__, getattr(err, "code", ""))
    return PaymentError(_("The payment could not be processed. No money was taken; please try again."))


class StripeGateway:
    """Our use of the Stripe API, through one `stripe.StripeClient`."""

    def __init__(self, secret_key, api_base="", timeout=10.0, max_retries=2):
        if not secret_key:
            raise PaymentsUnavailable(_("Card payments are not available on this site. Please contact the course "
                                        "team."))
        options = {}
        if api_base:
            options["base_addresses"] = {"api": api_base.rstrip("/")}
        self.is_real_stripe = not api_base or "stripe.com" in api_base
        self.client = stripe.StripeClient(
            secret_key,
            max_network_retries=max_retries,
            http_client=stripe.RequestsClient(timeout=timeout),
            **options,
        )

    def create_intent(self, amount, currency, metadata, idempotency_key):
        """A new card PaymentIntent for `amount` minor units of `currency`."""
        params = {
            "amount": int(amount),
            "currency": currency.lower(),
            "metadata": metadata,
            "payment_method_types": ["card"],
        }
        try:
            intent = self.client.v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        except stripe.StripeError as err:
            raise _translate(err) from err
        return _intent_info(intent)

    def retrieve_intent(self, intent_id):
        """The PaymentIntent as Stripe sees it now (with the charge, to see refunds)."""
        try:
            intent = self.client.v1.payment_intents.retrieve(intent_id, {"expand": ["latest_charge"]})
        except stripe.InvalidRequestError as err:
            raise IntentNotFound(_("This payment was not found. Please start the payment again.")) from err
        except stripe.StripeError as err:
            raise _translate(err) from err
        return _intent_info(intent)

    def amount_refunded(self, intent_id):
        """What Stripe has refunded of the intent so far, in minor units (refunds made in its dashboard too)."""
        return self.retrieve_intent(intent_id).amount_refunded

    @property
    def retries_declined_intents(self):
        """Can an intent whose card was declined take another card? Stripe: yes; localstripe: no (a new one is made)."""
        return self.is_real_stripe

    def check_card_token(self, card_token):
        """Raise PaymentError unless Stripe knows the card token (checked before any PaymentIntent is made)."""
        try:
            self.client.v1.tokens.retrieve(card_token)
        except stripe.InvalidRequestError as err:
            raise PaymentError(_("The card details could not be read. Check them and press Pay again. "
                               "No money was taken."), field="card") from err
        except stripe.StripeError as err:
            raise _translate(err) from err

    def pay_with_card_token(self, intent_id, card_token):
        """Attach the card (a Stripe.js token) to the intent and confirm it: charge or ask for 3-D Secure."""
        try:
            if self.is_real_stripe:
                self.client.v1.payment_intents.update(
                    intent_id, {"payment_method_data": {"type": "card", "card": {"token": card_token}}})
                intent = self.client.v1.payment_intents.confirm(intent_id, {"use_stripe_sdk": True})
            else:
                card_id = self.client.v1.tokens.retrieve(card_token).card.id
                self.client.v1.payment_intents.update(intent_id, {"payment_method": card_id})
                intent = self.client.v1.payment_intents.confirm(intent_id)
        except stripe.StripeError as err:
            raise _translate(err) from err
        return _intent_info(intent)

    def cancel_intent(self, intent_id):
        """Cancel an unpaid intent so it can never be charged (raises PaymentError if it cannot be)."""
        try:
            intent = self.client.v1.payment_intents.cancel(intent_id)
        except stripe.StripeError as err:
            raise _translate(err) from err
        return _intent_info(intent)

    def refund(self, intent_id, amount=None, idempotency_key=None):
        """Refund the intent's charge (all of it unless `amount` is given)."""
        params = {"payment_intent": intent_id}
        if amount is not None:
            params["amount"] = int(amount)
        options = {"idempotency_key": idempotency_key} if idempotency_key else {}
        try:
            refund = self.client.v1.refunds.create(params, options)
        except stripe.StripeError as err:
            raise _translate(err) from err
        return RefundInfo(id=refund.id, amount=int(refund.amount), status=refund.status)


#: The shortest age check a webhook gets: 0 would make Stripe's library skip the check altogether.
MIN_WEBHOOK_TOLERANCE = 1


def verify_webhook(payload, signature_header, secret, tolerance=300):
    """The payload as text if the Stripe-Signature header is valid and recent; raises ValueError otherwise.

    Only the signature and its age are checked here; what the body says is checked by
    payments.webhooks.parse_event. A tolerance below MIN_WEBHOOK_TOLERANCE is raised to it.
    """
    if not secret:
        raise ValueError("no webhook signing secret configured")
    if isinstance(payload, (bytes, bytearray)):
        payload = bytes(payload).decode("utf-8")  # UnicodeDecodeError is a ValueError
    tolerance = max(int(tolerance or 0), MIN_WEBHOOK_TOLERANCE)
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, tolerance)
    except stripe.SignatureVerificationError as err:
        raise ValueError(f"invalid webhook: {type(err).__name__}") from err
    return payload


def get_gateway():
    """A StripeGateway configured from FEE_TRAINING settings."""
    return StripeGateway(
        secret_key=setting("STRIPE_SECRET_KEY"),
        api_base=setting("STRIPE_API_BASE"),
        timeout=setting("STRIPE_TIMEOUT_SECONDS"),
        max_retries=setting("STRIPE_MAX_RETRIES"),
    )
