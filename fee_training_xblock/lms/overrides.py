"""A modulestore-level field override that restricts what a paid block closes to its PAID group.

Registered first in `MODULESTORE_FIELD_OVERRIDE_PROVIDERS` (settings/lms.py), so
it applies to every block the modulestore loads in the LMS, for every user: the
has_access check of handlers and render_xblock, and the block-structure collect
behind the blocks API, grades, search filtering and completion.

It implements the interface of `FieldOverrideProvider`
(lms/djangoapps/courseware/field_overrides.py) without inheriting from it, so
importing this module needs no edx-platform: `__init__(user, fallback_field_data)`,
`get(block, name, default)`, classmethod `enabled_for(block)`.

`OverrideFieldData.get_override` asks providers in order and takes the first
answer that is not its NOTSET, so the providers after this one never run when it
answers. It therefore answers with what they would have answered (or the
authored value) plus its own partitions -- content type gating keeps working on
graded problems inside a paid block.

Every closed block carries the partitions of all gates that close it, not only
the top of the closed region: the LMS merges parents' group_access through
`get_parent()`, which returns None for a parent the learner may not load, so
inheritance alone would leave grandchildren open to a direct handler call.
"""
import logging

from django.conf import settings
from django.utils.module_loading import import_string

from fee_training_xblock.lms import course_tree, partitions

log = logging.getLogger(__name__)

FIELD_NAME = "group_access"
SETTING_NAME = "MODULESTORE_FIELD_OVERRIDE_PROVIDERS"
_NO_ANSWER = object()


def provider_path():
    """The dotted path of this provider, as it appears in the setting."""
    return f"{FeeGateFieldOverride.__module__}.{FeeGateFieldOverride.__name__}"


class FeeGateFieldOverride:
    """Adds `{partition id: [PAID]}` to `group_access` of every block a gating block closes."""

    _later_classes = None  # resolved once, like OverrideModulestoreFieldData.provider_classes

    def __init__(self, user, fallback_field_data):
        self.user = user  # None at the modulestore level
        self.fallback_field_data = fallback_field_data
        self._later = None

    @classmethod
    def enabled_for(cls, course_or_block):  # pylint: disable=unused-argument
        """Always on: the platform caches this answer per course for the request, so it must not vary by block."""
        return True

    def get(self, block, name, default):
        """The overridden group_access of `block`, or `default` when no gate closes it."""
        if name != FIELD_NAME:
            return default
        field = getattr(block, "fields", {}).get(FIELD_NAME)
        if field is None:
            return default
        gates = course_tree.gates_for_block(block)
        if not gates:
            return default
        course_key = block.scope_ids.usage_id.course_key
        ids = partitions.partition_ids(course_key)
        merged = dict(self._base_value(block, field) or {})
        for gate in gates:
            merged[ids[gate.key]] = [partitions.PAID_ID]
        return merged

    def _base_value(self, block, field):
        """What the later providers answer for the field, else the authored value (never `block.group_access`)."""
        for provider in self._later_providers(block):
            answer = provider.get(block, FIELD_NAME, _NO_ANSWER)
            if answer is not _NO_ANSWER:
                return field.from_json(answer) if answer is not None else None
        # Reading block.group_access here would mark the field dirty and recurse
        # into this provider; read the stored value the way content type gating does.
        if self.fallback_field_data.has(block, FIELD_NAME):
            return field.from_json(self.fallback_field_data.get(block, FIELD_NAME))
        return None

    def _later_providers(self, block):
        """Instances of the providers configured after this one and enabled for `block`."""
        if self._later is None:
            self._later = [
                provider_class(self.user, self.fallback_field_data)
                for provider_class in self.later_provider_classes()
                if provider_class.enabled_for(block)
            ]
        return self._later

    @classmethod
    def later_provider_classes(cls):
        """The provider classes listed after this one in MODULESTORE_FIELD_OVERRIDE_PROVIDERS."""
        if cls._later_classes is None:
            names = list(getattr(settings, SETTING_NAME, ()) or ())
            mine = provider_path()
            after = names[names.index(mine) + 1:] if mine in names else []
            cls._later_classes = tuple(import_string(path) for path in after if path != mine)
        return cls._later_classes

    @classmethod
    def reset(cls):
        """Forget the resolved provider classes (settings changed; tests)."""
        cls._later_classes = None
