"""Stand-in for lms/djangoapps/courseware/field_overrides.py (P @ e57a655d77b614f19223984e9805b1fb940ab192).

Reproduced: the NOTSET sentinel; `resolve_dotted`; `disable_overrides()`;
`FieldOverrideProvider(user, fallback_field_data)` with abstract `get(block, name,
default)` and `enabled_for`; `OverrideFieldData` whose `get_override` asks the
providers in order and returns the first answer that is not NOTSET, whose `get`
falls back to the wrapped field data, and whose `has` is true when a provider
answers; and `OverrideModulestoreFieldData.wrap(block, field_data)`, which resolves
MODULESTORE_FIELD_OVERRIDE_PROVIDERS once (class attribute `provider_classes`),
filters them with `enabled_for(block)` cached per course for the request, returns
the field data unwrapped when none is enabled, and builds providers with user None.
The inheritance handling of `has`/`default` is kept for the fields listed in
INHERITABLE (group_access is not inheritable in the LMS either).
"""
import threading
from abc import ABCMeta, abstractmethod
from contextlib import contextmanager

from django.conf import settings
from xblock.field_data import FieldData

from tests.support.lms.request_cache import DEFAULT_REQUEST_CACHE

NOTSET = object()
ENABLED_MODULESTORE_OVERRIDE_PROVIDERS_KEY = "lms.djangoapps.courseware.modulestore_field_overrides.enabled_providers.{course_id}"
# A subset of xmodule.modulestore.inheritance.InheritanceMixin's fields, enough for these tests.
INHERITABLE = ("start", "due", "visible_to_staff_only", "graded", "format")


def resolve_dotted(name):
    """The object named by a dotted path (module attributes included)."""
    names = name.split(".")
    path = names.pop(0)
    target = __import__(path)
    while names:
        segment = names.pop(0)
        path += "." + segment
        try:
            target = getattr(target, segment)
        except AttributeError:
            __import__(path)
            target = getattr(target, segment)
    return target


def _lineage(block):
    parent = block.get_parent()
    while parent:
        yield parent
        parent = parent.get_parent()


class _OverridesDisabled(threading.local):
    disabled = ()


_OVERRIDES_DISABLED = _OverridesDisabled()


@contextmanager
def disable_overrides():
    """Read original values inside the block."""
    previous = _OVERRIDES_DISABLED.disabled
    _OVERRIDES_DISABLED.disabled += (True,)
    try:
        yield
    finally:
        _OVERRIDES_DISABLED.disabled = previous


def overrides_disabled():
    """True inside disable_overrides()."""
    return bool(_OVERRIDES_DISABLED.disabled)


class FieldOverrideProvider(metaclass=ABCMeta):
    """The provider interface."""

    def __init__(self, user, fallback_field_data):
        self.user = user
        self.fallback_field_data = fallback_field_data

    @abstractmethod
    def get(self, block, name, default):
        """The override, or `default`."""

    @abstractmethod
    def enabled_for(self, course):
        """Whether the provider applies."""


class OverrideFieldData(FieldData):
    """Field data overridden by providers, first answer wins."""

    provider_classes = None

    @classmethod
    def wrap(cls, user, course, wrapped):
        """`wrapped` with the user-level FIELD_OVERRIDE_PROVIDERS enabled for `course`, or unchanged."""
        if cls.provider_classes is None:
            cls.provider_classes = tuple(resolve_dotted(name) for name in getattr(settings, "FIELD_OVERRIDE_PROVIDERS", ()))
        enabled = tuple(provider for provider in cls.provider_classes if provider.enabled_for(course))
        return cls(user, wrapped, enabled) if enabled else wrapped

    def __init__(self, user, fallback, providers):  # pylint: disable=super-init-not-called
        self.fallback = fallback
        self.providers = tuple(provider(user, fallback) for provider in providers)

    def get_override(self, block, name):
        """The first provider answer that is not NOTSET, or NOTSET."""
        if not overrides_disabled():
            for provider in self.providers:
                value = provider.get(block, name, NOTSET)
                if value is not NOTSET:
                    return value
        return NOTSET

    def get(self, block, name):
        """The override, else the wrapped value."""
        value = self.get_override(block, name)
        return self.fallback.get(block, name) if value is NOTSET else value

    def set(self, block, name, value):
        """Writes go to the wrapped field data."""
        self.fallback.set(block, name, value)

    def delete(self, block, name):
        """Deletes go to the wrapped field data."""
        self.fallback.delete(block, name)

    def has(self, block, name):
        """True when a provider answers or the wrapped data has the field."""
        if not self.providers:
            return self.fallback.has(block, name)
        has = self.get_override(block, name)
        if has is NOTSET and name in INHERITABLE:
            for ancestor in _lineage(block):
                if self.get_override(ancestor, name) is not NOTSET:
                    return False
        return has is not NOTSET or self.fallback.has(block, name)

    def set_many(self, block, update_dict):
        """Writes go to the wrapped field data."""
        return self.fallback.set_many(block, update_dict)

    def default(self, block, name):
        """An inheritable field's override from an ancestor, else the wrapped default."""
        if self.providers and not overrides_disabled() and name in INHERITABLE:
            for ancestor in _lineage(block):
                value = self.get_override(ancestor, name)
                if value is not NOTSET:
                    return value
        return self.fallback.default(block, name)


class OverrideModulestoreFieldData(OverrideFieldData):
    """Modulestore-level overrides: no user."""

    provider_classes = None

    @classmethod
    def wrap(cls, block, field_data):  # pylint: disable=arguments-differ
        """`field_data` wrapped by the enabled MODULESTORE_FIELD_OVERRIDE_PROVIDERS, or unchanged."""
        if cls.provider_classes is None:
            cls.provider_classes = [resolve_dotted(name) for name in settings.MODULESTORE_FIELD_OVERRIDE_PROVIDERS]
        enabled = cls._providers_for_block(block)
        return cls(field_data, enabled) if enabled else field_data

    @classmethod
    def _providers_for_block(cls, block):
        cache_key = ENABLED_MODULESTORE_OVERRIDE_PROVIDERS_KEY.format(course_id=str(block.location.course_key))
        enabled = DEFAULT_REQUEST_CACHE.data.get(cache_key)
        if enabled is None:
            enabled = [provider for provider in cls.provider_classes if provider.enabled_for(block)]
            DEFAULT_REQUEST_CACHE.data[cache_key] = enabled
        return enabled

    def __init__(self, fallback, providers):
        super().__init__(None, fallback, providers)
