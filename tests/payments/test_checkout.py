"""Paying for a block through its handlers, on a real XBlock runtime, database and localstripe.

The test plays the browser's part: it makes card tokens like Stripe.js and
completes 3-D Secure like localstripe's fake Stripe.js does.
"""
import copy

import pytest
from django.core import mail

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import AccessGrant, Payment
from fee_training_xblock.payments import fulfilment
from fee_training_xblock.payments.stripe_gateway import get_gateway
from tests.support.runtime import (
    DEFAULT_OLX,
    BlockFactory,
    FakeLmsUserService,
    RecordingRuntime,
    call_json,
    student_html,
)
from tests.support.stripe_cards import (
    DECLINED,
    SECRET_KEY,
    THREE_D_SECURE,
    VISA,
    authenticate_3ds,
    card_token,
    stripe_settings,
)

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

MARKER = "SECRET-PAID-CONTENT"


@pytest.fixture
def factory():
    """One course with the default paid block ($49.99)."""
    return BlockFactory()


def pay(factory, learner, stripe_api, number=VISA, **extra):
    """Call start_payment as `learner` with a fresh token for `number`."""
    return call_json(factory.block_for(learner), "start_payment",
                     {"card_token": card_token(stripe_api, number), **extra})


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_visa_payment_unlocks_content_with_receipt_and_email(payments_on, factory):
    assert MARKER not in student_html(factory.block_for("alice"))
    status, body = pay(factory, "alice", payments_on)
    assert status == 200, body
    assert body["status"] == "paid"
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert (payment.status, payment.amount_minor, payment.currency, payment.fee_minor) == ("paid", 4999, "USD", 4999)
    assert payment.payer_key == "alice" and payment.receipt_sent_at is not None
    grant = AccessGrant.objects.get(user_key="alice")
    assert (grant.via, grant.reference) == ("payment", payment.payment_intent_id)
    later = factory.block_for("alice")
    html = student_html(later)
    assert MARKER in html and 'data-role="receipt"' in html and payment.payment_intent_id in html
    assert later.access_granted and later.access_via == "payment"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    assert "$49.99" in mail.outbox[0].body and payment.payment_intent_id in mail.outbox[0].body
    assert MARKER not in student_html(factory.block_for("bob"))


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_tracking_event_is_published_once(payments_on, factory):
    block = factory.block_for("alice")
    status, body = call_json(block, "start_payment", {"card_token": card_token(payments_on)})
    assert status == 200
    assert [e for e, _ in block.runtime.events] == ["fee_training.payment.succeeded"]
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert fulfilment.fulfil(payment) is False  # a second fulfilment changes nothing
    assert len(mail.outbox) == 1


def test_amount_comes_from_the_server_not_the_client(payments_on, factory):
    status, body = pay(factory, "alice", payments_on, amount=1, currency="JPY")
    assert status == 200
    assert Payment.objects.get(payment_intent_id=body["payment_intent_id"]).amount_minor == 4999


def test_zero_decimal_currency_is_charged_in_whole_yen(payments_on):
    factory = BlockFactory('<fee_training display_name="JP" fee="5000" currency="JPY"><html_demo>x</html_demo></fee_training>')
    status, body = pay(factory, "alice", payments_on)
    assert status == 200, body
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert (payment.amount_minor, payment.currency) == (5000, "JPY")


def test_3ds_card_needs_authentication_then_confirm_unlocks(payments_on, factory):
    status, body = pay(factory, "alice", payments_on, THREE_D_SECURE)
    assert status == 200 and body["status"] == "needs_authentication"
    assert not services.has_access(block_ref(factory.block_for("alice")).usage_key, "alice")
    authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"])
    status, confirmed = call_json(factory.block_for("alice"), "confirm_payment",
                                  {"payment_intent_id": body["payment_intent_id"]})
    assert status == 200, confirmed
    assert confirmed["receipt"]["Amount paid"] == "$49.99"
    assert MARKER in student_html(factory.block_for("alice"))


def test_failed_3ds_gives_no_access_and_retry_works(payments_on, factory):
    _, body = pay(factory, "alice", payments_on, THREE_D_SECURE)
    authenticate_3ds(payments_on, body["payment_intent_id"], body["client_secret"], success=False)
    status, reply = call_json(factory.block_for("alice"), "confirm_payment",
                              {"payment_intent_id": body["payment_intent_id"]})
    assert status == 400 and "not completed" in reply["error"] and "No money was taken" in reply["error"]
    assert MARKER not in student_html(factory.block_for("alice"))
    status, retry = pay(factory, "alice", payments_on, VISA)
    assert status == 200 and retry["status"] == "paid"
    assert retry["payment_intent_id"] == body["payment_intent_id"]  # the unpaid intent was reused


def test_declined_card_explains_and_retry_with_another_card_works(payments_on, factory):
    status, body = pay(factory, "alice", payments_on, DECLINED)
    assert status == 400
    assert "declined" in body["error"] and "No money was taken" in body["error"]
    assert not AccessGrant.objects.exists()
    assert not Payment.objects.filter(status="paid").exists()
    assert MARKER not in student_html(factory.block_for("alice"))
    status, body = pay(factory, "alice", payments_on, VISA)
    assert status == 200 and body["status"] == "paid"
    assert MARKER in student_html(factory.block_for("alice"))


def test_abandoned_3ds_is_cancelled_when_the_learner_pays_with_another_card(payments_on, factory):
    _, first = pay(factory, "alice", payments_on, THREE_D_SECURE)  # ...the tab is closed during 3-D Secure
    status, second = pay(factory, "alice", payments_on, VISA)
    assert status == 200 and second["status"] == "paid"
    assert second["payment_intent_id"] != first["payment_intent_id"]
    assert get_gateway().retrieve_intent(first["payment_intent_id"]).status == "canceled"
    assert Payment.objects.get(payment_intent_id=first["payment_intent_id"]).status == "failed"
    # The cancelled intent can never unlock anything.
    status, _ = call_json(factory.block_for("alice"), "confirm_payment", {"payment_intent_id": first["payment_intent_id"]})
    assert status == 400


def test_paying_twice_is_refused(payments_on, factory):
    pay(factory, "alice", payments_on)
    status, body = pay(factory, "alice", payments_on)
    # Not an error: the page shows the content the learner already has (issue 14, item 14).
    assert status == 200 and body["status"] == "already_paid" and "already have access" in body["message"]
    assert Payment.objects.filter(status="paid").count() == 1


def test_cannot_unlock_with_another_learners_intent(payments_on, factory):
    _, body = pay(factory, "alice", payments_on)
    status, reply = call_json(factory.block_for("mallory"), "confirm_payment",
                              {"payment_intent_id": body["payment_intent_id"]})
    assert status == 400 and "someone else" in reply["error"]
    assert not services.has_access(block_ref(factory.block_for("mallory")).usage_key, "mallory")


def second_block(factory):
    """Another paid block in the same course (new usage id)."""
    author = RecordingRuntime(factory.store, factory.ids, FakeLmsUserService("author", staff=True))
    other = copy.copy(factory)
    other.usage_id = author.parse_xml_string(DEFAULT_OLX)
    return other


def test_cannot_unlock_another_block_with_this_blocks_intent(payments_on, factory):
    _, body = pay(factory, "alice", payments_on)
    other = second_block(factory)
    assert other.usage_id != factory.usage_id
    status, reply = call_json(other.block_for("alice"), "confirm_payment", {"payment_intent_id": body["payment_intent_id"]})
    assert status == 400
    assert MARKER not in student_html(other.block_for("alice"))


def test_cannot_confirm_an_unknown_intent(payments_on, factory):
    status, reply = call_json(factory.block_for("alice"), "confirm_payment", {"payment_intent_id": "pi_forged"})
    assert status == 400


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_staff_refund_revokes_access_updates_ledger_and_tells_learner(payments_on, factory, django_user_model):
    alice = str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)
    _, body = pay(factory, alice, payments_on)
    status, reply = call_json(factory.block_for("staff-1", staff=True), "staff_refund", {"learner": "alice"})
    assert status == 403 and "Only platform staff" in reply["error"]  # course staff without refund rights
    admin = django_user_model.objects.create_user("admin", "admin@example.com", "pw", is_staff=True)
    staff = factory.block_for(str(admin.pk), staff=True)
    status, reply = call_json(staff, "staff_refund", {"learner": "alice"})
    assert status == 200 and reply["needs_confirmation"] and "$49.99" in reply["message"]
    assert Payment.objects.get(payment_intent_id=body["payment_intent_id"]).status == "paid"  # nothing yet
    status, reply = call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})
    assert status == 200, reply
    payment = Payment.objects.get(payment_intent_id=body["payment_intent_id"])
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999) and payment.refund_id.startswith("re_")
    assert MARKER not in student_html(factory.block_for(alice))
    assert "refunded" in mail.outbox[-1].body and mail.outbox[-1].to == [f"{alice}@example.com"]
    assert ("fee_training.payment.refunded" in [e for e, _ in staff.runtime.events])
    # The refunded intent can no longer unlock anything.
    status, reply = call_json(factory.block_for(alice), "confirm_payment", {"payment_intent_id": payment.payment_intent_id})
    assert status == 400 and "refunded" in reply["error"]
    status, reply = call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})
    assert status == 400


def test_refund_is_staff_only(payments_on, factory):
    status, _ = call_json(factory.block_for("bob"), "staff_refund", {"learner": "alice"})
    assert status == 403


def test_stripe_unreachable_is_503_with_advice_and_writes_nothing(settings, stripe_api, factory):
    token = card_token(stripe_api)
    settings.FEE_TRAINING = stripe_settings(stripe_api, STRIPE_API_BASE="http://127.0.0.1:9")
    status, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": token})
    assert status == 503 and "try again" in body["error"]
    assert not Payment.objects.exists() and not AccessGrant.objects.exists()


def test_unknown_promo_code_charges_nothing(payments_on, factory):
    status, body = pay(factory, "alice", payments_on, promo_code="SAVE10")
    assert status == 400 and "There is no promo code 'SAVE10'" in body["error"]
    assert not Payment.objects.exists()


def test_payments_not_configured(settings, factory):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": False}
    status, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": "tok_x"})
    assert status == 503 and "not available on this site" in body["error"]
    assert "not available on this site" in student_html(factory.block_for("alice"))


def test_staff_sees_what_to_configure(settings, factory):
    settings.FEE_TRAINING = {"PAYMENTS_ENABLED": True}
    html = student_html(factory.block_for("staff-1", staff=True))
    assert "STRIPE_SECRET_KEY" in html and "STRIPE_PUBLISHABLE_KEY" in html


def test_locked_view_has_card_form_and_never_the_secret_key(payments_on, factory):
    fragment = factory.block_for("alice").student_view({})
    assert 'data-role="pay-form"' in fragment.content and "Pay $49.99" in fragment.content
    assert 'data-role="test-cards"' not in fragment.content  # demo mode only
    assert payments_on.js_url in [r.data for r in fragment.resources if r.kind == "url"]
    assert SECRET_KEY not in str(fragment.to_dict())
    assert fragment.json_init_args["payment"]["publishableKey"].startswith("pk_test_")


def test_demo_mode_shows_test_cards(settings, stripe_api, factory):
    settings.FEE_TRAINING = stripe_settings(stripe_api, DEMO_MODE=True)
    assert "4242 4242 4242 4242" in student_html(factory.block_for("alice"))


def test_staff_are_told_when_only_the_webhook_secret_is_missing(settings, stripe_api, factory):
    settings.FEE_TRAINING = stripe_settings(stripe_api, STRIPE_WEBHOOK_SECRET="")
    html = student_html(factory.block_for("staff-1", staff=True))
    assert "STRIPE_WEBHOOK_SECRET" in html and "STRIPE_SECRET_KEY" not in html
    assert 'data-role="missing-settings"' not in student_html(factory.block_for("alice"))
