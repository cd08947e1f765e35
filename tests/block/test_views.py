"""The learner, staff and anonymous views of the block on a real XBlock runtime and database."""
import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger as services
from fee_training_xblock.models import AccessGrant
from tests.support.runtime import BlockFactory, call_json, student_html

pytestmark = pytest.mark.django_db

MARKER = "SECRET-PAID-CONTENT"


def test_learner_without_access_sees_price_but_not_the_content():
    html = student_html(BlockFactory().block_for("alice"))
    assert "$49.99" in html
    assert "Two lessons." in html
    assert MARKER not in html
    assert 'data-state="locked"' in html
    assert "not available on this site" in html  # no pay button until payments are configured


@pytest.fixture
def alice(django_user_model):
    """A real LMS-style user; the block sees her numeric id as user_key."""
    return str(django_user_model.objects.create_user("alice", "alice@example.com", "pw").pk)


def test_access_granted_by_staff_shows_content_on_this_and_later_views(alice):
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    status, body = call_json(staff, "staff_grant", {"learner": "alice"})
    assert status == 200, body
    first = factory.block_for(alice)
    assert MARKER in student_html(first)
    assert first.access_granted is True and first.access_via == "staff"
    assert MARKER in student_html(factory.block_for(alice))  # a later request
    assert MARKER not in student_html(factory.block_for("bob"))  # nobody else


def test_revoking_hides_content_again_and_clears_the_mirror(alice):
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    call_json(staff, "staff_grant", {"learner": "alice@example.com"})
    assert MARKER in student_html(factory.block_for(alice))
    status, _ = call_json(staff, "staff_revoke", {"learner": "alice", "reason": "test"})
    assert status == 200
    alice = factory.block_for(alice)
    assert MARKER not in student_html(alice)
    assert alice.access_granted is False


def test_staff_preview_shows_children_with_a_banner():
    html = student_html(BlockFactory().block_for("staff-1", staff=True))
    assert MARKER in html
    assert "Staff preview: learners must pay $49.99" in html
    assert "Staff tools" in html


def test_free_mode_shows_content_to_everyone():
    olx = '<fee_training fee="0" currency="EUR" access_mode="free"><html_demo><p>SECRET-PAID-CONTENT</p></html_demo></fee_training>'
    assert MARKER in student_html(BlockFactory(olx).block_for("alice"))


def test_zero_decimal_price_display():
    olx = '<fee_training fee="5000" currency="JPY"><html_demo><p>x</p></html_demo></fee_training>'
    assert "¥5,000" in student_html(BlockFactory(olx).block_for("alice"))


def test_misconfigured_block_tells_learner_politely_and_staff_exactly():
    olx = '<fee_training fee="abc" currency="USD"><html_demo><p>SECRET-PAID-CONTENT</p></html_demo></fee_training>'
    factory = BlockFactory(olx)
    learner_html = student_html(factory.block_for("alice"))
    assert "not available yet" in learner_html and MARKER not in learner_html
    staff_html = student_html(factory.block_for("staff-1", staff=True))
    assert "must be a number" in staff_html


def test_anonymous_user_is_asked_to_sign_in():
    html = student_html(BlockFactory().block_for("x", anonymous=True))
    assert "Sign in" in html and MARKER not in html


def test_ledger_answers_entitlement_from_outside_the_block():
    factory = BlockFactory()
    ref = block_ref(factory.block_for("alice"))
    assert not services.has_access(ref.usage_key, "alice")
    services.grant_access(ref, "alice", via="staff")
    services.grant_access(ref, "alice", via="staff")  # idempotent
    assert AccessGrant.objects.filter(usage_key=ref.usage_key).count() == 1
    assert services.has_access(ref.usage_key, "alice")
    assert MARKER in student_html(factory.block_for("alice"))


def test_grant_events_are_published(alice):
    factory = BlockFactory()
    staff = factory.block_for("staff-1", staff=True)
    call_json(staff, "staff_grant", {"learner": "alice"})
    assert ("fee_training.access.granted", {"user_key": alice, "via": "staff", "granted_by": "staff-1"}) in staff.runtime.events
