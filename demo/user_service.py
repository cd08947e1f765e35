"""A workbench user service that speaks like the LMS one.

The workbench picks the learner from `?student=<id>` on the URL. Here any id
starting with "staff" is course staff, so the demo can show both sides.
"""
from xblock.reference.user_service import UserService, XBlockUser


class DemoUserService(UserService):
    """Current user from the workbench runtime's student id, with LMS-style attributes."""

    runtime = None  # set by the workbench after construction

    def __init__(self):
        super().__init__()

    def get_current_user(self):
        """An XBlockUser whose opt_attrs look like the LMS's edx-platform.* attributes."""
        uid = getattr(self.runtime, "user_id", None) or "student_1"
        user = XBlockUser(is_current_user=True, emails=[f"{uid}@example.com"], full_name=f"Demo learner {uid}")
        user.opt_attrs["xblock-workbench.user_id"] = uid
        user.opt_attrs["edx-platform.username"] = uid
        user.opt_attrs["edx-platform.user_is_staff"] = str(uid).startswith("staff")
        return user
