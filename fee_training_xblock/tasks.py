"""Celery task discovery: the LMS's Celery app imports `<app>.tasks` of installed apps; tasks live in capabilities."""
from fee_training_xblock.core.notifications import send_email_task  # noqa: F401
from fee_training_xblock.payments.tasks import send_receipt  # noqa: F401
from fee_training_xblock.webinars.tasks import send_invitations  # noqa: F401
