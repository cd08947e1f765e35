"""Stand-in for the LMS modulestore: xmodule/modulestore/django.py, mixed.py, exceptions.py and the split runtime.

Sources (P @ e57a655d unless noted): xmodule/modulestore/mixed.py (`get_item(usage_key,
depth=0)`, `get_items(course_key, qualifiers={'category': ...})`, `get_course`, keys
returned without branch or version); xmodule/modulestore/exceptions.py
(ItemNotFoundError); the split runtime, which keeps each block's field data apart and
applies every XBLOCK_FIELD_DATA_WRAPPERS entry ("module:attr" paths loaded when the
modulestore is created) as ``wrapper(block, field_data)`` when a block is loaded, and
whose KVS answers the Scope.parent field with the parent's key
(split_mongo/split_mongo_kvs.py); and xmodule/x_module.py (P @ 68a5285b)
`ModuleStoreRuntime.get_block`, which passes each loaded block through
``runtime.get_block_for_descriptor`` once a user is bound -- so get_parent() and
get_children() of a bound block are access-checked and may yield None.

Courses are built from `Spec` trees (tests/support/lms/harness.py). Block instances
live for one simulated request: `new_request()` starts a fresh runtime.
"""
import importlib

from django.conf import settings
from xblock.field_data import FieldData
from xblock.fields import ScopeIds
from xblock.runtime import IdReader, Runtime

from tests.support.lms.lms_mixin import LmsBlockMixin


class ItemNotFoundError(Exception):
    """No block with that key."""


def load_function(path):
    """The object named by 'module:attr.attr' (how the modulestore reads XBLOCK_FIELD_DATA_WRAPPERS)."""
    module_path, _, attributes = path.partition(":")
    target = importlib.import_module(module_path)
    for attribute in attributes.split("."):
        target = getattr(target, attribute)
    return target


class AuthoredFieldData(FieldData):
    """The course content and settings of every block (the role of split's KVS)."""

    def __init__(self, values):
        self._values = values

    def get(self, block, name):
        """The stored value, or KeyError."""
        values = self._values[block.scope_ids.usage_id]
        if name not in values:
            raise KeyError(name)
        return values[name]

    def set(self, block, name, value):
        """Store a value."""
        self._values[block.scope_ids.usage_id][name] = value

    def delete(self, block, name):
        """Forget a value."""
        self._values[block.scope_ids.usage_id].pop(name, None)

    def has(self, block, name):
        """True when the value is stored (parent always is)."""
        return name in self._values[block.scope_ids.usage_id]


class _KeyReader(IdReader):
    def get_definition_id(self, usage_id):
        """Definitions are keyed by usage key here."""
        return usage_id

    def get_block_type(self, def_id):
        """The type from the key."""
        return def_id.block_type

    def get_usage_id_from_aside(self, aside_id):
        """The wrapped block's usage key."""
        return aside_id.usage_key

    def get_definition_id_from_aside(self, aside_id):
        """The wrapped block's definition key."""
        return aside_id.definition_key

    def get_aside_type_from_usage(self, aside_id):
        """The aside's type."""
        return aside_id.aside_type

    def get_aside_type_from_definition(self, aside_id):
        """The aside's type."""
        return aside_id.aside_type


class ModuleStoreRuntime(Runtime):
    """The runtime of modulestore blocks, shared by every block of a request."""

    def __init__(self, store):
        super().__init__(id_reader=_KeyReader(), id_generator=None, mixins=(LmsBlockMixin,))
        self.store = store
        self._blocks = {}
        self.get_block_for_descriptor = None
        self.bound_user_id = None
        self.events = []

    def load_block_type(self, block_type):
        """The stand-in class for a block type."""
        from tests.support.lms.blocks import BLOCK_CLASSES  # pylint: disable=import-outside-toplevel

        return BLOCK_CLASSES[block_type]

    def load_item(self, usage_key, for_parent=None):
        """The unbound block for `usage_key` (one instance per request)."""
        if usage_key in self._blocks:
            return self._blocks[usage_key]
        if usage_key not in self.store.values:
            raise ItemNotFoundError(usage_key)
        block_class = self.mixologist.mix(self.load_block_type(usage_key.block_type))
        block = block_class(self, scope_ids=ScopeIds(None, usage_key.block_type, usage_key, usage_key), for_parent=for_parent)
        # Saved before wrapping: wrappers may read fields while deciding whether to wrap.
        block.unbound_field_data = AuthoredFieldData(self.store.values)
        for wrapper in self.store.wrappers:
            block.unbound_field_data = wrapper(block, block.unbound_field_data)
        self._blocks[usage_key] = block
        return block

    def get_block(self, usage_id, for_parent=None):
        """The block, passed through get_block_for_descriptor once a user is bound."""
        block = self.load_item(usage_id, for_parent=for_parent)
        if self.get_block_for_descriptor:
            return self.get_block_for_descriptor(block)
        return block

    def service(self, block, service_name):
        """Field data per block (bound if bound), other services as declared."""
        if service_name == "field-data":
            return getattr(block, "_bound_field_data", None) or block.unbound_field_data
        if service_name == "field-data-unbound":
            return block.unbound_field_data
        return super().service(block, service_name)

    def applicable_aside_types(self, block):
        """No asides here."""
        return []

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        """The LMS handler URL shape."""
        kind = "handler_noauth" if thirdparty else "handler"
        course = block.scope_ids.usage_id.course_key
        return f"/courses/{course}/xblock/{block.scope_ids.usage_id}/{kind}/{handler_name}/{suffix}"

    def local_resource_url(self, block, uri):
        """Resources are not served here."""
        return uri

    def resource_url(self, resource):
        """Resources are not served here."""
        return resource

    def publish(self, block, event_type, event_data):
        """Record the event (grades are not modelled)."""
        self.events.append((block.scope_ids.usage_id, event_type, event_data))


class ModuleStore:
    """Courses in memory, read through the modulestore API the LMS code uses."""

    def __init__(self):
        self.values = {}
        self.wrappers = [load_function(path) for path in getattr(settings, "XBLOCK_FIELD_DATA_WRAPPERS", ())]
        self.runtime = ModuleStoreRuntime(self)

    def new_request(self):
        """Fresh block instances, as for a new request."""
        self.runtime = ModuleStoreRuntime(self)

    @staticmethod
    def _strip(key):
        return key.for_branch(None) if hasattr(key, "for_branch") else key

    def make_course_usage_key(self, course_key):
        """The course root's usage key."""
        return course_key.make_usage_key("course", "course")

    def get_item(self, usage_key, depth=0, **kwargs):  # pylint: disable=unused-argument
        """The block, unbound and not access-checked; ItemNotFoundError if unknown."""
        return self.runtime.load_item(self._strip(usage_key))

    def get_items(self, course_key, qualifiers=None, **kwargs):  # pylint: disable=unused-argument
        """Blocks of the course, filtered by qualifiers={'category': block_type}."""
        category = (qualifiers or {}).get("category")
        course_key = self._strip(course_key)
        return [
            self.runtime.load_item(key) for key in list(self.values)
            if key.course_key == course_key and (category is None or key.block_type == category)
        ]

    def get_course(self, course_key, depth=0, **kwargs):  # pylint: disable=unused-argument
        """The course block, or None."""
        try:
            return self.get_item(self.make_course_usage_key(self._strip(course_key)))
        except ItemNotFoundError:
            return None


_STORE = {}


def modulestore():
    """The modulestore singleton (created on first use from the current settings)."""
    if "store" not in _STORE:
        _STORE["store"] = ModuleStore()
    return _STORE["store"]


def reset_modulestore():
    """Drop the singleton (settings changed)."""
    _STORE.clear()
