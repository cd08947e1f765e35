"""Retirement: personal links forget the participant's name and email (the link's state and dates stay)."""
from django.db.models import Q
from django.dispatch import receiver

from fee_training_xblock.core.signals import user_retired
from fee_training_xblock.webinars.models import WebinarLink


@receiver(user_retired)
def forget_participant(sender, user_key, emails, **kwargs):  # pylint: disable=unused-argument
    """Erase name and email on links the user claimed or that staff typed with one of their addresses."""
    typed = Q()
    for email in emails:  # staff typed addresses in any case
        typed |= Q(participant_email__iexact=email)
    rows = WebinarLink.objects.filter(Q(claimed_by=user_key) | typed)
    return {"webinar links": rows.anonymise()}
