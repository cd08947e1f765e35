"""Plain data classes of the public surface (OEP-49): what api.py takes and returns.

No Django, XBlock or stripe here, so any module (domain rules included) may use them.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class BlockRef:
    """Where a block lives: its course and its usage key, as strings."""

    course_key: str
    usage_key: str

    @property
    def organization(self):
        """The organization part of the course key ('workbench' in the SDK)."""
        course = self.course_key
        if course.startswith("course-v1:"):
            return course[len("course-v1:"):].split("+", 1)[0]
        return course.split(":", 1)[0]
