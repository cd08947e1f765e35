"""What the LMS side does when a learner's access changes (a grant, a payment, a refund, a revocation).

Connected in AppConfig.ready. The request-cached view of the learner's grants is
dropped, so partitions decided later in the same request see the change, and the
LMS recomputes the learner's grades: paid problems enter or leave their grade
(see docs/lms-gating.md, "Grades").
"""
from django.dispatch import receiver

from fee_training_xblock import compat
from fee_training_xblock.core.signals import access_changed
from fee_training_xblock.lms import entitlement


@receiver(access_changed)
def refresh_learner(sender, course_key, usage_key, user_key, **kwargs):  # pylint: disable=unused-argument
    """Forget the learner's cached grants and ask the LMS to recompute their grades (no-op outside the LMS)."""
    entitlement.forget_granted(course_key, user_key)
    if str(user_key).isdigit():
        compat.recalculate_grades_for_user(int(user_key), course_key)
