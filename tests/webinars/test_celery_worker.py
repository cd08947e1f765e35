"""Invitations queued as a Celery task and sent by a real Celery worker, as the LMS's workers run them.

The worker is Celery's own test worker (celery.contrib.testing) consuming from an
in-memory broker in this process: the task goes through Celery's real publishing,
routing and execution, only the broker is in memory instead of Redis.
"""

import pytest

from fee_training_xblock.core import background
from fee_training_xblock.webinars import tasks
from fee_training_xblock.webinars.models import WebinarLink
from tests.support.polling import wait_for
from tests.support.runtime import call_json
from tests.webinars.conftest import webinar

pytestmark = pytest.mark.django_db(transaction=True)


def test_invitations_go_through_the_broker_to_a_worker_with_the_password_sealed(smtp, celery_worker):
    assert tasks.send_invitations is not None and background.broker_configured()
    factory = webinar(starts="2026-12-02 18:00")
    staff = factory.block_for("staff-1", staff=True)
    assert call_json(staff, "webinar_set_password", {"password": "Tulip-2026"})[0] == 200
    people = "\n".join(f"P{i} <p{i}@example.org>" for i in range(5))
    status, body = call_json(staff, "webinar_generate", {"participants": people, "send": True,
                                                          "password": "Tulip-2026"})
    assert status == 200 and body["queued"] == 5
    assert wait_for(lambda: WebinarLink.objects.filter(invitation_status="sent").count() == 5)
    assert len(smtp.messages) == 5
    assert "Room password: Tulip-2026" in smtp.to("p3@example.org")[0].get_body(("plain",)).get_content()
    [(task_name, body)] = celery_worker
    message = repr(body)
    assert task_name == tasks.TASK_NAME
    assert "Tulip-2026" not in message and "gAAAAA" in message  # a Fernet token, not the password
