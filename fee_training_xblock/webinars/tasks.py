"""The Celery task that sends invitations, and where a job goes: to the LMS's workers, or inline.

Open edX runs background work as Celery tasks on its workers; the LMS's Celery app
finds this task through the plugin's `fee_training_xblock.tasks` module. Where no
Celery broker is configured (the demo, the tests) the job runs inline, after the
database transaction that queued it commits.
"""
from fee_training_xblock.core import background
from fee_training_xblock.webinars import sending

TASK_NAME = "fee_training_xblock.webinars.send_invitations"


def _send_invitations(job, sealed_password, language):
    """Send the invitations of one job (the task's body)."""
    return sending.send_job(job, sealed_password, language)


send_invitations = background.task(TASK_NAME)(_send_invitations)


def dispatch(job, sealed_password, language):
    """Run the job on a Celery worker when a broker is configured, else inline; both after the commit."""
    background.after_commit(send_invitations, (job, sealed_password, language),
                            lambda: _send_invitations(job, sealed_password, language), what=f"invitation job {job}")
