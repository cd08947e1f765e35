"""XBlock glue of PayPal payments: the handlers PayPal's buttons call and the PayPal part of the payment step.

`PayPalHandlersMixin` relies only on the GatedBlock interface (core.handlers), like the
card handlers: the gate says what is for sale, the use cases in payments.paypal_checkout
take the money. The browser never sends an amount; it sends the page's address (where
PayPal returns the buyer when its JS SDK cannot load), the promo code and the order id.
"""
import hashlib

from fee_training_xblock.conf import METHOD_PAYPAL, method_configured, setting
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.core.products import Payer
from fee_training_xblock.payments import paypal_checkout, receipts
from fee_training_xblock.payments.paypal_domain import return_urls
from fee_training_xblock.payments.paypal_gateway import sdk_url
from fee_training_xblock.payments.safeguards import AlreadyOwned


class PayPalHandlersMixin:
    """PayPal payment handlers and view helpers for the fee_training block."""

    def paypal_marker(self):
        """A short, stable tag of this block, so only it acts when PayPal sends the learner back to the page."""
        return hashlib.sha256(self.ref().usage_key.encode()).hexdigest()[:12]

    def paypal_payer(self):
        """The signed-in viewer who may pay here with PayPal; raises a DomainError otherwise."""
        if not method_configured(METHOD_PAYPAL):
            raise PaymentsUnavailable(_("PayPal payments are not available on this site. Please contact the "
                                        "course team."))
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise PaymentError(_("Sign in to buy access to this content."))
        if viewer.is_masquerading:
            raise PaymentError(_("You are viewing the course as a learner: staff cannot pay or buy here."))
        return viewer

    def paypal_step_html(self, fee, hidden):
        """The PayPal part of the payment step for a price in `fee`'s currency (buttons, fallback, messages)."""
        return self.render_template("paypal_step.html", {
            "sdk_url": sdk_url(fee.currency), "marker": self.paypal_marker(), "hidden": hidden,
            "demo_mode": setting("DEMO_MODE"),
        })

    def _paypal_reply(self, step):
        """The JSON answer for a PayPalStep: status, translated message, and the receipt once paid."""
        reply = {"status": step.status, "order_id": step.payment.payment_intent_id}
        if step.message:
            reply["message"] = self.gettext(step.message)
        if step.status == "paid":
            reply["receipt"] = dict(receipts.receipt_lines(step.payment))
        return reply

    @json_handler
    def paypal_start(self, data, suffix=""):
        """Open (or reuse) the payer's PayPal order for the server-computed price of what the gate offers.

        A payer who already has what is offered gets status 'already_paid' (as from the
        card's start_payment), so the page shows the content instead of an error.
        """
        viewer = self.paypal_payer()
        return_url, cancel_url = return_urls(data.get("page_url"), self.paypal_marker())
        try:
            step = paypal_checkout.start_order(
                self.gate().offer(self, viewer), Payer(viewer.user_key, viewer.email),
                promo_code=data.get("promo_code"), return_url=return_url, cancel_url=cancel_url,
            )
        except AlreadyOwned as err:
            return {"status": "already_paid", "message": err.localized(self.gettext)}
        return {"status": step.status, "order_id": step.payment.payment_intent_id, "approve_url": step.approve_url}

    @json_handler
    def paypal_capture(self, data, suffix=""):
        """After approval in PayPal's window: capture the payer's order, check it and deliver.

        'already_paid' when the payer got access another way meanwhile (nothing is captured).
        """
        viewer = self.paypal_payer()
        try:
            step = paypal_checkout.capture_order(self.ref().usage_key, viewer.user_key, data.get("order_id"),
                                                 publish=self.publish)
        except AlreadyOwned as err:
            return {"status": "already_paid", "message": err.localized(self.gettext)}
        return self._paypal_reply(step)

    @json_handler
    def paypal_cancel(self, data, suffix=""):
        """The payer cancelled in PayPal's window: end the attempt; nothing was charged."""
        viewer = self.paypal_payer()
        paypal_checkout.cancel_order(self.ref().usage_key, viewer.user_key, data.get("order_id"))
        return {"status": "cancelled", "message": self.gettext(
            "You cancelled the PayPal payment. No money was taken; you can pay again.")}
