"""Retirement: sessions forget their host's email (host id, amounts, division and dates stay for reimbursement)."""
from django.dispatch import receiver

from fee_training_xblock.core.signals import user_retired
from fee_training_xblock.live_sessions.models import LiveSession


@receiver(user_retired)
def forget_host(sender, user_key, emails, **kwargs):  # pylint: disable=unused-argument
    """Erase the receipt address of the sessions this user hosted."""
    return {"live sessions": LiveSession.objects.filter(host_key=user_key).forget_host_email()}
