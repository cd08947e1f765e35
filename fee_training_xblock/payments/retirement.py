"""Retirement: payments forget where their receipt was sent (payer id, amounts and dates stay for accounting)."""
from django.dispatch import receiver

from fee_training_xblock.core.signals import user_retired
from fee_training_xblock.payments.models import Payment


@receiver(user_retired)
def forget_payer_email(sender, user_key, emails, **kwargs):  # pylint: disable=unused-argument
    """Erase the receipt address of every payment this user made."""
    return {"payments": Payment.objects.filter(payer_key=user_key).forget_payer_email()}
