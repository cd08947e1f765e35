"""The modulestore-level field override: group_access of closed blocks, as every LMS path reads it.

Stand-ins used (tests/support/lms; edx-platform cannot be installed here):
- field_overrides.py follows lms/djangoapps/courseware/field_overrides.py (openedx-platform
  @ e57a655d): OverrideModulestoreFieldData.wrap, providers in order, first non-NOTSET wins;
- modulestore.py applies XBLOCK_FIELD_DATA_WRAPPERS per loaded block like the split
  runtime, with the "module:attr" path the plugin adds;
- ctg_override.py follows openedx/features/content_type_gating/field_override.py
  (edx-platform @ 1bbd8957), the provider the LMS ships in MODULESTORE_FIELD_OVERRIDE_PROVIDERS;
- lms_mixin.py follows lms/djangoapps/lms_xblock/mixin.py (@ e57a655d).
"""
from django.conf import settings

from fee_training_xblock.lms import partitions
from fee_training_xblock.settings.lms import OVERRIDE_PROVIDER
from tests.lms.conftest import paid_unit_course
from tests.support.lms import ctg_override
from tests.support.lms.harness import B
from tests.support.lms.modulestore import modulestore

PAID = [partitions.PAID_ID]


def group_access(lms, course, block_id):
    """group_access of the modulestore block (no user bound), read in a fresh request."""
    lms.request_for(None)
    return modulestore().get_item(course.usage(block_id)).group_access


def gate_partition_id(course, gate="gate"):
    """The partition id of a gating block."""
    return partitions.partition_ids(course.key)[str(course.usage(gate))]


def test_the_provider_is_first_and_the_modulestore_wrapper_is_configured(lms):
    assert settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS[0] == OVERRIDE_PROVIDER
    assert "lms.djangoapps.courseware.field_overrides:OverrideModulestoreFieldData.wrap" in settings.XBLOCK_FIELD_DATA_WRAPPERS


def test_children_scope_closes_children_and_grandchildren_never_the_gate(lms):
    course = lms.course(B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("html", "before"),
        B("fee_training", "gate", B("vertical", "inner", B("html", "grandchild")), B("html", "child")),
        B("html", "after")))))
    pid = gate_partition_id(course)
    for block_id in ("inner", "grandchild", "child"):
        assert group_access(lms, course, block_id) == {pid: PAID}, block_id
    for block_id in ("gate", "before", "after", "u", "s", "ch", "course"):
        assert group_access(lms, course, block_id) == {}, block_id


def test_unit_scope_closes_what_follows_the_gate_in_its_unit(lms):
    course = paid_unit_course(lms, gate_scope="unit")
    pid = gate_partition_id(course)
    assert group_access(lms, course, "after") == {pid: PAID}
    assert group_access(lms, course, "video_after") == {pid: PAID}
    assert group_access(lms, course, "p_inside") == {pid: PAID}
    assert group_access(lms, course, "intro") == {}
    assert group_access(lms, course, "p_unit2") == {}


def test_subsection_scope_closes_the_rest_of_the_subsection(lms):
    course = paid_unit_course(lms, gate_scope="subsection")
    pid = gate_partition_id(course)
    for block_id in ("intro", "after", "unit2", "p_unit2", "html_inside"):
        assert group_access(lms, course, block_id) == {pid: PAID}, block_id
    for block_id in ("gate", "unit1", "seq1", "seq2", "other_seq"):
        assert group_access(lms, course, block_id) == {}, block_id


def test_free_mode_closes_nothing(lms):
    course = paid_unit_course(lms, access_mode="free", gate_scope="subsection")
    for block_id in ("p_inside", "after", "p_unit2"):
        assert group_access(lms, course, block_id) == {}


def test_nested_gates_put_every_enclosing_partition_on_the_content(lms):
    course = lms.course(B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("fee_training", "outer", B("fee_training", "inner", B("html", "deep")), B("html", "shallow"))))))
    outer, inner = gate_partition_id(course, "outer"), gate_partition_id(course, "inner")
    assert group_access(lms, course, "deep") == {outer: PAID, inner: PAID}
    assert group_access(lms, course, "inner") == {outer: PAID}
    assert group_access(lms, course, "shallow") == {outer: PAID}


def test_authored_restrictions_are_kept(lms):
    course = lms.course(B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("fee_training", "gate", B("html", "cohort_only", group_access={"1234": [7]}))))))
    assert group_access(lms, course, "cohort_only") == {1234: [7], gate_partition_id(course): PAID}


def test_later_providers_answers_are_merged_not_lost(lms, monkeypatch):
    monkeypatch.setattr(ctg_override.ContentTypeGatingFieldOverride, "enabled", True)
    course = paid_unit_course(lms)
    pid = gate_partition_id(course)
    # p_inside is graded, scored, weight 2: content type gating answers for it.
    assert group_access(lms, course, "p_inside") == {51: [2], pid: PAID}
    assert group_access(lms, course, "p_unit2") == {51: [2]}  # not ours: the later provider still answers
    assert group_access(lms, course, "html_inside") == {pid: PAID}


def test_each_closed_block_carries_the_partition_itself(lms, learner):
    """A learner-bound parent lookup returns None for a closed parent; the child must not fall open."""
    course = lms.course(B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("fee_training", "gate", B("vertical", "inner", B("problem", "grandchild", data="DEEP")))))))
    assert lms.load(learner, course, "grandchild") is None
    assert gate_partition_id(course) in group_access(lms, course, "grandchild")


def test_restricting_only_the_top_of_the_region_would_leave_grandchildren_open(lms, learner, settings):
    """Why the override marks every closed block: the LMS's inheritance goes through get_parent()."""
    settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS = tuple(
        path for path in settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS if path != OVERRIDE_PROVIDER)
    from tests.support.lms.harness import reset_lms_state  # pylint: disable=import-outside-toplevel
    reset_lms_state()
    spec = B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("fee_training", "gate", B("vertical", "inner", B("problem", "grandchild", data="DEEP"))))))
    pid = gate_partition_id(lms.course(spec))
    # Only the gate's direct child restricted, as an author (or a direct-children-only override) would do it:
    course = lms.course(B("chapter", "ch", B("sequential", "s", B("vertical", "u",
        B("fee_training", "gate", B("vertical", "inner", B("problem", "grandchild", data="DEEP"),
                                    group_access={str(pid): PAID}))))))
    assert lms.load(learner, course, "inner") is None
    assert lms.load(learner, course, "grandchild") is not None  # open through a direct handler call
