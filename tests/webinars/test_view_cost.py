"""What a webinar view costs and sends: the grant (with its receipt) read once, scripts only where the card acts."""
import pytest

from fee_training_xblock.core import ledger
from fee_training_xblock.core.models import AccessGrant
from tests.support.runtime import BlockFactory, call_json
from tests.webinars.conftest import start_in, webinar, webinar_olx

pytestmark = pytest.mark.django_db


def render(block):
    """The fragment of the block's student_view, through the runtime as the LMS renders it."""
    return block.runtime.render(block, "student_view", {})


def scripts(fragment):
    """The inline JavaScript texts a fragment carries."""
    return "\n".join(str(resource.data) for resource in fragment.resources if resource.mimetype == "application/javascript")


def test_an_admitted_learner_costs_the_room_and_one_grant_query_and_gets_only_the_card_script(
        django_assert_num_queries):
    factory = webinar(sharing=True, password=False, fee="10.00", starts=start_in(120))
    render(factory.block_for("staff-1", staff=True))  # the room row exists once staff or anyone viewed it
    ledger.grant_access(factory.block_for("gina").ref(), "gina", AccessGrant.VIA_STAFF, "staff:1")
    with django_assert_num_queries(2):  # the room, the grant row (with the receipt of a payment behind it)
        fragment = render(factory.block_for("gina"))
    assert "SECRET-WEBINAR-MATERIAL" in fragment.content
    code = scripts(fragment)
    assert "function FeeTrainingWebinar(" in code and "FeeTrainingWebinarStaff(" in code  # the hook, not the body
    assert "function FeeTrainingWebinarStaff(" not in code and "FeeTrainingPromo(runtime" in code  # caller only
    assert "function FeeTrainingPromo(" not in code and "function FeeTrainingPayment(" not in code


def test_a_learner_who_must_pay_reads_the_grant_once_even_with_a_withdrawn_seat(django_assert_num_queries):
    factory = webinar(sharing=True, password=False, fee="10.00", starts=start_in(120))
    render(factory.block_for("staff-1", staff=True))
    with django_assert_num_queries(3):  # the room, the grant row, the personal links
        fragment = render(factory.block_for("hugo"))
    assert 'data-situation="pay"' in fragment.content and "function FeeTrainingPromo(" in scripts(fragment)
    ledger.grant_access(factory.block_for("hugo").ref(), "hugo", AccessGrant.VIA_STAFF, "staff:1")
    ledger.revoke_access(factory.block_for("hugo").ref().usage_key, "hugo", "staff decision")
    # The revoked row is not read again; one more query asks whether a payment stands behind it (no second charge).
    with django_assert_num_queries(4):
        assert "withdrew" not in render(factory.block_for("hugo")).content


def test_staff_get_the_staff_tools_script_and_the_promo_manager_of_a_paid_webinar():
    code = scripts(render(webinar(fee="10.00").block_for("staff-1", staff=True)))
    assert "function FeeTrainingWebinarStaff(" in code and "function FeeTrainingPromo(" in code
    free = scripts(render(BlockFactory(webinar_olx(fee="0")).block_for("staff-1", staff=True)))
    assert "function FeeTrainingWebinarStaff(" in free and "function FeeTrainingPromo(" not in free


def test_a_password_attempt_reads_the_room_and_the_learners_link_only(django_assert_num_queries):
    factory = webinar(sharing=True, password=True)
    assert call_json(factory.block_for("staff-1", staff=True), "webinar_set_password", {"password": "Tulip-2026"})[0] == 200
    with django_assert_num_queries(2):  # a staff revocation is checked on the grant row the admission locks anyway
        assert call_json(factory.block_for("ivo"), "webinar_password", {"password": "Not-it-2026"})[0] == 400
    assert call_json(factory.block_for("ivo"), "webinar_password", {"password": "Tulip-2026"})[0] == 200
