"""Stand-in for openedx/features/content_type_gating/field_override.py (E @ 1bbd89572be9c3a6f1df8b68c26ca55ca94ce4d6).

The provider the LMS configures in MODULESTORE_FIELD_OVERRIDE_PROVIDERS (P
lms/envs/common.py @ 0191bfd2). Reproduced: it answers only for graded, scored,
non-zero-weight blocks, reading the authored value through
``fallback_field_data.has/get`` and ``block.fields['group_access'].from_json`` and
adding ``{51: [FULL_ACCESS]}``; otherwise it returns `default`. The course-level
enable switch (ContentTypeGatingConfig) is a class attribute here.
"""
CONTENT_GATING_PARTITION_ID = 51
FULL_ACCESS_GROUP_ID = 2


class ContentTypeGatingFieldOverride:
    """Graded problems only for the full-access group."""

    enabled = False  # off unless a test turns it on (the LMS enables it per course through ContentTypeGatingConfig)

    def __init__(self, user, fallback_field_data):
        self.user = user
        self.fallback_field_data = fallback_field_data

    def get(self, block, name, default):
        """group_access with the content gating partition for eligible problems."""
        if name != "group_access":
            return default
        eligible = getattr(block, "graded", False) and getattr(block, "has_score", False) and getattr(block, "weight", 0) != 0
        if not eligible:
            return default
        original = None
        if self.fallback_field_data.has(block, "group_access"):
            original = block.fields["group_access"].from_json(self.fallback_field_data.get(block, "group_access"))
        original = original or {}
        original.setdefault(CONTENT_GATING_PARTITION_ID, [FULL_ACCESS_GROUP_ID])
        return original

    @classmethod
    def enabled_for(cls, course):  # pylint: disable=unused-argument
        """The course switch."""
        return cls.enabled
