"""Stand-in for lms/djangoapps/lms_xblock/mixin.py (P @ e57a655d77b614f19223984e9805b1fb940ab192).

Reproduced: `GroupAccessDict` (JSON keys become ints); the LmsBlockMixin fields
`group_access` (Scope.settings, default {}) and `visible_to_staff_only`;
`merged_group_access`, computed once per block instance from
``self.get_parent().merged_group_access``: parent rules are kept, a block's own
non-empty lists are intersected with the parent's for the same partition, an
empty intersection becomes False, and False stays False; and
`_get_user_partition(id)` through the 'partitions' service, raising
NoSuchUserPartitionError.
"""
from lazy import lazy
from xblock.core import XBlock, XBlockMixin
from xblock.fields import Boolean, Dict, Scope

from tests.support.lms.partitions import NoSuchUserPartitionError


class GroupAccessDict(Dict):
    """group_access serialisation: partition ids are ints in Python, strings in JSON."""

    def from_json(self, value):
        """JSON keys (strings) to int partition ids."""
        if value is not None:
            return {int(key): value[key] for key in value}
        return None

    def to_json(self, value):
        """Int partition ids to JSON keys."""
        if value is not None:
            return {str(key): value[key] for key in value}
        return None


@XBlock.needs("partitions")
class LmsBlockMixin(XBlockMixin):
    """Fields and access helpers every LMS block has."""

    visible_to_staff_only = Boolean(default=False, scope=Scope.settings)
    group_access = GroupAccessDict(default={}, scope=Scope.settings)

    @lazy
    def merged_group_access(self):
        """This block's group_access merged with its ancestors' (see module docstring)."""
        parent = self.get_parent()
        if not parent:
            return self.group_access or {}
        merged = parent.merged_group_access.copy()
        if self.group_access is not None:
            for partition_id, group_ids in self.group_access.items():
                if not group_ids:
                    continue
                if partition_id in merged:
                    if merged[partition_id] is False:
                        continue
                    merged[partition_id] = list(set(merged[partition_id]).intersection(group_ids)) or False
                else:
                    merged[partition_id] = group_ids
        return merged

    def _get_user_partition(self, user_partition_id):
        for partition in self.runtime.service(self, "partitions").course_partitions:
            if partition.id == user_partition_id:
                return partition
        raise NoSuchUserPartitionError(f"could not find a UserPartition with ID [{user_partition_id}]")
