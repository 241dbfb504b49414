"""Run code in real threads, released together, each with its own database connection."""

import threading

from django.db import connections


def run_at_once(targets, timeout: float = 120) -> list:
    """Run each callable in ``targets`` in its own thread, all released at once.

    Return a list of (result, exception) pairs in the order of ``targets``.
    """
    barrier = threading.Barrier(len(targets))
    outcomes = [(None, None)] * len(targets)

    def worker(index, target):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = (target(), None)
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcomes[index] = (None, exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(i, target)) for i, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return outcomes
