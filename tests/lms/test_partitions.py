"""The partition scheme and the dynamic partition generator, found the way the LMS finds them.

Stand-ins used (tests/support/lms; edx-platform cannot be installed here):
- partitions.py follows xmodule/partitions/partitions.py (openedx-platform @ e57a655d):
  `UserPartition.get_scheme` loads the scheme from the real stevedore namespace
  openedx.user_partition_scheme, i.e. from this package's entry point;
- partitions_service.py follows xmodule/partitions/partitions_service.py (@ e57a655d) and
  openedx/core/lib/dynamic_partitions_generators.py (edx-platform @ 2a48563a): the
  generators come from the real namespace openedx.dynamic_partition_generator;
- masquerade.py follows lms/djangoapps/courseware/masquerade.py (@ 14f7dc89).
"""
import pickle

from fee_training_xblock.lms import partitions as fee_partitions
from tests.lms.conftest import paid_unit_course
from tests.support.lms.harness import B
from tests.support.lms.masquerade import CourseMasquerade
from tests.support.lms.modulestore import modulestore
from tests.support.lms.partitions import UserPartition
from tests.support.lms.partitions_service import (
    DynamicPartitionGeneratorsPluginManager,
    get_all_partitions_for_course,
    get_user_partition_groups,
)


def fee_partitions_of(course):
    """The generated fee partitions of a course, by gate block id."""
    found = get_all_partitions_for_course(modulestore().get_course(course.key))
    return {p.parameters["fee_block"].rsplit("@", 1)[-1]: p for p in found if p.scheme.name == "fee_training"}


def test_scheme_and_generator_are_found_through_the_entry_points(lms):
    scheme = UserPartition.get_scheme("fee_training")
    assert scheme is fee_partitions.FeeTrainingPartitionScheme
    assert scheme.name == "fee_training" and scheme.read_only is True
    generators = DynamicPartitionGeneratorsPluginManager.get_available_plugins()
    assert generators["fee_training"] is fee_partitions.create_fee_training_partitions


def test_one_partition_per_gating_block_with_module_level_groups(lms):
    course = paid_unit_course(lms)
    found = fee_partitions_of(course)
    assert list(found) == ["gate"]
    partition = found["gate"]
    assert partition.id >= 100 and partition.active
    assert partition.groups == [fee_partitions.UNPAID, fee_partitions.PAID]
    assert (fee_partitions.UNPAID.id, fee_partitions.PAID.id) == (1, 2)
    assert partition.parameters == {"course_id": str(course.key), "fee_block": str(course.usage("gate"))}
    assert partition.to_json()["scheme"] == "fee_training"


def test_free_blocks_get_no_partition(lms):
    course = paid_unit_course(lms, access_mode="free")
    assert fee_partitions_of(course) == {}


def test_partitions_survive_the_block_structure_cache_pickle(lms):
    course = paid_unit_course(lms)
    partition = fee_partitions_of(course)["gate"]
    copied = pickle.loads(pickle.dumps(partition))
    assert copied == partition and copied.scheme is fee_partitions.FeeTrainingPartitionScheme


class CohortScheme:
    """An authored partition's scheme (the LMS's cohort scheme, by name only)."""

    name = "cohort"


def test_ids_clash_with_neither_authored_nor_team_partitions(lms):
    first = fee_partitions_of(paid_unit_course(lms))["gate"].id
    authored = UserPartition(first, "Cohorts", "authored", [], scheme=CohortScheme)
    course = lms.course(
        B("chapter", "ch", B("sequential", "s", B("vertical", "u", B("fee_training", "gate", B("html", "x"))))),
        run="2030", user_partitions=[authored], teams_partition_ids=[first + 1],
    )
    lms.request_for(None)
    partition = fee_partitions_of(course)["gate"]
    assert partition.id not in (first, first + 1, 50, 51)


def test_scheme_answers_from_the_ledger_with_one_query_for_all_partitions(lms, learner, django_assert_num_queries):
    course = lms.course(
        B("chapter", "ch", B("sequential", "s", B("vertical", "u",
          B("fee_training", "gate_a", B("html", "a")), B("fee_training", "gate_b", B("html", "b")),
          B("fee_training", "gate_c", B("html", "c"))))),
    )
    course.grant(learner, "gate_b")
    found = fee_partitions_of(course)
    lms.request_for(learner)
    with django_assert_num_queries(1):
        groups = get_user_partition_groups(course.key, list(found.values()), learner, "id")
    by_gate = {gate: groups[p.id].name for gate, p in found.items()}
    assert by_gate == {"gate_a": "Not paid", "gate_b": "Paid", "gate_c": "Not paid"}


def test_anonymous_users_are_unpaid(lms):
    course = paid_unit_course(lms)
    partition = fee_partitions_of(course)["gate"]
    from django.contrib.auth.models import AnonymousUser  # pylint: disable=import-outside-toplevel
    assert partition.scheme.get_group_for_user(course.key, AnonymousUser(), partition) == fee_partitions.UNPAID


def test_masquerade_as_a_group_a_generic_learner_and_a_specific_learner(lms, payer):
    course = paid_unit_course(lms)
    course.grant(payer, "gate")
    partition = fee_partitions_of(course)["gate"]
    staff = lms.user("staffer", is_staff=True)

    def group_as(**masquerade):
        """The group staff get while masquerading with these settings."""
        staff.masquerade_settings = {course.key: CourseMasquerade(course.key, **masquerade)}
        lms.request_for(staff)
        return partition.scheme.get_group_for_user(course.key, staff, partition)

    assert group_as(user_partition_id=partition.id, group_id=2) == fee_partitions.PAID
    assert group_as(user_partition_id=partition.id, group_id=1) == fee_partitions.UNPAID
    assert group_as() is None  # "Learner": in no group, so denied
    assert group_as(user_partition_id=partition.id + 1, group_id=2) is None  # another partition's group
    # As a specific learner: the learner's own ledger answer (read only).
    payer.masquerade_settings = {course.key: CourseMasquerade(course.key, user_name="payer")}
    assert partition.scheme.get_group_for_user(course.key, payer, partition) == fee_partitions.PAID
