"""What a live-session view costs and sends: one grant query per learner view, the host's form script to hosts only."""
import pytest

from fee_training_xblock.core import ledger
from tests.live_sessions.conftest import MARKER, SEED_EXAMPLE, live_settings
from tests.support.runtime import call_json

pytestmark = [pytest.mark.django_db, pytest.mark.stripe]


def render(block):
    """The fragment of the block's student_view, through the runtime as the LMS renders it."""
    return block.runtime.render(block, "student_view", {})


def scripts(fragment):
    """The inline JavaScript texts a fragment carries."""
    return "\n".join(str(resource.data) for resource in fragment.resources if resource.mimetype == "application/javascript")


@pytest.fixture
def open_free_session(settings, live_on, course):
    """Zero rates: the host opens the session without paying (no Stripe call in the views below)."""
    settings.FEE_TRAINING = live_settings(live_on, LIVE_SESSION_PEOPLE_MINUTE_RATE="0",
                                          LIVE_SESSION_TELECONFERENCE_MINUTE_RATE="0")
    assert call_json(course.block_for("host", staff=True), "estimate_session", SEED_EXAMPLE)[0] == 200
    assert call_json(course.block_for("host", staff=True), "open_free_session", {})[0] == 200
    return course


def test_an_admitted_learner_costs_the_session_and_one_grant_query_and_gets_no_host_script(
        open_free_session, django_assert_num_queries):
    course = open_free_session
    assert MARKER in render(course.block_for("alice")).content  # the first view admits (writes the grant)
    with django_assert_num_queries(2):  # the open session, the grant row
        fragment = render(course.block_for("alice"))
    assert MARKER in fragment.content
    code = scripts(fragment)
    assert "function FeeTrainingLiveSession(" in code and "function FeeTrainingLiveSessionHost(" not in code
    assert "function FeeTrainingPayment(" not in code and "function FeeTrainingPromo(" not in code


def test_a_withdrawn_learner_is_decided_from_the_one_grant_row(open_free_session, django_assert_num_queries):
    course = open_free_session
    render(course.block_for("alice"))
    ledger.revoke_access(course.block_for("alice").ref().usage_key, "alice", "staff decision")
    with django_assert_num_queries(2):  # the open session, the grant row (live or not): not read a second time
        fragment = render(course.block_for("alice"))
    assert MARKER not in fragment.content and 'data-state="withdrawn"' in fragment.content


def test_the_host_gets_the_session_form_script(open_free_session):
    code = scripts(render(open_free_session.block_for("host", staff=True)))
    assert "function FeeTrainingLiveSessionHost(" in code and "function FeeTrainingLiveSession(" in code
