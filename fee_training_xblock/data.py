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


@dataclass(frozen=True)
class Viewer:
    """The current user as far as paid access cares."""

    user_key: str
    username: str
    email: str
    full_name: str
    is_staff: bool
    in_workbench: bool = False
    #: Course staff viewing the course as a learner (LMS masquerade): never billed, never granted.
    is_masquerading: bool = False

    @property
    def is_anonymous(self):
        """True when nobody is signed in."""
        return not self.user_key
