"""Course structures cached before installation, and completion with the fee block as an aggregator.

Stand-ins (tests/support/lms; edx-platform cannot be installed here):
- course_blocks.py: the block structure cache of openedx/core/djangoapps/content/block_structure
  (collected once, stored pickled, rebuilt by update_course_in_cache -- what publishing or
  `generate_course_blocks` does) and UserPartitionTransformer
  (lms/djangoapps/course_blocks/transformers/user_partitions.py @ e57a655d);
- completion.py: completion/services.py of openedx/completion (@ 00eeb8b4), with XBlock's
  real XBlockCompletionMode; the stand-in fee block is an AGGREGATOR, as the block side
  must become.
"""
import pytest

from tests.lms.conftest import paid_unit_course
from tests.support.lms.completion import CompletionService
from tests.support.lms.course_blocks import get_course_blocks, update_course_in_cache
from tests.support.lms.harness import LmsHarness
from tests.support.lms.modulestore import modulestore


@pytest.fixture
def unwired_lms(settings, db):  # pylint: disable=unused-argument
    """The stand-in LMS before the plugin's settings hook ran."""
    yield LmsHarness(settings, wire=False)
    from tests.support.lms import install  # pylint: disable=import-outside-toplevel
    install.uninstall()


def test_a_structure_collected_before_installation_stays_open_until_rebuilt(settings, unwired_lms):
    lms = unwired_lms
    course = paid_unit_course(lms)
    learner = lms.user("learner")
    root = modulestore().make_course_usage_key(course.key)
    assert course.usage("html_inside") in get_course_blocks(learner, root)  # collected without the gate
    from fee_training_xblock.settings.lms import wire_lms  # pylint: disable=import-outside-toplevel
    from tests.support.lms import course_blocks  # pylint: disable=import-outside-toplevel
    from tests.support.lms.harness import reset_lms_state  # pylint: disable=import-outside-toplevel
    stale, content = dict(course_blocks._COLLECTED), dict(modulestore().values)  # pylint: disable=protected-access
    wire_lms(settings)
    reset_lms_state()  # the LMS restarts with the plugin installed...
    modulestore().values.update(content)  # ...the course content is unchanged...
    course_blocks._COLLECTED.update(stale)  # pylint: disable=protected-access  # ...and so is the structure cache
    lms.request_for(learner)
    assert course.usage("html_inside") in get_course_blocks(learner, root)  # still open: stale cache
    update_course_in_cache(course.key)  # republish / generate_course_blocks
    lms.request_for(learner)
    assert course.usage("html_inside") not in get_course_blocks(learner, root)


def test_completion_counts_only_the_children_a_learner_can_load(lms, learner, payer):
    course = paid_unit_course(lms)
    course.grant(payer, "gate")
    inside = {course.usage("p_inside"), course.usage("html_inside")}

    def completable(user):
        """Keys of the unit's completable leaves as `user` loads them."""
        unit = lms.load(user, course, "unit1")
        return {leaf.scope_ids.usage_id for leaf in CompletionService(user, course.key).get_completable_children(unit)}

    assert inside <= completable(payer)
    assert not inside & completable(learner)
    gate = lms.load(learner, course, "gate")
    assert CompletionService(learner, course.key).can_mark_block_complete_on_view(gate) is False
    assert gate.get_children() == []  # the LMS runtime drops children the learner may not load
