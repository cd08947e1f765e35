"""Who is looking at a block and where it lives, read from the host runtime's services.

The LMS user service exposes `edx-platform.*` attributes; the workbench exposes
`xblock-workbench.user_id`. Both end up as a data.Viewer and a data.BlockRef.
"""
from fee_training_xblock import compat
from fee_training_xblock.data import BlockRef, Viewer

STAFF_ROLES = ("staff", "instructor", "administrator")


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
    user_key = "" if user_key is None else str(user_key)
    in_workbench = "xblock-workbench.user_id" in attrs  # workbench learners are ids on the URL, not Django users
    return Viewer(
        user_key=user_key,
        username=str(attrs.get("edx-platform.username") or user_key or ""),
        email=emails[0] if emails else "",
        full_name=getattr(user, "full_name", "") or "",
        is_staff=is_staff,
        in_workbench=in_workbench,
        is_masquerading=bool(user_key) and not in_workbench and compat.is_masquerading(block_ref(block).course_key,
                                                                                       user_key),
    )


def block_ref(block):
    """The course and usage keys of `block` as strings (workbench: the scenario is the course)."""
    usage = block.scope_ids.usage_id
    course = getattr(usage, "course_key", None) or getattr(usage, "context_key", None)
    if course is None:
        course = "workbench:" + str(usage).split(".", 1)[0]
    return BlockRef(course_key=str(course), usage_key=str(usage))
