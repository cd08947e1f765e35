"""XBlock glue for card payments: the JSON handlers and the pieces of the learner view.

`PaymentHandlersMixin` is one of FeeTrainingXBlock's bases. Handlers parse
input, call one checkout use case and turn domain errors into JSON errors:
400 for something the learner can fix, 503 when Stripe cannot be reached.
"""
import logging

from xblock.core import XBlock
from xblock.utils.resources import ResourceLoader

from fee_training_xblock.payments import checkout
from fee_training_xblock.payments import receipts
from fee_training_xblock.conf import payments_configured, setting
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.handlers import json_errors
from fee_training_xblock.models import Payment
from fee_training_xblock.block.viewer import block_ref, current_viewer

log = logging.getLogger(__name__)
loader = ResourceLoader("fee_training_xblock")


class PaymentHandlersMixin:
    """Card payment handlers and view helpers for FeeTrainingXBlock."""

    def payer(self):
        """The signed-in learner who may pay here; raises a DomainError otherwise."""
        if not payments_configured():
            raise PaymentsUnavailable("Card payments are not available on this site. Please contact the course team.")
        viewer = current_viewer(self)
        if viewer.is_anonymous:
            raise PaymentError("Sign in to buy access to this content.")
        return viewer

    def payment_offer(self):
        """(settings priced on the server, purpose) of what this block sells; other mixins may override."""
        return self.block_settings(), Payment.PURPOSE_ACCESS

    def payment_step_html(self, price):
        """The card form for a locked block (only when payments are configured)."""
        return loader.render_django_template(
            "templates/payment_step.html", {"price": price, "demo_mode": bool(setting("DEMO_MODE"))},
            i18n_service=self.runtime.service(self, "i18n"),
        )

    def receipt_html(self, payment):
        """The receipt of a paid payment, or '' for None."""
        if payment is None:
            return ""
        return loader.render_django_template(
            "templates/receipt.html",
            {"rows": receipts.receipt_lines(payment), "emailed_to": payment.user_email if payment.receipt_sent_at else ""},
            i18n_service=self.runtime.service(self, "i18n"),
        )

    def payment_js_config(self):
        """What payment.js needs: the publishable key (public by design) and its messages."""
        return {
            "publishableKey": setting("STRIPE_PUBLISHABLE_KEY"),
            "messages": {
                "working": self.gettext("Processing your payment…"),
                "authenticating": self.gettext("Your bank asks you to confirm this payment…"),
                "authFailed": self.gettext("The payment was not confirmed with your bank. No money was taken; try again."),
                "checkCard": self.gettext("Check your card number, expiry date and CVC."),
                "paid": self.gettext("Payment received. Opening your content…"),
                "retry": self.gettext("The payment did not go through. Please try again."),
            },
        }

    def add_payment_resources(self, fragment):
        """Stripe.js and payment.js on the page (Stripe.js first: the Card Element needs it)."""
        fragment.add_javascript_url(setting("STRIPE_JS_URL"))
        fragment.add_javascript(loader.load_unicode("static/js/payment.js"))

    @XBlock.json_handler
    @json_errors
    def start_payment(self, data, suffix=""):
        """Charge the card behind a Stripe.js token for the server-computed price."""
        viewer = self.payer()
        offer, purpose = self.payment_offer()
        step = checkout.start_payment(
            block_ref(self), viewer.user_key, viewer.email, offer,
            card_token=str(data.get("card_token") or ""), promo_code=data.get("promo_code"),
            publish=self.publish, purpose=purpose,
        )
        reply = {"status": step.status, "payment_intent_id": step.payment.payment_intent_id}
        if step.status == "needs_authentication":
            reply["client_secret"] = step.client_secret
        return reply

    @XBlock.json_handler
    @json_errors
    def confirm_payment(self, data, suffix=""):
        """After 3-D Secure: check with Stripe that the learner's payment succeeded, then unlock."""
        viewer = self.payer()
        payment = checkout.confirm_payment(
            block_ref(self), viewer.user_key, str(data.get("payment_intent_id") or ""), publish=self.publish,
        )
        return {"status": "paid", "payment_intent_id": payment.payment_intent_id,
                "receipt": dict(receipts.receipt_lines(payment))}

    @XBlock.json_handler
    @json_errors
    def staff_refund(self, data, suffix=""):
        """Staff: refund a learner's card payment for this block in full and end their access."""
        staff, learner = self.staff_and_learner(data)
        payment = checkout.paid_payment(block_ref(self).usage_key, learner)
        if payment is None:
            raise PaymentError("That learner has no card payment for this content to refund.")
        payment = checkout.refund_payment(payment, by=f"staff {staff.user_key}")
        self.publish("payment.refunded", {"user_key": learner, "payment_intent": payment.payment_intent_id,
                                          "refunded_minor": payment.refunded_minor, "refunded_by": staff.user_key})
        return {"learner": learner, "message": self.gettext("Payment refunded and access revoked.")}

