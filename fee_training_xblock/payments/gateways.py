"""Which provider's adapter serves a payment: the Stripe adapter for cards, the PayPal adapter for PayPal.

Both adapters answer `refund(provider id, amount=None, idempotency_key=None)` with a
RefundInfo, so refunds (staff tools, admin, duplicates) work the same for either.
"""
from fee_training_xblock.payments import paypal_gateway, stripe_gateway
from fee_training_xblock.payments.models import Payment


def gateway_for(payment):
    """The adapter of the provider that took `payment`."""
    if payment.method == Payment.METHOD_PAYPAL:
        return paypal_gateway.get_gateway()
    return stripe_gateway.get_gateway()
