"""Every page, email and reply a person reads, rendered in a dummy language: no English word may be left.

The dummy language (tests/support/dummy_locale.py, as `i18n_tool dummy` builds it) is
the English source catalogue with every letter accented. The scenarios' own texts (block
titles, benefits, participant names) are Cyrillic, so any plain ASCII word in what a
person reads is a string that never went through a catalogue. Views are rendered through
the XBlock runtime as the LMS renders them; emails go through Django's mail outbox.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.lms import paywall
from fee_training_xblock.models import Payment, ProfileCourse, SubscriptionProfile
from fee_training_xblock.payments import fulfilment, receipts
from fee_training_xblock.subscriptions import subscribing
from tests.i18n.conftest import untranslated
from tests.live_sessions.conftest import SEED_EXAMPLE, live_olx, live_settings
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import card_token
from tests.webinars.conftest import FAST_HASHES, webinar_olx

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

NAME = "Ђорђе"  # every text of the scenarios is Cyrillic: only our own messages can bring ASCII words
FEE_OLX = f"""<fee_training display_name="{NAME}" fee="49.99" currency="USD" benefit="{NAME}">
  <html_demo><p>{NAME}</p></html_demo></fee_training>"""


def olx(mode, fee="0", extra=""):
    """A block of `mode` with Cyrillic texts."""
    return (f'<fee_training display_name="{NAME}" fee="{fee}" currency="USD" access_mode="{mode}" {extra}>'
            f"<html_demo><p>{NAME}</p></html_demo></fee_training>")


def assert_translated(html, where):
    """No English word in what a person reads of `html`."""
    words = untranslated(html)
    assert words == [], f"{where}: {words}"


def paid(factory, user_key):
    """A fulfilled card payment of `user_key` in the factory's block: the Payment and its grant."""
    ref = block_ref(factory.block_for(user_key))
    payment = Payment.objects.create(
        payer_key=user_key, payer_email=f"{user_key}@example.com", product_type="block_access",
        product_id=ref.usage_key, course_key=ref.course_key, usage_key=ref.usage_key, title=NAME,
        payment_intent_id=f"pi_{user_key}", fee_minor=4999, amount_minor=4999, currency="USD",
        status=Payment.STATUS_PAID, paid_at=timezone.now())
    ledger.grant_access(ref, user_key, via=AccessGrant.VIA_PAYMENT, reference=payment.payment_intent_id)
    return payment


def test_fee_mode_every_state_and_the_staff_tools(dummy, payments_on):
    factory = BlockFactory(FEE_OLX)
    paid(factory, "bob")
    ledger.grant_access(block_ref(factory.block_for("cara")), "cara", via=AccessGrant.VIA_STAFF)
    ledger.revoke_access(block_ref(factory.block_for("cara")).usage_key, "cara", "test")
    views = {
        "locked (price, promo code, card form)": factory.block_for("alice"),
        "anonymous": factory.block_for("anon", anonymous=True),
        "granted with receipt": factory.block_for("bob"),
        "withdrawn": factory.block_for("cara"),
        "staff preview and tools": factory.block_for("staff-1", staff=True),
    }
    for where, block in views.items():
        assert_translated(student_html(block), where)


def test_staff_figures_loaded_on_demand_in_a_fee_block(dummy, payments_on):
    """The staff panel's "Show counts and totals" asks staff_counts: its figures, and its refusal, are translated."""
    factory = BlockFactory(FEE_OLX)
    paid(factory, "bob")
    status, reply = call_json(factory.block_for("staff-1", staff=True), "staff_counts", {})
    assert status == 200 and 'data-role="active-grants"' in reply["html"], reply
    assert_translated(reply["html"], "staff figures: learners with access")
    status, reply = call_json(factory.block_for("alice"), "staff_counts", {})
    assert status == 403 and untranslated(reply["error"]) == [], reply


def test_staff_figures_loaded_on_demand_in_a_subscription_block(dummy, payments_on, settings):
    """Billed assignments this and last month, the live ones, and a billing setting that cannot be used."""
    factory = BlockFactory(olx("subscription", extra='assignment_days="180"'))
    staff = factory.block_for("staff-1", staff=True)
    profile = SubscriptionProfile.objects.create(name=NAME, organization="workbench", duration_days=365,
                                                 price_minor=2500)
    ProfileCourse.objects.create(profile=profile, course_key=block_ref(staff).course_key)
    subscribing.create_subscription(profile, "8", timezone.now() - timedelta(days=1))
    assert call_json(factory.block_for("8"), "start_course", {})[0] == 200
    status, reply = call_json(staff, "staff_counts", {})
    assert status == 200 and 'data-role="billing-figures"' in reply["html"] and "<td>1</td>" in reply["html"], reply
    assert_translated(reply["html"], "staff figures: billed assignments and totals")
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, "BILLING_TIME_ZONE": "Марс/База"}
    status, reply = call_json(factory.block_for("staff-1", staff=True), "staff_counts", {})
    assert status == 200 and 'role="alert"' in reply["html"], reply
    assert_translated(reply["html"], "staff figures: a billing time zone that cannot be used")


def test_free_misconfigured_and_paypal_views(dummy, paypal_on):
    assert_translated(student_html(BlockFactory(olx("free")).block_for("alice")), "free")
    assert_translated(student_html(BlockFactory(olx("free")).block_for("staff-1", staff=True)), "free, staff")
    broken = BlockFactory(olx("fee", fee="абв"))
    assert_translated(student_html(broken.block_for("alice")), "misconfigured")
    assert_translated(student_html(broken.block_for("staff-1", staff=True)), "misconfigured, staff")
    html = student_html(BlockFactory(FEE_OLX).block_for("alice"))
    assert 'data-role="paypal"' in html
    assert_translated(html, "PayPal step beside the card form")


def test_subscription_mode_states(dummy, payments_on):
    factory = BlockFactory(olx("subscription", extra='assignment_days="180"'))
    course_key = block_ref(factory.block_for("author", staff=True)).course_key
    profile = SubscriptionProfile.objects.create(name=NAME, organization="workbench", duration_days=365,
                                                 price_minor=2500, sale_price_minor=9900)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    assert_translated(student_html(factory.block_for("7")), "not subscribed (subscription for sale)")
    assert_translated(student_html(factory.block_for("anon", anonymous=True)), "anonymous")
    subscribing.create_subscription(profile, "8", timezone.now() - timedelta(days=1))
    assert_translated(student_html(factory.block_for("8")), "subscribed, course not started")
    assert call_json(factory.block_for("8"), "start_course", {})[0] == 200
    assert_translated(student_html(factory.block_for("8")), "course started")
    subscribing.create_subscription(profile, "9", timezone.now() + timedelta(days=3))
    assert_translated(student_html(factory.block_for("9")), "subscription starting later")
    assert_translated(student_html(factory.block_for("staff-1", staff=True)), "staff")


def test_webinar_states_and_staff_tools(dummy, payments_on, settings):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, **FAST_HASHES}
    settings.LMS_ROOT_URL = "http://testserver"
    free = BlockFactory(webinar_olx(title=NAME, signature=NAME, sharing=True).replace("SECRET-WEBINAR-MATERIAL", NAME))
    staff = free.block_for("staff-1", staff=True)
    assert_translated(student_html(staff), "staff tools")
    assert call_json(staff, "webinar_set_password", {"password": "Tulip-2026"})[0] == 200
    assert_translated(student_html(free.block_for("staff-1", staff=True)), "staff tools with a password")
    assert_translated(student_html(free.block_for("alice")), "password form")
    assert_translated(student_html(free.block_for("anon", anonymous=True)), "anonymous")
    assert call_json(free.block_for("alice"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
    assert_translated(student_html(free.block_for("alice")), "admitted: card with Join")
    invited_only = BlockFactory(webinar_olx(title=NAME, signature=NAME, password=False))
    assert_translated(student_html(invited_only.block_for("alice")), "invited only")
    paid_webinar = BlockFactory(webinar_olx(title=NAME, signature=NAME, fee="20.00", currency="USD"))
    assert_translated(student_html(paid_webinar.block_for("alice")), "paid webinar, locked")


def test_live_session_host_and_learner_states(dummy, settings, stripe_api):
    settings.FEE_TRAINING = live_settings(stripe_api)
    course = BlockFactory(live_olx().replace("Live onboarding", NAME).replace("LIVE-SESSION-CONTENT", NAME))
    assert_translated(student_html(course.block_for("alice")), "learner: not open")
    assert_translated(student_html(course.block_for("anon", anonymous=True)), "anonymous")
    assert_translated(student_html(course.block_for("host", staff=True)), "host: session form")
    plan = {**SEED_EXAMPLE, "title": NAME, "division": NAME}
    status, body = call_json(course.block_for("host", staff=True), "estimate_session", plan)
    assert status == 200, body
    assert_translated(student_html(course.block_for("host", staff=True)), "host: Estimated Session Cost")


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_emails_are_written_in_the_recipients_language(dummy, payments_on, django_user_model):
    factory = BlockFactory(FEE_OLX)
    bob = str(django_user_model.objects.create_user("bob", "bob@example.com", "pw").pk)
    payment = paid(factory, bob)
    receipts.send_receipt(payment)
    payment.refunded_minor = payment.amount_minor
    fulfilment.send_refund_notice(payment)
    staff = factory.block_for("staff-1", staff=True)
    status, reply = call_json(staff, "staff_revoke", {"learner": "bob", "confirmed": True})
    assert status == 200, reply
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert untranslated(f"{message.subject}\n{message.body}") == [], message.subject
    assert untranslated(reply["message"]) == []


def test_the_paywall_page_of_the_lms(dummy):
    class Gate:
        """A closing gate as lms.rules describes it."""

        mode, fee, currency, title, key = "fee", "49.99", "usd", NAME, "block-v1:Org+C+1+type@fee_training+block@x"

    assert_translated(paywall.paywall_html("course-v1:Org+C+1", Gate()), "paywall")


def test_handler_replies_are_translated(dummy, payments_on):
    factory = BlockFactory(FEE_OLX)
    replies = [
        call_json(factory.block_for("alice"), "apply_promo_code", {"code": "NOPE1234"}),
        call_json(factory.block_for("alice"), "staff_grant", {"learner": "bob"}),
        call_json(factory.block_for("alice"), "start_payment", {"card_token": ""}),
        call_json(factory.block_for("staff-1", staff=True), "staff_create_code", {"kind": "percent", "value": "150"}),
        call_json(factory.block_for("alice"), "get_quote", [1, 2]),
    ]
    for status, body in replies:
        assert status >= 400 and untranslated(body["error"]) == [], body


@pytest.mark.django_db(transaction=True)  # invitations are sent after the commit, as in production
def test_webinar_invitations_the_link_page_and_the_staff_table(dummy, payments_on, settings, smtp, client):
    settings.FEE_TRAINING = {**settings.FEE_TRAINING, **FAST_HASHES}
    settings.LMS_ROOT_URL = "http://testserver"
    factory = BlockFactory(webinar_olx(title=NAME, signature=NAME, starts="2026-12-02 18:00", zone="Europe/Warsaw"))
    staff = factory.block_for("staff-1", staff=True)
    assert call_json(staff, "webinar_set_password", {"password": "Тюльпан-2026"})[0] == 200
    status, body = call_json(staff, "webinar_generate", {"participants": f"{NAME} <anna@example.org>", "send": True,
                                                         "password": "Тюльпан-2026"})
    assert status == 200 and untranslated(body["message"]) == [], body
    message = smtp.to("anna@example.org")[0]
    text = message.get_body(("plain",)).get_content()
    assert untranslated(f"{message['Subject']}\n{text}") == []
    status, table = call_json(factory.block_for("staff-1", staff=True), "webinar_links", {})
    assert status == 200 and table["links"][0]["invitation"] == "sent"
    url = text.split("http://testserver", 1)[1].split()[0]
    page = client.get(client.get(url)["Location"], {"student": "42"})
    assert page.status_code == 200 and untranslated(page.content.decode()) == []


def test_a_paid_live_session_for_host_and_learners(dummy, settings, stripe_api):
    settings.FEE_TRAINING = live_settings(stripe_api)
    course = BlockFactory(live_olx().replace("Live onboarding", NAME).replace("LIVE-SESSION-CONTENT", NAME))
    plan = {**SEED_EXAMPLE, "title": NAME, "division": NAME}
    assert call_json(course.block_for("host", staff=True), "estimate_session", plan)[0] == 200
    status, body = call_json(course.block_for("host", staff=True), "start_payment",
                             {"card_token": card_token(stripe_api)})
    assert status == 200 and body["status"] in ("paid", "succeeded"), body
    assert_translated(student_html(course.block_for("host", staff=True)), "host: the open session and its usage")
    assert_translated(student_html(course.block_for("alice")), "learner: the open session")
    for message in mail.outbox:  # the host's receipt
        assert untranslated(f"{message.subject}\n{message.body}") == [], message.subject
