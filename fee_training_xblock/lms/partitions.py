"""One user partition per gating block: the partition scheme and the dynamic partition generator.

Registered through entry points (setup.py), the way the platform registers
content type gating and enrollment tracks:

- `openedx.user_partition_scheme`: ``fee_training = ...:FeeTrainingPartitionScheme``
- `openedx.dynamic_partition_generator`: ``fee_training = ...:create_fee_training_partitions``

Each partition has two groups, UNPAID (1) and PAID (2), and the parameter
``fee_block`` naming its gating block. The field override (overrides.py) puts
``{partition id: [PAID]}`` on every block the gate closes, so the platform's own
access checks (has_access, the UserPartitionTransformer) hide those blocks from
everyone who is not in PAID. One partition per block, because a learner is in
exactly one group of a partition and may have paid for several blocks.

UNPAID and PAID are module attributes built on first use (PEP 562): they are
platform `Group` objects, and the platform cannot be imported before it runs.
"""
import logging

from django.utils.translation import gettext as _

from fee_training_xblock import compat
from fee_training_xblock.lms import course_tree, entitlement, rules

log = logging.getLogger(__name__)

SCHEME_NAME = "fee_training"
UNPAID_ID = 1
PAID_ID = 2
GATE_PARAMETER = "fee_block"
# Group names are not translated: they are stored in the block structure cache
# and shown as-is in the staff "View this course as" menu, like the CTG groups.
GROUP_NAMES = {UNPAID_ID: "Not paid", PAID_ID: "Paid"}
# Fixed ids the platform's own partitions use (enrollment track, content type gating).
PLATFORM_PARTITION_IDS = frozenset({50, 51})

_GROUPS = {}


def __getattr__(name):
    """Build the module-level groups UNPAID and PAID once, from the platform's Group class."""
    ids = {"UNPAID": UNPAID_ID, "PAID": PAID_ID}
    if name not in ids:
        raise AttributeError(name)
    group_id = ids[name]
    if group_id not in _GROUPS:
        _GROUPS[group_id] = compat.make_group(group_id, GROUP_NAMES[group_id])
    return _GROUPS[group_id]


def fee_groups():
    """[UNPAID, PAID]: the groups of every fee partition."""
    return [__getattr__("UNPAID"), __getattr__("PAID")]


class FeeTrainingPartitionScheme:
    """Places a learner in PAID or UNPAID for one gating block, from the ledger (read only)."""

    name = SCHEME_NAME  # UserPartition.get_scheme sets it too; MasqueradeView reads it
    read_only = True  # partitions are generated, never authored or imported from OLX

    @classmethod
    def get_group_for_user(cls, course_key, user, user_partition, **kwargs):  # pylint: disable=unused-argument
        """The partition's PAID or UNPAID group for this learner, or None ("in no group": denied).

        Staff masquerading as a generic learner get the group they chose (None
        when they chose none); masquerading as a specific learner answers for
        that learner. Only reads the ledger: never bills, never grants.
        """
        gate_key = (user_partition.parameters or {}).get(GATE_PARAMETER)
        if not gate_key:
            return None
        if compat.course_masquerade(user, course_key) and not compat.is_masquerading_as_specific_student(
            user, course_key
        ):
            return compat.masquerading_user_group(course_key, user, user_partition)
        paid = gate_key in entitlement.granted_gate_keys(course_key, user)
        return user_partition.get_group(PAID_ID if paid else UNPAID_ID)

    @classmethod
    def create_user_partition(
        cls, id, name, description, groups=None, parameters=None, active=True,  # pylint: disable=redefined-builtin
    ):  # pylint: disable=unused-argument
        """A UserPartition of this scheme with the UNPAID/PAID groups, always active."""
        return compat.make_user_partition(id, str(name), str(description), fee_groups(), cls, parameters or {})


def taken_partition_ids(course):
    """Partition ids the course already uses: authored partitions, team-set partitions, platform ones."""
    taken = set(PLATFORM_PARTITION_IDS)
    taken.update(partition.id for partition in (getattr(course, "user_partitions", None) or []))
    teams = getattr(course, "teams_configuration", None)
    for team_set in getattr(teams, "teamsets", None) or []:
        if getattr(team_set, "user_partition_id", None) is not None:
            taken.add(team_set.user_partition_id)
    return taken


def partition_ids(course_key, course=None):
    """{gate key: partition id} for the course, the same in the generator and the field override."""
    course_key = course_tree.as_course_key(course_key)
    cache = compat.request_cache(course_tree.CACHE_NAMESPACE)
    cache_key = ("partition_ids", str(course_key))
    if cache_key not in cache:
        gates = course_tree.course_gates(course_key)
        if course is None and gates:
            course = compat.get_course(course_key)
        taken = taken_partition_ids(course) if course is not None else set(PLATFORM_PARTITION_IDS)
        cache[cache_key] = rules.assign_partition_ids([gate.key for gate in gates], taken)
    return cache[cache_key]


def build_partition(scheme, course_key, gate, partition_id):
    """The partition of one gating block."""
    return scheme.create_user_partition(
        id=partition_id,
        name=_("Paid content: {title}").format(title=gate.title or gate.key),
        description=_("Learners who have paid for this content"),
        parameters={"course_id": str(course_key), GATE_PARAMETER: gate.key},
    )


def create_fee_training_partitions(course):
    """Dynamic partition generator: a list with one partition per gating block of `course` (may be empty).

    The platform's `_get_dynamic_partitions` extends its list with a list return
    (xmodule/partitions/partitions_service.py).
    """
    scheme = compat.partition_scheme(SCHEME_NAME)
    if scheme is None:
        return []
    course_key = course_tree.as_course_key(course.id)
    ids = partition_ids(course_key, course)
    return [build_partition(scheme, course_key, gate, ids[gate.key]) for gate in course_tree.course_gates(course_key)]


def partition_for_gate(course_key, gate):
    """The partition of `gate` as the generator builds it (for masquerade lookups outside a course walk)."""
    scheme = compat.partition_scheme(SCHEME_NAME) or FeeTrainingPartitionScheme
    return build_partition(scheme, course_key, gate, partition_ids(course_key)[gate.key])
