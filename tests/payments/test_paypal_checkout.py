"""Paying for a block with PayPal through its handlers, on a real XBlock runtime and database.

PayPal cannot be reached from these machines, so PayPal is the local stand-in
(demo/paypal_standin): it serves Orders v2 and Payments v2 statefully and checks every
request and answer against PayPal's own OpenAPI documents; `paypal.approve` plays the
buyer pressing "Pay now" in PayPal's window. Every test ends with no contract violation
(also checked by the `paypal_on` fixture).
"""
import pytest
from django.core import mail

from fee_training_xblock.models import AccessGrant, Payment, PromoRedemption
from fee_training_xblock.payments import paypal_checkout
from fee_training_xblock.payments.paypal_gateway import PayPalGateway
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

MARKER = "SECRET-PAID-CONTENT"
PAGE = "https://lms.example.com/courses/course-v1:Org+C1+2026/unit?tab=2#top"


@pytest.fixture
def factory():
    """One course with the default $49.99 block."""
    return BlockFactory()


def start(factory, learner, code="", page_url=PAGE):
    """What PayPal's button does first: ask the block for an order (createOrder)."""
    return call_json(factory.block_for(learner), "paypal_start", {"promo_code": code, "page_url": page_url})


def capture(factory, learner, order_id):
    """What onApprove does: ask the block to capture the approved order."""
    return call_json(factory.block_for(learner), "paypal_capture", {"order_id": order_id})


def pay(factory, learner, paypal, code=""):
    """Start, approve in PayPal's window, capture: the paid reply."""
    status, body = start(factory, learner, code)
    assert status == 200, body
    paypal.approve(body["order_id"])
    status, body = capture(factory, learner, body["order_id"])
    assert status == 200 and body["status"] == "paid", body
    return body


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_paypal_payment_unlocks_content_with_a_receipt_naming_paypal(paypal_on, factory, api):
    assert MARKER not in student_html(factory.block_for("alice"))
    status, started = start(factory, "alice")
    assert status == 200, started
    assert started["approve_url"].startswith(paypal_on.url + "/checkoutnow?token=")
    order = api.call("GET", f"/v2/checkout/orders/{started['order_id']}")[1]
    unit = order["purchase_units"][0]
    block = factory.block_for("alice")
    assert unit["amount"] == {"currency_code": "USD", "value": "49.99"}
    assert unit["reference_id"] == str(block.scope_ids.usage_id)  # the block
    assert unit["custom_id"] == f"alice|block_access|{block.scope_ids.usage_id}"  # learner and product
    assert unit["invoice_id"] and unit["description"] == "Paid lesson"
    assert MARKER not in student_html(block)  # approval is not payment
    paypal_on.approve(started["order_id"])
    status, body = capture(factory, "alice", started["order_id"])
    assert status == 200 and body["status"] == "paid", body
    payment = Payment.objects.get(payment_intent_id=started["order_id"])
    capture_id = order_capture_id(api, started["order_id"])
    assert (payment.method, payment.status, payment.amount_minor, payment.capture_id) == (
        "paypal", "paid", 4999, capture_id)
    assert body["receipt"]["Paid with"] == "PayPal" and body["receipt"]["Reference"] == capture_id
    grant = AccessGrant.objects.get(user_key="alice")
    assert (grant.via, grant.reference) == ("payment", started["order_id"])
    html = student_html(factory.block_for("alice"))
    assert MARKER in html and "PayPal" in html and capture_id in html
    assert "Paid with: PayPal" in mail.outbox[-1].body
    assert paypal_on.violations() == []


def order_capture_id(api, order_id):
    """The id of the capture PayPal made for an order."""
    order = api.call("GET", f"/v2/checkout/orders/{order_id}")[1]
    return order["purchase_units"][0]["payments"]["captures"][0]["id"]


def test_cancel_grants_nothing_and_paying_again_works(paypal_on, factory):
    _, first = start(factory, "alice")
    status, body = call_json(factory.block_for("alice"), "paypal_cancel", {"order_id": first["order_id"]})
    assert status == 200 and "cancelled" in body["message"] and "No money was taken" in body["message"]
    assert Payment.objects.get(payment_intent_id=first["order_id"]).status == "failed"
    assert not AccessGrant.objects.filter(user_key="alice").exists()
    paypal_on.approve(first["order_id"])  # even if approved later, a cancelled order is never captured
    status, body = capture(factory, "alice", first["order_id"])
    assert status == 400 and "cancelled or replaced" in body["error"]
    second = pay(factory, "alice", paypal_on)
    assert second["order_id"] != first["order_id"]
    assert MARKER in student_html(factory.block_for("alice"))
    assert paypal_on.violations() == []


def test_double_clicks_and_two_tabs_share_one_order_and_capture_once(paypal_on, factory, api):
    _, first = start(factory, "alice")
    _, again = start(factory, "alice")  # a double click, or the second tab
    assert again["order_id"] == first["order_id"]
    paypal_on.approve(first["order_id"])
    assert capture(factory, "alice", first["order_id"])[1]["status"] == "paid"
    status, body = capture(factory, "alice", first["order_id"])  # the other tab's onApprove
    assert status == 200 and body["status"] == "paid"
    order = api.call("GET", f"/v2/checkout/orders/{first['order_id']}")[1]
    assert len(order["purchase_units"][0]["payments"]["captures"]) == 1
    assert Payment.objects.count() == 1
    status, body = start(factory, "alice")  # a third tab, after the payment: shown the content (issue 14, item 14)
    assert status == 200 and body["status"] == "already_paid" and "already have access" in body["message"]
    assert paypal_on.violations() == []


def test_capture_before_approval_moves_no_money_and_says_so(paypal_on, factory):
    _, started = start(factory, "alice")
    status, body = capture(factory, "alice", started["order_id"])
    assert status == 400 and "not approved" in body["error"]
    assert Payment.objects.get().status == "pending" and not AccessGrant.objects.exists()
    paypal_on.approve(started["order_id"])
    assert capture(factory, "alice", started["order_id"])[1]["status"] == "paid"
    assert paypal_on.violations() == []


def test_promo_code_prices_the_order_and_its_use_is_held_then_confirmed(paypal_on, factory, api):
    status, body = call_json(factory.block_for("staff-1", staff=True), "staff_create_code",
                             {"kind": "percent", "value": "20", "code": "SAVE20", "max_redemptions": "1"})
    assert status == 200, body
    _, started = start(factory, "alice", code="save20")
    unit = api.call("GET", f"/v2/checkout/orders/{started['order_id']}")[1]["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "USD", "value": "39.99"}
    held = PromoRedemption.objects.get()
    assert (held.status, held.reference) == ("held", started["order_id"])
    status, body = start(factory, "bob", code="SAVE20")  # the one use is held for alice's order
    assert status == 400 and "used the maximum number of times" in body["error"]
    paypal_on.approve(started["order_id"])
    assert capture(factory, "alice", started["order_id"])[1]["status"] == "paid"
    assert PromoRedemption.objects.get(reference=started["order_id"]).status == "confirmed"
    payment = Payment.objects.get(payment_intent_id=started["order_id"])
    assert (payment.fee_minor, payment.discount_minor, payment.amount_minor) == (4999, 1000, 3999)
    assert paypal_on.violations() == []


def test_a_declined_capture_grants_nothing_and_paying_again_works(paypal_on, factory):
    _, started = start(factory, "alice")
    paypal_on.approve(started["order_id"])
    # PayPal's negative testing header, as a sandbox honours it (the stand-in's own code for a DECLINED capture).
    declining = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url,
                              extra_headers={"PayPal-Mock-Response": '{"mock_application_codes": '
                                                                     '"STANDIN_CAPTURE_DECLINED"}'})
    payment = Payment.objects.get()
    with pytest.raises(paypal_checkout.PaymentError, match="PayPal declined this payment"):
        paypal_checkout.capture_order(payment.usage_key, "alice", started["order_id"], gateway=declining)
    assert Payment.objects.get().status == "failed" and not AccessGrant.objects.exists()
    pay(factory, "alice", paypal_on)
    assert MARKER in student_html(factory.block_for("alice"))
    assert paypal_on.violations() == []


def test_an_unusable_funding_source_sends_the_buyer_back_to_choose_another(paypal_on, factory):
    _, started = start(factory, "alice")
    paypal_on.approve(started["order_id"])
    declining = PayPalGateway(paypal_on.client_id, paypal_on.client_secret, paypal_on.url,
                              extra_headers={"PayPal-Mock-Response": '{"mock_application_codes": '
                                                                     '"INSTRUMENT_DECLINED"}'})
    payment = Payment.objects.get()
    step = paypal_checkout.capture_order(payment.usage_key, "alice", started["order_id"], gateway=declining)
    assert step.status == "retry" and "Choose another one" in step.message
    assert Payment.objects.get().status == "pending" and not AccessGrant.objects.exists()
    paypal_on.approve(started["order_id"])  # actions.restart(): the buyer picks another card in PayPal
    assert capture(factory, "alice", started["order_id"])[1]["status"] == "paid"
    assert paypal_on.violations() == []


@pytest.mark.parametrize("payload,field,fragment", [
    ({"order_id": "not an id"}, "order_id", "letters and digits"),
    ({"order_id": ""}, "order_id", "letters and digits"),
    ({"order_id": ["A"]}, None, "must be a single value"),
])
def test_bad_capture_input_is_a_400_naming_the_field(paypal_on, factory, payload, field, fragment):
    status, body = call_json(factory.block_for("alice"), "paypal_capture", payload)
    assert status == 400 and fragment in body["error"]
    assert paypal_on.violations() == []


@pytest.mark.parametrize("page_url", ["", "javascript:alert(1)", "ftp://example.com/", "/relative", "x" * 2000])
def test_a_page_address_paypal_cannot_return_to_is_a_400_naming_page_url(paypal_on, factory, page_url):
    status, body = start(factory, "alice", page_url=page_url)
    assert status == 400 and "page_url" in body["error"]
    assert not Payment.objects.exists() and paypal_on.violations() == []


def test_nobody_captures_or_cancels_someone_elses_order(paypal_on, factory):
    _, started = start(factory, "alice")
    paypal_on.approve(started["order_id"])
    for handler in ("paypal_capture", "paypal_cancel"):
        status, body = call_json(factory.block_for("mallory"), handler, {"order_id": started["order_id"]})
        assert status == 400 and "someone else" in body["error"]
    other = BlockFactory()
    other.usage_id = other.ids.create_usage(other.ids.get_definition_id(other.usage_id))  # a second block
    other_block = other.block_for("alice")
    assert other_block.scope_ids.usage_id != factory.usage_id
    status, body = call_json(other_block, "paypal_capture", {"order_id": started["order_id"]})
    assert status == 400 and "other content" in body["error"]
    assert Payment.objects.get().status == "pending" and not AccessGrant.objects.exists()
    assert paypal_on.violations() == []


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_staff_refund_goes_to_paypal_and_revokes_access(paypal_on, factory, api, django_user_model):
    alice = str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)
    paid = pay(factory, alice, paypal_on)
    admin = django_user_model.objects.create_user("admin", "admin@example.com", "pw", is_staff=True)  # refund rights
    staff = factory.block_for(str(admin.pk), staff=True)
    status, question = call_json(staff, "staff_refund", {"learner": "alice"})  # issue 14: the amount first
    assert status == 200 and question["needs_confirmation"], question
    assert "$49.99" in question["message"] and "PayPal account" in question["message"]
    status, body = call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})
    assert status == 200, body
    capture_id = order_capture_id(api, paid["order_id"])
    assert api.call("GET", f"/v2/payments/captures/{capture_id}")[1]["status"] == "REFUNDED"
    payment = Payment.objects.get()
    assert (payment.status, payment.refunded_minor) == ("refunded", 4999)
    assert MARKER not in student_html(factory.block_for(alice))
    assert "PayPal account" in mail.outbox[-1].body
    assert paypal_on.violations() == []


def test_a_learner_who_got_access_another_way_is_not_captured(paypal_on, factory, api, django_user_model):
    alice = str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)
    _, started = start(factory, alice)
    paypal_on.approve(started["order_id"])
    assert call_json(factory.block_for("staff-1", staff=True), "staff_grant", {"learner": "alice"})[0] == 200
    status, body = capture(factory, alice, started["order_id"])  # the page shows the content (issue 14, item 14)
    assert status == 200 and body["status"] == "already_paid" and "already have access" in body["message"]
    assert api.call("GET", f"/v2/checkout/orders/{started['order_id']}")[1]["status"] == "APPROVED"  # no capture
    assert Payment.objects.get().status == "failed"
    assert paypal_on.violations() == []


@pytest.mark.parametrize("fee,currency", [("4999", "INR"), ("1000.50", "HUF")])
def test_a_price_paypal_cannot_take_shows_only_the_card_form(paypal_on, fee, currency):
    factory = BlockFactory(f'<fee_training display_name="Lesson" fee="{fee}" currency="{currency}">'
                           "<html_demo><p>SECRET-PAID-CONTENT</p></html_demo></fee_training>")
    html = student_html(factory.block_for("alice"))
    assert 'data-role="pay-form"' in html and 'data-role="paypal"' not in html
    status, body = start(factory, "alice")
    assert status == 400 and "PayPal" in body["error"] and not Payment.objects.exists()
    assert paypal_on.violations() == []


def test_zero_decimal_and_whole_huf_prices_are_sent_as_paypal_writes_them(paypal_on, api):
    for fee, currency, value, learner in (("5000", "JPY", "5000", "yui"), ("1200", "HUF", "1200", "zsofi")):
        factory = BlockFactory(f'<fee_training display_name="Lesson" fee="{fee}" currency="{currency}">'
                               "<html_demo><p>x</p></html_demo></fee_training>")
        assert 'data-role="paypal"' in student_html(factory.block_for(learner))
        status, started = start(factory, learner)
        assert status == 200, started
        unit = api.call("GET", f"/v2/checkout/orders/{started['order_id']}")[1]["purchase_units"][0]
        assert unit["amount"] == {"currency_code": currency, "value": value}
        paypal_on.approve(started["order_id"])
        assert capture(factory, learner, started["order_id"])[1]["status"] == "paid"
    assert {p.amount_minor for p in Payment.objects.filter(currency="HUF")} == {120000}
    assert paypal_on.violations() == []


def test_paypal_alone_needs_no_stripe_and_cards_are_refused(settings, paypal):
    from tests.support.paypal import paypal_settings  # pylint: disable=import-outside-toplevel
    settings.FEE_TRAINING = paypal_settings(paypal, PAYMENT_METHODS="paypal")
    factory = BlockFactory()
    html = student_html(factory.block_for("alice"))
    assert 'data-role="paypal"' in html and 'data-role="pay-form"' not in html and "method-choice" not in html
    status, body = call_json(factory.block_for("alice"), "start_payment", {"card_token": "tok_visa"})
    assert status == 503 and "Card payments are not available" in body["error"]
    pay(factory, "alice", paypal)
    assert paypal.violations() == []


def test_paypal_not_offered_answers_503_and_shows_no_button(payments_on):
    factory = BlockFactory()
    assert 'data-role="paypal"' not in student_html(factory.block_for("alice"))
    status, body = start(factory, "alice")
    assert status == 503 and "PayPal payments are not available" in body["error"]
