"""Issue 14, item 6: what staff (and the learner) are told about a refunded subscription is what happens.

Refunding a bought subscription ends it: no new course can be started. Assignments
already started stay open until they expire (they were billed). Staff used to read
"Payment refunded and access revoked." while the content stayed open.
"""
import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.models import CourseAssignment, ProfileCourse, SubscriptionProfile
from tests.support.runtime import BlockFactory, call_json, student_html
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]

MARKER = "SUBSCRIBED-CONTENT"
OLX = f"""
<fee_training display_name="Cloud lab" fee="0" currency="USD" access_mode="subscription" assignment_days="180">
  <html_demo><p>{MARKER}</p></html_demo>
</fee_training>
"""


@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_staff_are_told_the_started_course_stays_open_and_it_does(payments_on, django_user_model, mailoutbox):
    factory = BlockFactory(OLX)
    course_key = block_ref(factory.block_for("author", staff=True)).course_key
    profile = SubscriptionProfile.objects.create(name="Yearly labs", organization="Acme", duration_days=365,
                                                 price_minor=2500, sale_price_minor=12000)
    ProfileCourse.objects.create(profile=profile, course_key=course_key)
    gus = str(django_user_model.objects.create_user("gus", "gus@example.com", "pw").pk)
    status, body = call_json(factory.block_for(gus), "start_payment", {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and body["status"] == "paid"
    assert call_json(factory.block_for(gus), "start_course", {})[0] == 200
    expires = CourseAssignment.objects.get(user_key=gus).expires_at.strftime("%Y-%m-%d")

    admin = django_user_model.objects.create_user("admin", "admin@example.com", "pw", is_staff=True)
    staff = factory.block_for(str(admin.pk), staff=True)  # platform staff: may refund (main's refund rights)
    status, question = call_json(staff, "staff_refund", {"learner": "gus"})
    assert question["needs_confirmation"] and "$120.00" in question["message"]
    status, reply = call_json(staff, "staff_refund", {"learner": "gus", "confirmed": True})
    assert status == 200, reply
    assert "access revoked" not in reply["message"]
    assert "subscription ended" in reply["message"] and f"stay open until their access period ends (the last on " \
        f"{expires})" in reply["message"]
    assert MARKER in student_html(factory.block_for(gus))  # what staff were told
    notice = mailoutbox[-1]
    assert notice.subject.startswith("Refund:") and "Courses you already started stay open" in notice.body
    assert "Your access to the paid content has ended" not in notice.body
