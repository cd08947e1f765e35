"""XBlock glue for card payments: the JSON handlers and the pieces of the learner view.

`PaymentHandlersMixin` is one of FeeTrainingXBlock's bases. Handlers parse
input, call one checkout use case and turn domain errors into JSON errors:
400 for something the learner can fix, 503 when Stripe cannot be reached.
"""
import functools
import logging

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError
from xblock.utils.resources import ResourceLoader

from . import checkout, receipts, services
from .conf import payments_configured, setting
from .domain.errors import DomainError, PaymentError, PaymentsUnavailable
from .viewer import block_ref, current_viewer

log = logging.getLogger(__name__)
loader = ResourceLoader(__name__)


def payment_errors(handler):
    """JSON errors for payment handlers: PaymentsUnavailable is a 503, other DomainErrors a 400."""
    @functools.wraps(handler)
    def wrapper(self, data, suffix=""):
        if not isinstance(data, dict):
            raise JsonHandlerError(400, self.gettext("Send a JSON object."))
        try:
            return handler(self, data, suffix)
        except PaymentsUnavailable as err:
            raise JsonHandlerError(503, err.localized(self.gettext)) from err
        except DomainError as err:
            raise JsonHandlerError(400, err.localized(self.gettext)) from err
    return wrapper


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

    def payment_step_html(self, price):
        """The card form for a locked block (only when payments are configured)."""
        return loader.render_django_template(
            "templates/payment_step.html", {"price": price, "demo_mode": bool(setting("DEMO_MODE"))},
            i18n_service=self.runtime.service(self, "i18n"),
        )

    def receipt_html(self, user_key):
        """The receipt of the learner's paid payment for this block, or '' when access came another way."""
        payment = checkout.paid_payment(block_ref(self).usage_key, user_key)
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
    @payment_errors
    def start_payment(self, data, suffix=""):
        """Charge the card behind a Stripe.js token for the server-computed price."""
        viewer = self.payer()
        step = checkout.start_payment(
            block_ref(self), viewer.user_key, viewer.email, self.block_settings(),
            card_token=str(data.get("card_token") or ""), promo_code=data.get("promo_code"),
            publish=self.publish,
        )
        reply = {"status": step.status, "payment_intent_id": step.payment.payment_intent_id}
        if step.status == "needs_authentication":
            reply["client_secret"] = step.client_secret
        return reply

    @XBlock.json_handler
    @payment_errors
    def confirm_payment(self, data, suffix=""):
        """After 3-D Secure: check with Stripe that the learner's payment succeeded, then unlock."""
        viewer = self.payer()
        payment = checkout.confirm_payment(
            block_ref(self), viewer.user_key, str(data.get("payment_intent_id") or ""), publish=self.publish,
        )
        return {"status": "paid", "payment_intent_id": payment.payment_intent_id,
                "receipt": dict(receipts.receipt_lines(payment))}

    @XBlock.json_handler
    @payment_errors
    def staff_refund(self, data, suffix=""):
        """Staff: refund a learner's card payment for this block in full and end their access."""
        staff = self.require_staff()
        ref = block_ref(self)
        learner = services.find_learner_key(data.get("learner"), allow_raw=staff.in_workbench)
        payment = checkout.paid_payment(ref.usage_key, learner)
        if payment is None:
            raise PaymentError("That learner has no card payment for this content to refund.")
        payment = checkout.refund_payment(payment, by=f"staff {staff.user_key}")
        self.publish("payment.refunded", {"user_key": learner, "payment_intent": payment.payment_intent_id,
                                          "refunded_minor": payment.refunded_minor, "refunded_by": staff.user_key})
        return {"learner": learner, "message": self.gettext("Payment refunded and access revoked.")}

