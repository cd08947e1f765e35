"""What the LMS side does when a learner's access changes (a grant, a payment, a refund, a revocation).

Connected in AppConfig.ready. The request-cached view of the learner's grants is
dropped, so partitions decided later in the same request see the change, and the
LMS recomputes the learner's grades: paid problems enter or leave their grade
(see docs/lms-gating.md, "Grades").
"""
from django.dispatch import receiver

from fee_training_xblock import compat
from fee_training_xblock.core import retirement
from fee_training_xblock.core.signals import access_changed
from fee_training_xblock.lms import entitlement


def connect_retirement():
    """Listen to the LMS's account retirement (USER_RETIRE_LMS_MISC); False outside the LMS."""
    signal = compat.user_retirement_signal()
    if signal is None:
        return False
    signal.connect(retire_lms_user, dispatch_uid="fee_training_xblock.retire_lms_user")
    return True


def retire_lms_user(sender, user, **kwargs):  # pylint: disable=unused-argument
    """The LMS retires `user` (its email is still the original at this step): forget what we keep about them."""
    return retirement.retire_user(str(user.id), [getattr(user, "email", "")])


@receiver(access_changed)
def refresh_learner(sender, course_key, usage_key, user_key, **kwargs):  # pylint: disable=unused-argument
    """Forget the learner's cached grants and ask the LMS to recompute their grades (no-op outside the LMS)."""
    entitlement.forget_granted(course_key, user_key)
    if str(user_key).isdigit():
        compat.recalculate_grades_for_user(int(user_key), course_key)
