"""Stand-in for xmodule/partitions/partitions.py (P @ e57a655d77b614f19223984e9805b1fb940ab192).

Reproduced: the id constants; the error classes and their hierarchy; `Group` as a
namedtuple ``(id, name)`` whose equality compares both fields, with to_json; and
`UserPartition` as a namedtuple ``(id name description groups scheme parameters active)``
built by ``UserPartition(id, name, description, groups, scheme=None, parameters=None,
active=True, scheme_id='random')``, whose `get_scheme(name)` loads the scheme from the
stevedore namespace ``openedx.user_partition_scheme`` (so the plugin's real entry
point is used), sets ``scheme.name`` and raises UserPartitionError for an unknown
name; `get_group` raises NoSuchUserPartitionGroupError; `access_denied_message` and
`access_denied_fragment` answer None; `to_json` reads ``scheme.name``; and
`get_partition_from_id`.
"""
from collections import namedtuple

from stevedore.extension import ExtensionManager

ENROLLMENT_TRACK_PARTITION_ID = 50
CONTENT_GATING_PARTITION_ID = 51  # defined in openedx/features/content_type_gating/helpers.py in the LMS
MINIMUM_UNUSED_PARTITION_ID = 100
USER_PARTITION_SCHEME_NAMESPACE = "openedx.user_partition_scheme"


class UserPartitionError(Exception):
    """Base error about user partitions."""


class NoSuchUserPartitionError(UserPartitionError):
    """No partition with that id."""


class NoSuchUserPartitionGroupError(UserPartitionError):
    """No group with that id in the partition."""


class ReadOnlyUserPartitionError(UserPartitionError):
    """The partition's scheme is read only (it cannot be loaded from course content)."""


class Group(namedtuple("Group", "id name")):
    """A group of learners within a partition; the id is coerced to int."""

    VERSION = 1

    def __new__(cls, id, name):  # pylint: disable=redefined-builtin
        return super().__new__(cls, int(id), name)

    def to_json(self):
        """The serialised group."""
        return {"id": self.id, "name": self.name, "version": Group.VERSION}


class UserPartition(namedtuple("UserPartition", "id name description groups scheme parameters active")):
    """A named way of splitting a course's learners into groups."""

    VERSION = 3
    VERSION_1_SCHEME = "random"
    scheme_extensions = None

    def __new__(cls, id, name, description, groups, scheme=None, parameters=None, active=True,  # pylint: disable=redefined-builtin
                scheme_id=VERSION_1_SCHEME):
        if not scheme:
            scheme = UserPartition.get_scheme(scheme_id)
        return super().__new__(cls, int(id), name, description, groups, scheme, parameters or {}, active)

    @staticmethod
    def get_scheme(name):
        """The scheme registered under `name` in the stevedore namespace; sets its `name`."""
        if not UserPartition.scheme_extensions:
            UserPartition.scheme_extensions = ExtensionManager(namespace=USER_PARTITION_SCHEME_NAMESPACE)
        try:
            scheme = UserPartition.scheme_extensions[name].plugin  # pylint: disable=unsubscriptable-object
        except KeyError as exc:
            raise UserPartitionError(f"Unrecognized scheme '{name}'") from exc
        scheme.name = name
        return scheme

    def to_json(self):
        """The serialised partition (what an exported course would hold)."""
        return {
            "id": self.id, "name": self.name, "scheme": self.scheme.name, "description": self.description,
            "parameters": self.parameters, "groups": [group.to_json() for group in self.groups],
            "active": bool(self.active), "version": UserPartition.VERSION,
        }

    def get_group(self, group_id):
        """The group with this id, or NoSuchUserPartitionGroupError."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise NoSuchUserPartitionGroupError(f"No group {group_id} in partition {self.id}")

    def access_denied_message(self, block_key, user, user_group, allowed_groups):  # pylint: disable=unused-argument
        """None: no message, so the transformer removes denied blocks."""
        return None

    def access_denied_fragment(self, block, user, user_group, allowed_groups):  # pylint: disable=unused-argument
        """None: no fragment."""
        return None


def get_partition_from_id(partitions, user_partition_id):
    """The partition with this id among `partitions`, or None."""
    for partition in partitions:
        if partition.id == user_partition_id:
            return partition
    return None
