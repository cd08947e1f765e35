"""Stand-in for xmodule/partitions/partitions_service.py (P @ e57a655d) and the generator plugin manager.

Also serves openedx/core/lib/dynamic_partitions_generators.py (E @ 2a48563a):
`DynamicPartitionGeneratorsPluginManager` with NAMESPACE
``openedx.dynamic_partition_generator``, an edx-django-utils `PluginManager`
(edx_django_utils/plugins/plugin_manager.py @ 1e645e9a) that loads every entry
point of the namespace with stevedore -- the plugin's real generator included.

Reproduced: `get_all_partitions_for_course(course, active_only=False)` =
``course.user_partitions`` + generated partitions; `_get_dynamic_partitions` skips
falsy answers, extends with a list answer and appends anything else;
`get_user_partition_groups(course_key, partitions, user, partition_dict_key='name')`
calls ``scheme.get_group_for_user(course_key, user, partition)`` and leaves out
partitions where the user is in no group; `PartitionService(course_id, cache=None,
course=None)` with `course_partitions`, `get_user_partition` and `get_group(user,
user_partition, assign=True)`. The @request_cached decorator is left out (the
plugin caches its own work per request).
"""
from stevedore.extension import ExtensionManager

from tests.support.lms.partitions import get_partition_from_id


class DynamicPartitionGeneratorsPluginManager:
    """The generators registered in the ``openedx.dynamic_partition_generator`` namespace."""

    NAMESPACE = "openedx.dynamic_partition_generator"

    @classmethod
    def get_available_plugins(cls):
        """{entry point name: loaded generator}, in stevedore's order."""
        manager = ExtensionManager(namespace=cls.NAMESPACE)
        return {name: manager[name].plugin for name in manager.names()}


def _get_dynamic_partitions(course):
    generated = []
    for generator in DynamicPartitionGeneratorsPluginManager.get_available_plugins().values():
        answer = generator(course)
        if answer:
            if isinstance(answer, list):
                generated.extend(answer)
            else:
                generated.append(answer)
    return generated


def get_all_partitions_for_course(course, active_only=False):
    """The course's own partitions followed by the generated ones."""
    partitions = list(course.user_partitions) + _get_dynamic_partitions(course)
    if active_only:
        partitions = [partition for partition in partitions if partition.active]
    return partitions


def get_user_partition_groups(course_key, user_partitions, user, partition_dict_key="name"):
    """{partition attribute: group} for every partition where the user is in a group."""
    groups = {}
    for partition in user_partitions:
        group = partition.scheme.get_group_for_user(course_key, user, partition)
        if group is not None:
            groups[getattr(partition, partition_dict_key)] = group
    return groups


class PartitionService:
    """The 'partitions' XBlock service."""

    def __init__(self, course_id, cache=None, course=None):
        self._course_id = course_id
        self._cache = cache
        self.course = course

    def get_course(self):
        """The course block (from the modulestore unless given)."""
        from tests.support.lms.modulestore import modulestore  # pylint: disable=import-outside-toplevel

        return self.course or modulestore().get_course(self._course_id)

    @property
    def course_partitions(self):
        """All partitions of the course, active or not."""
        course = self.get_course()
        return get_all_partitions_for_course(course) if course else []

    def get_user_partition(self, user_partition_id):
        """The partition with this id, or None."""
        return get_partition_from_id(self.course_partitions, user_partition_id)

    def get_group(self, user, user_partition, assign=True):
        """The user's group in the partition."""
        return user_partition.scheme.get_group_for_user(self._course_id, user, user_partition, assign=assign)
