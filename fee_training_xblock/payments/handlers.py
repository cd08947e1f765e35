"""XBlock glue of the payment core: card-payment handlers and the pieces of the learner view.

The payment step offers the ways to pay the site has configured and the price allows
(card, PayPal or a choice of both); PayPal's own handlers are in payments.paypal_handlers.

`PaymentHandlersMixin` relies only on the GatedBlock interface (core.handlers): the
block's gate says what is for sale (`gate().offer`), this mixin takes the money.
Handlers parse input, call one use case and turn domain errors into JSON errors:
400 for something the payer can fix, 503 when Stripe cannot be reached.
"""

from fee_training_xblock.conf import METHOD_CARD, METHOD_PAYPAL, configured_methods, method_configured, setting
from fee_training_xblock.core import ledger, products, rendering
from fee_training_xblock.core.domain.errors import PaymentError, PaymentsUnavailable
from fee_training_xblock.core.domain.errors import gettext_noop as _
from fee_training_xblock.core.domain.money import Money
from fee_training_xblock.core.handlers import json_handler
from fee_training_xblock.core.learners import usernames_of
from fee_training_xblock.core.products import Payer
from fee_training_xblock.payments import checkout, fulfilment, grant_receipts, receipts
from fee_training_xblock.payments.methods import usable_methods
from fee_training_xblock.payments.paypal_handlers import PayPalHandlersMixin


class PaymentHandlersMixin(PayPalHandlersMixin):
    """Card payment handlers and view helpers for the fee_training block (PayPal's come with the base class)."""

    def payer(self):
        """The signed-in viewer who may pay here by card; raises a DomainError otherwise."""
        if not method_configured(METHOD_CARD):
            raise PaymentsUnavailable(_("Card payments are not available on this site. Please contact the course "
                                        "team."))
        viewer = self.viewer()
        if viewer.is_anonymous:
            raise PaymentError(_("Sign in to buy access to this content."))
        return viewer

    def payment_step_html(self, price, fee=None, resources=None):
        """The ways to pay `price` (display text of `fee`, a Money): card form, PayPal buttons, or a choice.

        Without `fee` only cards are offered (PayPal needs the currency to load its SDK).
        `resources` (a Decision's) gets what the page needs for the ways shown: "payment" and
        one "payment:<method>" each, so a price PayPal cannot take is not sent PayPal's script.
        """
        methods = usable_methods(fee)
        if resources is not None:
            resources.update({"payment", *(f"payment:{method}" for method in methods)})
        paypal_html = self.paypal_step_html(fee, hidden=methods[0] != METHOD_PAYPAL) if METHOD_PAYPAL in methods else ""
        return self.render_template("payment_step.html", {
            "price": price, "demo_mode": setting("DEMO_MODE"), "methods": methods, "choice": len(methods) > 1,
            "card": METHOD_CARD in methods, "card_hidden": bool(methods) and methods[0] != METHOD_CARD,
            "paypal_html": paypal_html, "marker": self.paypal_marker(),
        })

    def receipt_html(self, payment):
        """The receipt of a paid payment, or '' for None."""
        if payment is None:
            return ""
        return self.render_template("receipt.html", {
            "rows": receipts.receipt_lines(payment),
            "emailed_to": payment.payer_email if payment.receipt_sent_at else "",
        })

    def grant_row(self, viewer):
        """The viewer's grant row here, live or not, with the receipt of the payment behind it, in one query."""
        return ledger.grant_row(self.ref().usage_key, viewer.user_key, columns=grant_receipts.receipt_columns())

    def active_grant(self, viewer, now=None):
        """The viewer's live grant here, with the receipt of the payment behind it read in the same query."""
        grant = self.grant_row(viewer)
        return grant if grant is not None and grant.is_active(now) else None

    def receipt_html_for_grant(self, grant):
        """The receipt of the payment behind an access grant ('' when it came another way)."""
        if grant_receipts.has_receipt_columns(grant):
            return self.receipt_html(grant_receipts.payment_from(grant))  # no second query
        return self.receipt_html(fulfilment.payment_behind(grant))

    def latest_receipt_html(self, viewer):
        """The receipt of the viewer's latest paid payment made in this block ('' when none)."""
        return self.receipt_html(fulfilment.paid_payment(self.ref().usage_key, viewer.user_key))

    def payment_js_config(self):
        """What payment.js needs: the publishable key (public by design); its sentences are in the JS catalogue."""
        return {
            "publishableKey": setting("STRIPE_PUBLISHABLE_KEY"),
        }

    def add_payment_resources(self, fragment, resources):
        """Stripe.js and payment.js for cards (Stripe.js first: the Card Element needs it), paypal.js for PayPal.

        Only for the ways to pay the page shows (`resources`, filled by payment_step_html).
        PayPal's JS SDK is loaded by paypal.js itself, for the price's currency, so that
        a failed load can fall back to PayPal's approval page.
        """
        methods = [method for method in configured_methods() if f"payment:{method}" in resources]
        if METHOD_CARD in methods:
            fragment.add_javascript_url(setting("STRIPE_JS_URL"))
            fragment.add_javascript(rendering.static_text("js/payment.js"))
        if METHOD_PAYPAL in methods:
            fragment.add_javascript(rendering.static_text("js/paypal.js"))

    @json_handler
    def start_payment(self, data, suffix=""):
        """Charge the card behind a Stripe.js token for the server-computed price of what the gate offers.

        A payer who already has what is offered (e.g. a retry after a lost response)
        gets status 'already_paid', so the page can show the content instead of an error.
        """
        viewer = self.payer()
        try:
            step = checkout.start_payment(
                self.gate().offer(self, viewer), Payer(viewer.user_key, viewer.email),
                card_token=str(data.get("card_token") or ""), promo_code=data.get("promo_code"), publish=self.publish,
            )
        except checkout.AlreadyOwned as err:
            return {"status": "already_paid", "message": err.localized(self.gettext)}
        reply = {"status": step.status, "payment_intent_id": step.payment.payment_intent_id}
        if step.status == "needs_authentication":
            reply["client_secret"] = step.client_secret
        return reply

    @json_handler
    def confirm_payment(self, data, suffix=""):
        """After 3-D Secure: check with Stripe that the payer's payment succeeded, then deliver."""
        viewer = self.payer()
        payment = checkout.confirm_payment(
            self.ref().usage_key, viewer.user_key, str(data.get("payment_intent_id") or ""), publish=self.publish,
        )
        return {"status": "paid", "payment_intent_id": payment.payment_intent_id,
                "receipt": dict(receipts.receipt_lines(payment))}

    def paid_payment_of(self, learner):
        """The learner's paid (unrefunded) payment made in this block (card or PayPal), or None."""
        return fulfilment.paid_payment(self.ref().usage_key, learner)

    def describe_payment(self, payment, learner):
        """'<learner> paid $49.99 on 2026-11-22 (reference pi_...)', translated."""
        return self.gettext("{learner} paid {amount} on {date} (reference {reference}).").format(
            learner=usernames_of([learner]).get(learner, learner),
            amount=Money(int(payment.amount_minor), payment.currency).format(),
            date=(payment.paid_at or payment.created).strftime("%Y-%m-%d"), reference=payment.reference)

    @json_handler
    def staff_refund(self, data, suffix=""):
        """Staff with refund rights: refund a learner's payment made in this block in full (to their card or PayPal).

        Without `confirmed: true` nothing happens: the reply asks staff to confirm the
        amount (`needs_confirmation` and the question to show).
        """
        self.require_refund_rights()
        staff, learner = self.staff_and_learner(data)
        payment = self.paid_payment_of(learner)
        if payment is None:
            raise PaymentError(_("That learner has no payment for this content to refund."))
        if not products.get(payment.product_type).staff_refundable:
            raise PaymentError(_("This payment is refunded by platform staff in Django admin, not from the course."))
        if data.get("confirmed") is not True:
            question = (self.gettext("Refund {amount} to their PayPal account now?") if payment.method == METHOD_PAYPAL
                        else self.gettext("Refund {amount} to their card now?"))
            # What is left after refunds made in Stripe's or PayPal's dashboard, as the provider says now.
            left = Money(fulfilment.refundable_minor(payment), payment.currency)
            return {"learner": learner, "needs_confirmation": True,
                    "message": self.describe_payment(payment, learner) + " " + question.format(amount=left.format())}
        payment, summary, details = fulfilment.refund_payment(payment, by=f"staff {staff.user_key}")
        self.publish("payment.refunded", {"user_key": learner, "payment_intent": payment.payment_intent_id,
                                          "refunded_minor": payment.refunded_minor, "refunded_by": staff.user_key})
        return {"learner": learner, "message": self.gettext(summary).format(**details)}
