"""Work done once the transaction commits: on the LMS's Celery workers when a broker is configured, else inline.

Open edX runs background work as Celery tasks on its workers; the LMS's Celery app
finds the plugin's tasks through `fee_training_xblock.tasks`. Where no Celery broker
is configured (the demo, the tests) the work runs inline, in the same process, right
after the commit. Either way it runs only if the transaction commits: nothing is sent
for a change that rolls back, and a slow mail server never holds row locks.
"""
import logging

from django.db import transaction

log = logging.getLogger(__name__)

try:
    from celery import current_app, shared_task
except ImportError:  # Celery comes with every Open edX install; elsewhere the work runs inline
    current_app = shared_task = None


def task(name):
    """Decorator: `func` as a Celery task called `name` (acks late, no result kept), or None without Celery."""
    def wrap(func):
        return shared_task(name=name, ignore_result=True, acks_late=True)(func) if shared_task else None
    return wrap


def broker_configured():
    """True when a Celery app with a broker URL (or eager mode) is in charge of tasks here."""
    if current_app is None:
        return False
    conf = current_app.conf
    return bool(conf.broker_url or conf.task_always_eager)


def after_commit(celery_task, args, inline, what="background work"):
    """After the commit: `celery_task.delay(*args)` when a broker is configured, else `inline()` in this process.

    Outside a transaction this runs at once. When the broker refuses the task, the work
    runs inline instead, so it is never lost to the deferral; and nothing here raises
    into the caller (whose transaction is committed already): an error is logged.
    """
    if celery_task is not None and broker_configured():
        transaction.on_commit(lambda: _enqueue(celery_task, args, inline, what))
    else:
        transaction.on_commit(lambda: _guarded(inline, what))


def _enqueue(celery_task, args, inline, what):
    try:
        celery_task.delay(*args)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not queue %s: running it here instead", what)
        _guarded(inline, what)
    else:
        log.debug("%s queued for the Celery workers", what)


def _guarded(inline, what):
    try:
        inline()
    except Exception:  # pylint: disable=broad-except
        log.exception("%s failed after the commit", what)
