"""Run a function in several threads at once, each with its own database connections.

Usage (in a ``@pytest.mark.django_db(transaction=True)`` test, so that the rows the
test creates are committed and visible to the threads' connections)::

    outcomes = run_concurrently(lambda i: redeem(code, user_ids[i]), 8)
    assert sum(o.error is None for o in outcomes) == code.max_redemptions
"""
import threading
from dataclasses import dataclass

from django.db import connections

DEFAULT_TIMEOUT = 60


@dataclass
class Outcome:
    """What one thread produced: its index, the return value, or the exception raised."""

    index: int
    result: object = None
    error: BaseException | None = None


def run_concurrently(fn, n_threads, timeout=DEFAULT_TIMEOUT):
    """Call ``fn(i)`` for i in range(n_threads), all threads released together by a Barrier.

    Returns a list of Outcome in index order. Each thread closes the Django database
    connections it opened (Django keeps one per thread). Raises TimeoutError when a
    thread is still running after ``timeout`` seconds (e.g. a deadlock).
    """
    barrier = threading.Barrier(n_threads)
    outcomes = [Outcome(index) for index in range(n_threads)]

    def worker(index):
        try:
            barrier.wait(timeout)
            outcomes[index].result = fn(index)
        except BaseException as exc:  # pylint: disable=broad-exception-caught
            outcomes[index].error = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,), name=f"concurrent-{i}") for i in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        raise TimeoutError(f"threads still running after {timeout}s: {stuck}")
    return outcomes
