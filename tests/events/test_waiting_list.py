"""The waiting list: a freed seat is offered to the first in line for EVENTS_OFFER_HOURS; the hourly run,
through the real database queue and its worker, passes expired offers to the next in line, in order."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.events.factories import make_event, make_teacher
from twinning.core.errors import DomainError
from twinning.events import services
from twinning.events.models import Event, Registration
from twinning.events.scheduling import next_offers_run
from twinning.events.selectors import waiting_list, waiting_position
from twinning.events.tasks import expire_event_offers
from twinning.notifications.models import Notification

TASK_PATH = "twinning.events.tasks.expire_event_offers"
State = Registration.State


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EVENTS_OFFER_HOURS = 24


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _state(registration: Registration) -> str:
    registration.refresh_from_db()
    return registration.state


def _counts(event: Event) -> tuple[int, int]:
    event.refresh_from_db()
    return event.seats_taken, event.waiting_count


def _expire_offers_now() -> None:
    Registration.objects.filter(state=State.OFFERED).update(offer_expires_at=timezone.now() - dt.timedelta(seconds=1))


def _offers_to(user) -> int:
    return Notification.objects.filter(kind="event_place_offered", recipient=user).count()


@pytest.mark.django_db(transaction=True)
def test_offers_pass_down_the_line_through_the_worker(database_queue):
    event = make_event(capacity=2)
    a, b, c, d, e = (make_teacher() for _ in range(5))
    ra, rb, rc, rd, re_ = (services.register(actor=user, event=event) for user in (a, b, c, d, e))
    assert [r.state for r in (ra, rb, rc, rd, re_)] == [State.REGISTERED] * 2 + [State.WAITING] * 3
    assert [waiting_position(r) for r in (rc, rd, re_)] == [1, 2, 3]
    assert _counts(event) == (2, 3)

    before = timezone.now()
    services.registration_cancel(actor=a, registration=ra)
    rc.refresh_from_db()
    assert rc.state == State.OFFERED  # the first in line, not a newcomer
    assert before + dt.timedelta(hours=24) <= rc.offer_expires_at <= timezone.now() + dt.timedelta(hours=24)
    assert _counts(event) == (2, 2)  # the seat stays held for the offer
    assert _offers_to(c) == 1
    assert services.register(actor=make_teacher(), event=event).state == State.WAITING  # no jumping the line
    assert [r.user_id for r in waiting_list(event=event)][:3] == [c.pk, d.pk, e.pk]

    # Not yet expired: the worker's run changes nothing.
    expire_event_offers.enqueue()
    _work()
    assert _state(rc) == State.OFFERED

    _expire_offers_now()
    with pytest.raises(DomainError):  # past its time, the offer cannot be taken even before the run
        services.offer_accept(actor=c, registration=rc)
    expire_event_offers.enqueue()
    expire_event_offers.enqueue()  # two runs at once: each offer expires once
    _work()
    assert _state(rc) == State.EXPIRED
    assert _state(rd) == State.OFFERED  # the next in line
    assert _state(re_) == State.WAITING
    assert _offers_to(d) == 1
    assert _counts(event) == (2, 2)

    services.offer_accept(actor=d, registration=rd)
    assert _state(rd) == State.REGISTERED
    assert _counts(event) == (2, 2)

    services.registration_cancel(actor=b, registration=rb)
    assert _state(re_) == State.OFFERED
    _expire_offers_now()
    expire_event_offers.enqueue()
    _work()
    assert _state(re_) == State.EXPIRED
    late = Registration.objects.get(event=event, state=State.OFFERED)  # the newcomer, last in line
    _expire_offers_now()
    expire_event_offers.enqueue()
    _work()
    assert _state(late) == State.EXPIRED
    assert _counts(event) == (1, 0)  # nobody left in line: the seat is free again
    assert services.register(actor=make_teacher(), event=event).state == State.REGISTERED


@pytest.mark.django_db(transaction=True)
def test_the_hourly_run_is_queued_once_and_requeues_itself(database_queue):
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_event_offers", verbosity=0)
    call_command("schedule_event_offers", verbosity=0)
    waiting = list(DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY"))
    assert len(waiting) == 1
    assert waiting[0].run_after == next_offers_run()
    DBTaskResult.objects.filter(task_path=TASK_PATH).update(run_after=timezone.now() - dt.timedelta(minutes=1))
    _work()
    after = list(DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY"))
    assert len(after) == 1  # the run queued the next one
    assert after[0].run_after > timezone.now()


def test_next_run_is_five_past_the_next_hour():
    at = dt.datetime(2030, 5, 1, 10, 5, tzinfo=dt.UTC)
    assert next_offers_run(at) == dt.datetime(2030, 5, 1, 11, 5, tzinfo=dt.UTC)
    assert next_offers_run(at - dt.timedelta(seconds=1)) == at
    assert next_offers_run(dt.datetime(2030, 5, 1, 23, 30, tzinfo=dt.UTC)) == dt.datetime(
        2030, 5, 2, 0, 5, tzinfo=dt.UTC
    )


@pytest.mark.django_db
def test_offer_accept_only_by_its_teacher_and_only_once():
    event = make_event(capacity=1)
    first, second, other = make_teacher(), make_teacher(), make_teacher()
    held = services.register(actor=first, event=event)
    waiting = services.register(actor=second, event=event)
    services.registration_cancel(actor=first, registration=held)
    waiting.refresh_from_db()
    assert waiting.state == State.OFFERED
    from twinning.core.errors import PermissionRefused

    with pytest.raises(PermissionRefused):
        services.offer_accept(actor=other, registration=waiting)
    services.offer_accept(actor=second, registration=waiting)
    with pytest.raises(DomainError):
        services.offer_accept(actor=second, registration=waiting)
    assert _counts(event) == (1, 0)


@pytest.mark.django_db
def test_leaving_the_line_and_declining_an_offer():
    event = make_event(capacity=1)
    a, b, c = make_teacher(), make_teacher(), make_teacher()
    ra, rb, rc = (services.register(actor=user, event=event) for user in (a, b, c))
    services.registration_cancel(actor=b, registration=rb)  # leaves the line
    assert _state(rb) == State.CANCELLED
    assert _counts(event) == (1, 1)
    services.registration_cancel(actor=a, registration=ra)
    assert _state(rc) == State.OFFERED  # b left: c is next
    services.registration_cancel(actor=c, registration=rc)  # declines the offer
    assert _state(rc) == State.CANCELLED
    assert _counts(event) == (0, 0)
    with pytest.raises(DomainError):
        services.registration_cancel(actor=c, registration=rc)


@pytest.mark.django_db
def test_raising_the_capacity_offers_the_new_seats_in_order(teacher_es):
    event = make_event(organiser=teacher_es, capacity=1)
    a, b, c = make_teacher(), make_teacher(), make_teacher()
    regs = [services.register(actor=user, event=event) for user in (a, b, c)]
    services.event_update(actor=teacher_es, event=event, capacity=2)
    assert [_state(r) for r in regs] == [State.REGISTERED, State.OFFERED, State.WAITING]
    assert _counts(event) == (2, 1)
    with pytest.raises(DomainError):  # never below the seats taken (offers hold theirs)
        services.event_update(actor=teacher_es, event=event, capacity=1)
