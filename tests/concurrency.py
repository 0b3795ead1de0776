"""Running calls at the same moment, each in its own thread and database connection.

For tests that prove a rule holds under simultaneous requests (double clicks,
two people acting at once). They need a database that several connections
share: PostgreSQL, or SQLite on a file (make test uses one).
"""

import threading

import pytest
from django.db import connection


def needs_concurrent_connections() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs PostgreSQL or SQLite on a file (TWINNING_TEST_SQLITE)")


def run_together(*calls):
    """Runs each call in its own thread and database connection; returns what each returned or raised."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, call):
        try:
            start.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
