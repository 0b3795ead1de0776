"""THE capacity guarantee: 200 teachers register at the same moment for a 100-seat event.

Each registration runs in its own thread with its own database connection,
all released together by a barrier. With the real seat claim (one conditional
UPDATE inside the registering transaction) exactly 100 are registered, 100
wait in line, nobody meets an error and `seats_taken` is 100. The second test
swaps the claim for a naive read-check-write, as code without locking would
do, and shows that the first test can fail: registrations overbook the event
(PostgreSQL: lost updates) or fail with errors (SQLite once its transactions
are no longer IMMEDIATE: "database is locked").

PostgreSQL allows 100 connections on this kind of machine (shared with other
test runs), so there the 200 registrations go through a pool of
`EVENTS_RACE_PG_CONNECTIONS` (default 40) threads, each with its own
connection, all started together; on SQLite every registration has its own
thread and connection.
"""

import os
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tests.concurrency import needs_concurrent_connections
from tests.events.factories import make_event, make_teacher
from twinning.events import services
from twinning.events.models import Event, Registration

RACERS = 200
SEATS = 100


def _workers() -> int:
    if connection.vendor == "postgresql":
        return min(RACERS, int(os.environ.get("EVENTS_RACE_PG_CONNECTIONS", "40")))
    return RACERS


def fire(event: Event, teachers: list, workers: int) -> list[object]:
    """Every teacher registers; `workers` threads (own connections) start together and share the work."""
    results: list[object] = []
    lock = threading.Lock()
    queue = iter(teachers)
    start = threading.Barrier(workers)

    def work() -> None:
        try:
            connection.ensure_connection()
            start.wait(timeout=60)
            while True:
                with lock:
                    teacher = next(queue, None)
                if teacher is None:
                    return
                try:
                    outcome: object = services.register(actor=teacher, event=event).state
                except Exception as error:  # the test counts what each registration met
                    outcome = error
                with lock:
                    results.append(outcome)
        except Exception as error:
            with lock:
                results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.fixture
def crowd(db):
    needs_concurrent_connections()
    event = make_event(capacity=SEATS)
    teachers = [make_teacher() for _ in range(RACERS)]
    return event, teachers


@pytest.mark.django_db(transaction=True)
def test_200_registrations_at_once_fill_100_seats_exactly(crowd):
    event, teachers = crowd
    results = fire(event, teachers, _workers())

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    assert Counter(results) == {Registration.State.REGISTERED: SEATS, Registration.State.WAITING: RACERS - SEATS}
    states = Counter(Registration.objects.filter(event=event).values_list("state", flat=True))
    assert states == {Registration.State.REGISTERED: SEATS, Registration.State.WAITING: RACERS - SEATS}
    event.refresh_from_db()
    assert event.seats_taken == SEATS
    assert event.waiting_count == RACERS - SEATS


def naive_claim(event_id: int) -> bool:
    """What a claim without locking does: read the count, decide, write the count read plus one."""
    taken, capacity = Event.objects.filter(pk=event_id).values_list("seats_taken", "capacity").get()
    if taken >= capacity:
        return False
    time.sleep(0.005)  # the time a busy server takes between the read and the write
    Event.objects.filter(pk=event_id).update(seats_taken=taken + 1)
    return True


@pytest.mark.django_db(transaction=True)
def test_without_the_locking_the_same_race_overbooks_or_fails(crowd, monkeypatch):
    event, teachers = crowd
    monkeypatch.setattr(services, "_claim_seat", naive_claim)
    if connection.vendor == "sqlite":  # SQLite's IMMEDIATE transactions are half of the locking there
        monkeypatch.setitem(connection.settings_dict["OPTIONS"], "transaction_mode", "DEFERRED")
    results = fire(event, teachers, _workers())

    errors = [result for result in results if isinstance(result, Exception)]
    registered = Registration.objects.filter(event=event, state=Registration.State.REGISTERED).count()
    event.refresh_from_db()
    overbooked = registered > event.capacity or registered != event.seats_taken
    print(f"naive claim: {registered} registered, seats_taken {event.seats_taken}, {len(errors)} errors")
    assert overbooked or errors, "the race test would not notice a claim without locking"
