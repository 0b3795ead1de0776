"""The places of a course under a rush: 60 teachers apply at the same moment for a 30-place seminar.

Each application runs in its own thread with its own database connection,
all released together (`tests.concurrency.run_together`). Courses claim
places through the events' seat claim (one conditional UPDATE inside the
applying transaction), so exactly 30 are registered, 30 wait in line and
nobody meets an error. The second test swaps the claim for a naive
read-check-write and shows the first one can fail: overbooking (PostgreSQL)
or errors (SQLite once its transactions are no longer IMMEDIATE).
"""

import time
from collections import Counter

import pytest
from django.db import connection

from tests.concurrency import needs_concurrent_connections, run_together
from tests.events.factories import make_teacher
from tests.learning.factories import make_course
from twinning.events import services as event_services
from twinning.events.models import Event, Registration
from twinning.learning.courses import course_apply

APPLICANTS = 60
PLACES = 30


@pytest.fixture
def rush(db):
    needs_concurrent_connections()
    course = make_course(kind=Event.Kind.ONLINE_SEMINAR, capacity=PLACES)
    teachers = [make_teacher() for _ in range(APPLICANTS)]
    return course, teachers


def _apply_all(course, teachers) -> list[object]:
    def apply(teacher):
        return lambda: course_apply(actor=teacher, course=course).state

    return run_together(*(apply(teacher) for teacher in teachers))


@pytest.mark.django_db(transaction=True)
def test_60_applications_at_once_fill_30_places_exactly(rush):
    course, teachers = rush
    results = _apply_all(course, teachers)

    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    expected = {Registration.State.REGISTERED: PLACES, Registration.State.WAITING: APPLICANTS - PLACES}
    assert Counter(results) == expected
    assert Counter(Registration.objects.filter(event_id=course.pk).values_list("state", flat=True)) == expected
    event = Event.objects.get(pk=course.pk)
    assert (event.seats_taken, event.waiting_count) == (PLACES, APPLICANTS - PLACES)


def naive_claim(event_id: int) -> bool:
    """A claim without locking: read the count, decide, write the count read plus one."""
    taken, capacity = Event.objects.filter(pk=event_id).values_list("seats_taken", "capacity").get()
    if taken >= capacity:
        return False
    time.sleep(0.005)  # the time a busy server takes between the read and the write
    Event.objects.filter(pk=event_id).update(seats_taken=taken + 1)
    return True


@pytest.mark.django_db(transaction=True)
def test_without_the_locking_the_same_rush_overbooks_or_fails(rush, monkeypatch):
    course, teachers = rush
    monkeypatch.setattr(event_services, "_claim_seat", naive_claim)
    if connection.vendor == "sqlite":  # SQLite's IMMEDIATE transactions are half of the locking there
        monkeypatch.setitem(connection.settings_dict["OPTIONS"], "transaction_mode", "DEFERRED")
    results = _apply_all(course, teachers)

    errors = [result for result in results if isinstance(result, Exception)]
    registered = Registration.objects.filter(event_id=course.pk, state=Registration.State.REGISTERED).count()
    event = Event.objects.get(pk=course.pk)
    overbooked = registered > event.capacity or registered != event.seats_taken
    assert overbooked or errors, "the rush test would not notice a claim without locking"
