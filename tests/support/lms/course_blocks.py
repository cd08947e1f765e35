"""Stand-in for course block structures: collect once, transform per user.

Follows lms/djangoapps/course_blocks/transformers/user_partitions.py (P @ e57a655d):
`UserPartitionTransformer.collect` stores ``get_all_partitions_for_course(root,
active_only=True)`` and, in topological order, each block's `_MergedGroupAccess`
(the block's own group_access -- read only when ``is_set_on`` the block, as
transformers/utils.get_field_on_block does -- intersected with the union over parent
chains; partitions unknown to the course are ignored); `transform` does nothing for
``has_access(user, 'staff', course_key)``, computes
``get_user_partition_groups(course_key, partitions, user, 'id')``, and removes
(``keep_descendants=False``) every block denied by a partition without an
access_denied_message, comparing group *ids*.
lms/djangoapps/course_blocks/api.py (P @ e57a655d): `get_course_blocks(user,
starting_block_usage_key)` = the collected structure transformed for the user.
openedx/core/djangoapps/content/block_structure: the collected structure is cached
per course (pickled, like the stored cache) until `update_course_in_cache` /
`clear_course_from_cache` -- a course collected before the plugin was installed
keeps its old group_access until then. Only the user-partition transformer runs
here (start dates, visibility and the others are not modelled).
lms/djangoapps/course_api/blocks/api.py: `get_blocks` returns the transformed
blocks with ``student_view_data`` for the requested types (collected data).
"""
import copy
import pickle

from tests.support.lms.access import has_access
from tests.support.lms.modulestore import modulestore
from tests.support.lms.partitions_service import (
    get_all_partitions_for_course,
    get_partition_from_id,
    get_user_partition_groups,
)

_COLLECTED = {}


class BlockStructure:
    """Keys, parents, children, collected fields and transformer data of a course."""

    def __init__(self, root_block_usage_key):
        self.root_block_usage_key = root_block_usage_key
        self.children, self.parents, self.fields, self.transformer_data, self.block_data = {}, {}, {}, {}, {}
        self._xblocks = {}

    def get_xblock(self, key):
        """The modulestore block (collect phase only)."""
        return self._xblocks[key]

    def get_parents(self, key):
        """Parent keys."""
        return self.parents.get(key, [])

    def topological_traversal(self):
        """Keys, parents before children."""
        order, seen, stack = [], set(), [self.root_block_usage_key]
        while stack:
            key = stack.pop(0)
            if key in seen or key not in self.children:
                continue
            if any(parent not in seen for parent in self.get_parents(key)):
                stack.append(key)
                continue
            seen.add(key)
            order.append(key)
            stack.extend(self.children[key])
        return order

    def set_transformer_data(self, transformer, name, value):
        """Store course-wide data of a transformer."""
        self.transformer_data[(transformer.name(), name)] = value

    def get_transformer_data(self, transformer, name):
        """Course-wide data of a transformer."""
        return self.transformer_data.get((transformer.name(), name))

    def set_transformer_block_field(self, key, transformer, name, value):
        """Store per-block data of a transformer."""
        self.block_data[(key, transformer.name(), name)] = value

    def get_transformer_block_field(self, key, transformer, name, default=None):
        """Per-block data of a transformer."""
        return self.block_data.get((key, transformer.name(), name), default)

    def remove_block(self, key, keep_descendants):
        """Drop a block (and, without keep_descendants, everything below it)."""
        for child in list(self.children.get(key, [])):
            if not keep_descendants:
                self.remove_block(child, False)
        for parent in self.get_parents(key):
            if parent in self.children:
                self.children[parent] = [child for child in self.children[parent] if child != key]
        self.children.pop(key, None)

    def override_xblock_field(self, key, name, value):
        """Set a collected field for this structure."""
        self.fields.setdefault(key, {})[name] = value

    def get_xblock_field(self, key, name, default=None):
        """A collected field."""
        return self.fields.get(key, {}).get(name, default)

    def get_block_keys(self):
        """Every key still in the structure."""
        return list(self.children)

    def __contains__(self, key):
        return key in self.children


class _MergedGroupAccess:
    """Group access of a block merged over all its parent chains (see module docstring)."""

    def __init__(self, user_partitions, xblock, merged_parent_access_list):
        self._access = {}
        field = xblock.fields["group_access"]
        own = xblock.group_access if field.is_set_on(xblock) else {}
        for partition in user_partitions:
            parent_ids = None
            if merged_parent_access_list:
                parent_ids = set()
                for parent_access in merged_parent_access_list:
                    if partition.id in parent_access._access:  # pylint: disable=protected-access
                        parent_ids.update(parent_access._access[partition.id])  # pylint: disable=protected-access
                    else:
                        parent_ids = None
                        break
            own_ids = set((own or {}).get(partition.id) or []) or None
            known = [ids for ids in (own_ids, parent_ids) if ids is not None]
            if known:
                self._access[partition.id] = known[0].intersection(*known[1:])

    def get_allowed_groups(self):
        """{partition id: allowed group ids}."""
        return self._access

    def get_access_denying_partitions(self, user_groups):
        """Partitions where the user is in no allowed group."""
        return [
            partition_id for partition_id, allowed in self._access.items()
            if partition_id not in user_groups or user_groups[partition_id].id not in allowed
        ]


class UsageInfo:
    """lms/djangoapps/course_blocks/usage_info.py: who the structure is transformed for."""

    def __init__(self, course_key, user):
        self.course_key, self.user = course_key, user


class UserPartitionTransformer:
    """Removes blocks the user has no group access to."""

    @classmethod
    def name(cls):
        """The transformer's registered name."""
        return "user_partitions"

    @classmethod
    def collect(cls, block_structure):
        """Store partitions and merged group access per block."""
        root = block_structure.get_xblock(block_structure.root_block_usage_key)
        partitions = get_all_partitions_for_course(root, active_only=True)
        block_structure.set_transformer_data(cls, "user_partitions", partitions)
        if not partitions:
            return
        for key in block_structure.topological_traversal():
            parents = [block_structure.get_transformer_block_field(parent, cls, "merged_group_access")
                       for parent in block_structure.get_parents(key)]
            merged = _MergedGroupAccess(partitions, block_structure.get_xblock(key), parents)
            block_structure.set_transformer_block_field(key, cls, "merged_group_access", merged)

    def transform(self, usage_info, block_structure):
        """Remove blocks the user has no group access to."""
        if has_access(usage_info.user, "staff", usage_info.course_key):
            return
        partitions = block_structure.get_transformer_data(self, "user_partitions")
        if not partitions:
            return
        user_groups = get_user_partition_groups(usage_info.course_key, partitions, usage_info.user, "id")
        for key in block_structure.topological_traversal():
            merged = block_structure.get_transformer_block_field(key, self, "merged_group_access")
            if merged is None:
                continue
            reasons, messages = [], []
            for partition_id in merged.get_access_denying_partitions(user_groups):
                partition = get_partition_from_id(partitions, partition_id)
                if partition:
                    allowed = merged.get_allowed_groups()[partition.id]
                    message = partition.access_denied_message(key, usage_info.user, user_groups.get(partition.id), allowed)
                    reasons.append(partition.name)
                    if message:
                        messages.append(message)
            if reasons and not messages:
                block_structure.remove_block(key, keep_descendants=False)
            elif reasons:
                block_structure.override_xblock_field(key, "authorization_denial_reason", reasons[0])
                block_structure.override_xblock_field(key, "authorization_denial_message", messages[0])


def _collect(course_key):
    store = modulestore()
    store.new_request()  # collect runs on unbound modulestore blocks
    root_key = store.make_course_usage_key(course_key)
    structure = BlockStructure(root_key)
    pending = [root_key]
    while pending:
        key = pending.pop(0)
        block = store.get_item(key)
        structure._xblocks[key] = block  # pylint: disable=protected-access
        children = list(getattr(block, "children", None) or []) if block.has_children else []
        structure.children[key] = children
        for child in children:
            structure.parents.setdefault(child, []).append(key)
        fields = {"type": key.block_type, "display_name": block.display_name, "has_score": getattr(block, "has_score", False),
                  "weight": getattr(block, "weight", None)}
        if hasattr(block, "student_view_data"):
            fields["student_view_data"] = block.student_view_data()
        structure.fields[key] = fields
        pending.extend(children)
    UserPartitionTransformer.collect(structure)
    structure._xblocks = {}  # pylint: disable=protected-access
    return pickle.dumps(structure)  # stored pickled, like the block structure cache


def update_course_in_cache(course_key):
    """Recollect the course (what publishing or `generate_course_blocks` does)."""
    _COLLECTED[str(course_key)] = _collect(course_key)


def clear_course_from_cache(course_key):
    """Drop the cached structure; the next request collects again."""
    _COLLECTED.pop(str(course_key), None)


def get_course_blocks(user, starting_block_usage_key, transformers=None, collected_block_structure=None):  # pylint: disable=unused-argument
    """The course structure as `user` may see it."""
    course_key = starting_block_usage_key.course_key
    if str(course_key) not in _COLLECTED:
        update_course_in_cache(course_key)
    structure = pickle.loads(_COLLECTED[str(course_key)])
    UserPartitionTransformer().transform(UsageInfo(course_key, user), structure)
    return structure


def get_blocks(user, course_key, student_view_data=()):
    """The blocks API answer: {'root': key, 'blocks': {key: {...}}} with student_view_data for the given types."""
    structure = get_course_blocks(user, modulestore().make_course_usage_key(course_key))
    blocks = {}
    for key in structure.get_block_keys():
        entry = {"id": str(key), "type": key.block_type, "display_name": structure.get_xblock_field(key, "display_name"),
                 "children": [str(child) for child in structure.children[key]]}
        if key.block_type in student_view_data and structure.get_xblock_field(key, "student_view_data") is not None:
            entry["student_view_data"] = copy.deepcopy(structure.get_xblock_field(key, "student_view_data"))
        blocks[str(key)] = entry
    return {"root": str(structure.root_block_usage_key), "blocks": blocks}
