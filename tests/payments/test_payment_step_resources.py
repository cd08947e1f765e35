"""The payment step sends the scripts of the ways to pay it shows, and a PayPal payer's receipt comes with the grant."""
from types import SimpleNamespace

import pytest
from django.utils import timezone

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.models import AccessGrant, Payment
from tests.support.paypal import paypal_settings
from tests.support.runtime import BlockFactory

pytestmark = pytest.mark.django_db

# PayPal is never called while a page renders: the settings only need to look complete.
STANDIN = SimpleNamespace(client_id="client", client_secret="secret", url="http://127.0.0.1:9")
CARD_KEYS = {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_PUBLISHABLE_KEY": "pk_test_x", "STRIPE_JS_URL": "/stripe.js"}


def olx(fee, currency):
    """A paid block at `fee` `currency` with one child."""
    return (f'<fee_training display_name="Paid lesson" fee="{fee}" currency="{currency}">'
            '<html_demo><p>SECRET-PAID-CONTENT</p></html_demo></fee_training>')


def scripts(block):
    """The inline JavaScript and the script URLs of the block's student_view."""
    fragment = block.runtime.render(block, "student_view", {})
    return "\n".join(str(resource.data) for resource in fragment.resources)


def test_a_price_paypal_can_take_sends_both_scripts_and_one_it_cannot_only_the_card_script(settings):
    settings.FEE_TRAINING = paypal_settings(STANDIN, **CARD_KEYS)
    both = scripts(BlockFactory(olx("49.00", "USD")).block_for("alice"))
    assert "function FeeTrainingPayPal(" in both and "function FeeTrainingPayment(" in both and "/stripe.js" in both
    # HUF: PayPal takes whole forints only, so 1500.50 HUF is sold by card alone.
    cards = scripts(BlockFactory(olx("1500.50", "HUF")).block_for("alice"))
    assert "function FeeTrainingPayPal(" not in cards and "function FeeTrainingPayment(" in cards


def test_a_paypal_only_site_sends_no_card_script(settings):
    settings.FEE_TRAINING = paypal_settings(STANDIN, PAYMENT_METHODS="paypal")
    code = scripts(BlockFactory(olx("49.00", "USD")).block_for("alice"))
    assert "function FeeTrainingPayPal(" in code and "function FeeTrainingPayment(" not in code
    assert "/stripe.js" not in code


def test_a_paypal_payers_receipt_comes_with_the_grant_in_one_query_and_quotes_the_capture(django_assert_num_queries):
    factory = BlockFactory(olx("49.00", "USD"))
    ref = block_ref(factory.block_for("bob"))
    Payment.objects.create(payer_key="bob", payer_email="bob@example.com", product_type="block_access",
                           product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key,
                           method=Payment.METHOD_PAYPAL, payment_intent_id="5O190127TN364715T",
                           capture_id="3C679366HH908993F", fee_minor=4900, amount_minor=4900, currency="USD",
                           status=Payment.STATUS_PAID, paid_at=timezone.now())
    ledger.grant_access(ref, "bob", via=AccessGrant.VIA_PAYMENT, reference="5O190127TN364715T")
    block = factory.block_for("bob")
    with django_assert_num_queries(1):
        html = block.runtime.render(block, "student_view", {}).content
    assert "SECRET-PAID-CONTENT" in html and "3C679366HH908993F" in html and "PayPal" in html
