"""Actions run at the same moment, for the tests of row locks and of the audit chain's lock
(PostgreSQL: SQLite writes one transaction at a time)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections


def at_once(*actions, timeout: float = 60):
    """Run the actions in threads released together; return each one's result or error.
    Each thread is waited for at most ``timeout`` seconds."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:  # the outcome is what the test inspects
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


@pytest.fixture
def postgres_only():
    """For a module marked ``postgres``: its tests need PostgreSQL's concurrent transactions."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent transactions are only tested on PostgreSQL; "
            "run with DATABASE_URL=postgres://…"
        )
