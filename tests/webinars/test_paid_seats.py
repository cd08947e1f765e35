"""A paid webinar: a learner pays by card (localstripe), is admitted, gets their own personal link and the
invitation by email (a real SMTP server); a refund takes the seat back."""
import pytest

from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.payments.models import Payment
from fee_training_xblock.webinars import links
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.runtime import call_json, student_html
from tests.support.stripe_cards import VISA, card_token, stripe_settings
from tests.webinars.conftest import FAST_HASHES, webinar

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stripe]


@pytest.fixture
def paid_site(settings, stripe_api, smtp):
    """Payments on (localstripe), email to the test SMTP server."""
    settings.FEE_TRAINING = {**stripe_settings(stripe_api), **FAST_HASHES}
    return stripe_api


def test_paying_admits_issues_a_claimed_link_and_emails_the_invitation(paid_site, smtp, django_user_model):
    alice = str(django_user_model.objects.create_user("alice", "alice@example.org", "pw").pk)
    email = f"{alice}@example.com"  # what the runtime's user service reports for this learner
    factory = webinar(fee="29.00", currency="USD", sharing=False, password=True, starts="2026-12-02 18:00")
    admin = django_user_model.objects.create_user("admin", "admin@example.org", "pw", is_staff=True)
    staff = factory.block_for(str(admin.pk), staff=True)  # platform staff: may refund
    call_json(staff, "webinar_set_password", {"password": "Tulip-2026"})
    html = student_html(factory.block_for(alice))
    assert "$29.00" in html and 'data-situation="pay"' in html
    status, body = call_json(factory.block_for(alice), "start_payment",
                             {"card_token": card_token(paid_site, VISA)})
    assert status == 200 and body["status"] == "paid", body
    payment = Payment.objects.get(payer_key=alice)
    assert (payment.product_type, payment.product_id) == ("webinar_seat", staff.ref().usage_key)
    grant = AccessGrant.objects.get(user_key=alice)
    assert (grant.via, grant.reference) == ("payment", payment.payment_intent_id)
    link = WebinarLink.objects.get(kind="paid")
    assert (link.claimed_by, link.reference, link.participant_email) == (
        alice, payment.payment_intent_id, email)
    invitation = [message for message in smtp.to(email) if "invitation" in message["Subject"]]
    assert len(invitation) == 1, [message["Subject"] for message in smtp.to(email)]
    text = invitation[0].get_body(("plain",)).get_content()
    assert "thank you for your payment" in text and "Room password" not in text  # paying admitted them
    url = next(line for line in text.splitlines() if "/fee_training/webinar/link/" in line).strip()
    assert links.claim(links.find_by_token(url.rstrip("/").rsplit("/", 1)[1]), "mallory")[0] == links.TAKEN
    assert "SECRET-WEBINAR-MATERIAL" in student_html(factory.block_for(alice))
    assert WebinarLink.objects.get(kind="paid").invitation_status == "sent"

    status, question = call_json(staff, "staff_refund", {"learner": "alice"})  # issue 14: the amount first
    assert status == 200 and question["needs_confirmation"] and "$29.00" in question["message"]
    assert not WebinarLink.objects.get(kind="paid").revoked_at  # nothing happened yet
    status, body = call_json(staff, "staff_refund", {"learner": "alice", "confirmed": True})
    assert status == 200, body
    assert "seat" in body["message"] and "personal link" in body["message"]  # what the refund took back
    assert not AccessGrant.objects.get(user_key=alice).is_active()
    assert WebinarLink.objects.get(kind="paid").revoked_at is not None
    assert "SECRET-WEBINAR-MATERIAL" not in student_html(factory.block_for(alice))


def test_a_free_webinar_sells_nothing(paid_site):
    factory = webinar(fee="0", sharing=False)
    status, body = call_json(factory.block_for("bob"), "start_payment", {"card_token": card_token(paid_site, VISA)})
    assert status == 400 and "no fee" in body["error"]
