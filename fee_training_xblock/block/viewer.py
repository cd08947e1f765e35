"""Who is looking at a block and where it lives, read from the host runtime's services.

The LMS user service exposes `edx-platform.*` attributes; the workbench exposes
`xblock-workbench.user_id`. Both end up as a Viewer and a BlockRef.
"""
from dataclasses import dataclass

from fee_training_xblock.data import BlockRef

STAFF_ROLES = ("staff", "instructor", "administrator")


@dataclass(frozen=True)
class Viewer:
    """The current user as far as paid access cares."""

    user_key: str
    username: str
    email: str
    full_name: str
    is_staff: bool
    in_workbench: bool = False

    @property
    def is_anonymous(self):
        """True when nobody is signed in."""
        return not self.user_key


def current_viewer(block):
    """The Viewer for the request being handled by `block`."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    attrs = dict(getattr(user, "opt_attrs", {}) or {})
    user_key = attrs.get("edx-platform.user_id") or attrs.get("xblock-workbench.user_id")
    if user_key is None and getattr(user, "is_current_user", False):
        user_key = block.scope_ids.user_id
    is_staff = (
        bool(attrs.get("edx-platform.user_is_staff"))
        or attrs.get("edx-platform.user_role") in STAFF_ROLES
        or bool(getattr(block.runtime, "user_is_staff", False))
    )
    emails = getattr(user, "emails", None) or []
    return Viewer(
        user_key="" if user_key is None else str(user_key),
        username=str(attrs.get("edx-platform.username") or user_key or ""),
        email=emails[0] if emails else "",
        full_name=getattr(user, "full_name", "") or "",
        is_staff=is_staff,
        # Workbench learners are ids on the URL, not Django users.
        in_workbench="xblock-workbench.user_id" in attrs,
    )


def block_ref(block):
    """The course and usage keys of `block` as strings (workbench: the scenario is the course)."""
    usage = block.scope_ids.usage_id
    course = getattr(usage, "course_key", None) or getattr(usage, "context_key", None)
    if course is None:
        course = "workbench:" + str(usage).split(".", 1)[0]
    return BlockRef(course_key=str(course), usage_key=str(usage))

