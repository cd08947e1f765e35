"""XBlock glue of the payment core: card-payment handlers and the pieces of the learner view.

`PaymentHandlersMixin` relies only on the GatedBlock interface (core.handlers): the
block's gate says what is for sale (`gate().offer`), this mixin takes the money.
Handlers parse input, call one use case and turn domain errors into JSON errors:
400 for something the payer can fix, 503 when Stripe cannot be reached.
"""
from xblock.core import XBlock

from fee_training_xblock.conf import payments_configured, setting
from fee_training_xblock.core import ledger, rendering
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.handlers import json_errors
from fee_training_xblock.core.products import Payer
from fee_training_xblock.payments import checkout, fulfilment, grant_receipts, receipts


class PaymentHandlersMixin:
    """Card payment handlers and view helpers for the fee_training block."""

    def payer(self):
        """The signed-in viewer who may pay here; raises a DomainError otherwise."""
        if not payments_configured():
            raise PaymentsUnavailable("Card payments are not available on this site. Please contact the course team.")
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise PaymentError("Sign in to buy access to this content.")
        return viewer

    def payment_step_html(self, price):
        """The card form (only when payments are configured)."""
        return self.render_template("payment_step.html", {"price": price, "demo_mode": setting("DEMO_MODE")})

    def receipt_html(self, payment):
        """The receipt of a paid payment, or '' for None."""
        if payment is None:
            return ""
        return self.render_template("receipt.html", {
            "rows": receipts.receipt_lines(payment),
            "emailed_to": payment.payer_email if payment.receipt_sent_at else "",
        })

    def active_grant(self, viewer, now=None):
        """The viewer's live grant here, with the receipt of the payment behind it read in the same query."""
        return ledger.active_grant(self.ref().usage_key, viewer.user_key, now,
                                   columns=grant_receipts.receipt_columns())

    def receipt_html_for_grant(self, grant):
        """The receipt of the payment behind an access grant ('' when it came another way)."""
        if grant_receipts.has_receipt_columns(grant):
            return self.receipt_html(grant_receipts.payment_from(grant))  # no second query
        return self.receipt_html(fulfilment.payment_behind(grant))

    def latest_receipt_html(self, viewer):
        """The receipt of the viewer's latest paid payment made in this block ('' when none)."""
        return self.receipt_html(fulfilment.paid_payment(self.ref().usage_key, viewer.user_key))

    def payment_js_config(self):
        """What payment.js needs: the publishable key (public by design) and its messages."""
        return {
            "publishableKey": setting("STRIPE_PUBLISHABLE_KEY"),
            "messages": {
                "working": self.gettext("Processing your payment…"),
                "authenticating": self.gettext("Your bank asks you to confirm this payment…"),
                "authFailed": self.gettext(
                    "The payment was not confirmed with your bank. No money was taken; try again."),
                "checkCard": self.gettext("Check your card number, expiry date and CVC."),
                "paid": self.gettext("Payment received. Opening your content…"),
                "retry": self.gettext("The payment did not go through. Please try again."),
            },
        }

    def add_payment_resources(self, fragment):
        """Stripe.js and payment.js on the page (Stripe.js first: the Card Element needs it)."""
        fragment.add_javascript_url(setting("STRIPE_JS_URL"))
        fragment.add_javascript(rendering.static_text("js/payment.js"))

    @XBlock.json_handler
    @json_errors
    def start_payment(self, data, suffix=""):
        """Charge the card behind a Stripe.js token for the server-computed price of what the gate offers."""
        viewer = self.payer()
        step = checkout.start_payment(
            self.gate().offer(self, viewer), Payer(viewer.user_key, viewer.email),
            card_token=str(data.get("card_token") or ""), promo_code=data.get("promo_code"), publish=self.publish,
        )
        reply = {"status": step.status, "payment_intent_id": step.payment.payment_intent_id}
        if step.status == "needs_authentication":
            reply["client_secret"] = step.client_secret
        return reply

    @XBlock.json_handler
    @json_errors
    def confirm_payment(self, data, suffix=""):
        """After 3-D Secure: check with Stripe that the payer's payment succeeded, then deliver."""
        viewer = self.payer()
        payment = checkout.confirm_payment(
            self.ref().usage_key, viewer.user_key, str(data.get("payment_intent_id") or ""), publish=self.publish,
        )
        return {"status": "paid", "payment_intent_id": payment.payment_intent_id,
                "receipt": dict(receipts.receipt_lines(payment))}

    @XBlock.json_handler
    @json_errors
    def staff_refund(self, data, suffix=""):
        """Staff: refund a learner's card payment made in this block in full and take back what it bought."""
        staff, learner = self.staff_and_learner(data)
        payment = fulfilment.paid_payment(self.ref().usage_key, learner)
        if payment is None:
            raise PaymentError("That learner has no card payment for this content to refund.")
        payment = fulfilment.refund_payment(payment, by=f"staff {staff.user_key}")
        self.publish("payment.refunded", {"user_key": learner, "payment_intent": payment.payment_intent_id,
                                          "refunded_minor": payment.refunded_minor, "refunded_by": staff.user_key})
        return {"learner": learner, "message": self.gettext("Payment refunded and access revoked.")}
