"""Organising, editing and cancelling events; duplicate registrations; attendance; the calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event, make_teacher
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum
from twinning.events import services
from twinning.events.models import Event, Registration
from twinning.events.selectors import EventFilters, calendar_month, event_list, event_participants
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db
State = Registration.State


def _fields(**over):
    now = timezone.now()
    fields = {
        "title": "  Coding   with pupils ",
        "description": "Bring a laptop.",
        "kind": Event.Kind.WORKSHOP,
        "format": Event.Format.ONLINE,
        "place": "",
        "starts_at": now + dt.timedelta(days=10),
        "ends_at": now + dt.timedelta(days=10, hours=1),
        "time_zone": "Europe/Madrid",
        "language": "en",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": 100,
        "registration_opens_at": now,
        "registration_closes_at": now + dt.timedelta(days=9),
    }
    fields.update(over)
    return fields


def test_a_validated_teacher_organises_an_event(teacher_es):
    event = services.event_create(actor=teacher_es, **_fields())
    assert event.title == "Coding with pupils"
    assert event.organiser == teacher_es
    assert event.forum.purpose == "event_forum"
    assert event.library.purpose == "event_documents"
    assert event.video_room.startswith("twinning-")
    assert len(event.video_room) > 20
    other = services.event_create(actor=teacher_es, **_fields())
    assert other.video_room != event.video_room
    assert other.forum_id != event.forum_id
    assert ProgressAction.objects.filter(user=teacher_es, kind="event_organised").count() == 2


def test_face_to_face_event_with_a_place_and_more_than_100_seats(teacher_es):
    event = services.event_create(
        actor=teacher_es, **_fields(format=Event.Format.FACE_TO_FACE, place="Teatro, Sevilla", capacity=250)
    )
    assert (event.capacity, event.place) == (250, "Teatro, Sevilla")


BAD = [
    ({"title": "   "}, "title"),
    ({"description": ""}, "description"),
    ({"kind": "party"}, "kind"),
    ({"format": "hybrid"}, "format"),
    ({"language": "xx"}, "language"),
    ({"visibility": "secret"}, "visibility"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"capacity": 0}, "capacity"),
    ({"capacity": 101}, "capacity"),
    ({"format": Event.Format.FACE_TO_FACE, "place": " "}, "place"),
    ({"title": "x" * 201}, "title"),
    ({"title": "a\x00b"}, "title"),
]


@pytest.mark.parametrize(("over", "field"), BAD)
def test_bad_input_is_refused_and_nothing_is_stored(teacher_es, over, field):
    with pytest.raises(DomainError) as refused:
        services.event_create(actor=teacher_es, **_fields(**over))
    assert refused.value.field == field
    assert not Event.objects.exists()
    assert not Forum.objects.filter(purpose="event_forum").exists()


def test_times_must_be_in_order(teacher_es):
    now = timezone.now()
    start = now + dt.timedelta(days=5)
    cases = [
        ({"ends_at": start, "starts_at": start}, "ends_at"),
        ({"starts_at": start, "ends_at": start - dt.timedelta(hours=1)}, "ends_at"),
        ({"registration_opens_at": now, "registration_closes_at": now}, "registration_closes_at"),
        (
            {
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=1),
                "registration_closes_at": start + dt.timedelta(hours=2),
            },
            "registration_closes_at",
        ),
        ({"starts_at": None}, "starts_at"),
    ]
    for over, field in cases:
        with pytest.raises(DomainError) as refused:
            services.event_create(actor=teacher_es, **_fields(**over))
        assert refused.value.field == field, over
    # Registration may stay open until the very end.
    event = services.event_create(
        actor=teacher_es,
        **_fields(
            starts_at=start, ends_at=start + dt.timedelta(hours=1), registration_closes_at=start + dt.timedelta(hours=1)
        ),
    )
    assert event.registration_closes_at == event.ends_at


def test_only_validated_teachers_organise(pending_teacher_es):
    for actor in (pending_teacher_es, UserFactory(is_pupil=True, is_validated=True)):
        with pytest.raises(PermissionRefused):
            services.event_create(actor=actor, **_fields())
    assert not Event.objects.exists()


def test_a_second_registration_is_told_clearly(teacher_es):
    event = make_event(capacity=1)
    services.register(actor=teacher_es, event=event)
    with translation.override("en"), pytest.raises(DomainError) as again:
        services.register(actor=teacher_es, event=event)
    assert again.value.message == "You are already registered for this event."
    waiting = make_teacher()
    services.register(actor=waiting, event=event)
    with translation.override("en"), pytest.raises(DomainError) as again:
        services.register(actor=waiting, event=event)
    assert again.value.message == "You are already on the waiting list for this event."
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (1, 1)


def test_the_unique_constraint_backs_the_check(teacher_es, monkeypatch):
    """A double click whose second request passes the check before the first row exists."""
    event = make_event(capacity=5)
    services.register(actor=teacher_es, event=event)
    monkeypatch.setattr(services, "_live_registration", lambda event_id, user_id: None)
    with pytest.raises(DomainError) as again:
        services.register(actor=teacher_es, event=event)
    monkeypatch.undo()
    assert again.value.code == "duplicate"
    event.refresh_from_db()
    assert event.seats_taken == 1  # the second claim rolled back with the refused row
    assert Registration.objects.filter(event=event).count() == 1


def test_a_new_time_tells_participants_and_offers_but_not_the_line(teacher_es):
    event = make_event(organiser=teacher_es, capacity=1)
    registered, waiting = make_teacher(), make_teacher()
    services.register(actor=registered, event=event)
    services.register(actor=waiting, event=event)
    services.event_update(actor=teacher_es, event=event, title="New title", description="Same hour.")
    assert not Notification.objects.filter(kind="event_changed").exists()
    later = event.starts_at + dt.timedelta(hours=2)
    event = services.event_update(actor=teacher_es, event=event, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    assert event.starts_at == later
    assert list(Notification.objects.filter(kind="event_changed").values_list("recipient_id", flat=True)) == [
        registered.pk
    ]


def test_update_reads_naive_times_in_the_event_zone(teacher_es):
    event = make_event(
        organiser=teacher_es,
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2030, 6, 20, 10, 0),
        ends_at=dt.datetime(2030, 6, 20, 11, 0),
        registration_opens_at=dt.datetime(2030, 6, 1, 0, 0),
        registration_closes_at=dt.datetime(2030, 6, 20, 10, 0),
    )
    event = services.event_update(
        actor=teacher_es,
        event=event,
        time_zone="Europe/Helsinki",
        starts_at=dt.datetime(2030, 6, 20, 12, 0),
        ends_at=dt.datetime(2030, 6, 20, 13, 0),
    )
    assert event.starts_at == dt.datetime(2030, 6, 20, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(DomainError) as refused:
        services.event_update(actor=teacher_es, event=event, format=Event.Format.ONLINE, capacity=150)
    assert refused.value.field == "capacity"
    with pytest.raises(TypeError):
        services.event_update(actor=teacher_es, event=event, seats_taken=0)


def test_cancel_ends_every_registration_and_tells_everyone(teacher_es):
    event = make_event(organiser=teacher_es, capacity=2)
    a, b, c, d = (make_teacher() for _ in range(4))
    ra = services.register(actor=a, event=event)
    for user in (b, c, d):
        services.register(actor=user, event=event)
    services.registration_cancel(actor=a, registration=ra)  # c is offered a's seat, d waits
    with pytest.raises(DomainError):
        services.event_cancel(actor=teacher_es, event=event, reason="   ")
    event = services.event_cancel(actor=teacher_es, event=event, reason="The speaker is ill.")
    assert event.status == Event.Status.CANCELLED
    assert (event.seats_taken, event.waiting_count) == (0, 0)
    assert not Registration.objects.filter(event=event, state__in=[State.REGISTERED, State.WAITING, State.OFFERED])
    told = Notification.objects.filter(kind="event_cancelled")
    assert set(told.values_list("recipient_id", flat=True)) == {b.pk, c.pk, d.pk}
    assert told.first().params["reason"] == "The speaker is ill."
    with pytest.raises(DomainError):
        services.event_cancel(actor=teacher_es, event=event, reason="Again")
    with pytest.raises(DomainError):
        services.event_update(actor=teacher_es, event=event, title="Back")
    with pytest.raises(DomainError) as closed:
        services.register(actor=make_teacher(), event=event)
    assert closed.value.code == "cancelled"


def test_over_events_cannot_change(teacher_es):
    past = timezone.now() - dt.timedelta(days=2)
    event = make_event(
        organiser=teacher_es,
        starts_at=past,
        registration_opens_at=past - dt.timedelta(days=5),
        registration_closes_at=past,
    )
    with pytest.raises(DomainError):
        services.event_cancel(actor=teacher_es, event=event, reason="Late")
    with pytest.raises(DomainError):
        services.event_update(actor=teacher_es, event=event, title="Late")


def test_attendance_after_the_start_counts_for_progress(teacher_es):
    event = make_event(organiser=teacher_es)
    present, absent, outsider = make_teacher(), make_teacher(), make_teacher()
    for user in (present, absent):
        services.register(actor=user, event=event)
    with pytest.raises(DomainError):
        services.attendance_mark(actor=teacher_es, event=event, user=present, attended=True)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    event.refresh_from_db()
    with pytest.raises(PermissionRefused):
        services.attendance_mark(actor=present, event=event, user=present, attended=True)
    with pytest.raises(DomainError):
        services.attendance_mark(actor=teacher_es, event=event, user=outsider, attended=True)
    assert services.attendance_mark(actor=teacher_es, event=event, user=present, attended=True).attended
    assert not services.attendance_mark(actor=teacher_es, event=event, user=absent, attended=False).attended
    assert ProgressAction.objects.filter(kind="event_attended", user=present).count() == 1
    assert not ProgressAction.objects.filter(kind="event_attended", user=absent).exists()
    with pytest.raises(DomainError):  # the event has started: the registration stays
        services.registration_cancel(actor=present, registration=Registration.objects.get(event=event, user=present))


def test_month_calendar_in_the_viewer_zone_with_filters(teacher_es):
    viewer = make_teacher(time_zone="Europe/Helsinki")
    # 23:30 in Lisbon on 14 May is 01:30 on 15 May in Helsinki.
    late = make_event(
        organiser=teacher_es,
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2030, 5, 14, 23, 30),
        ends_at=dt.datetime(2030, 5, 15, 0, 30),
        registration_opens_at=dt.datetime(2030, 5, 1),
        registration_closes_at=dt.datetime(2030, 5, 14, 23, 0),
    )
    two_days = make_event(
        organiser=teacher_es,
        kind=Event.Kind.TRAINING,
        language="fr",
        starts_at=dt.datetime(2030, 5, 20, 9, 0),
        ends_at=dt.datetime(2030, 5, 21, 17, 0),
        registration_opens_at=dt.datetime(2030, 5, 1),
        registration_closes_at=dt.datetime(2030, 5, 20),
    )
    weeks = calendar_month(viewer=viewer, year=2030, month=5)
    days = {cell.day: [e.pk for e in cell.events] for week in weeks for cell in week}
    assert days[dt.date(2030, 5, 15)] == [late.pk]
    assert days[dt.date(2030, 5, 14)] == []
    assert days[dt.date(2030, 5, 20)] == days[dt.date(2030, 5, 21)] == [two_days.pk]
    assert weeks[0][0].day.weekday() == 0
    filtered = calendar_month(viewer=viewer, year=2030, month=5, filters=EventFilters(kind=Event.Kind.TRAINING))
    assert [e.pk for week in filtered for cell in week for e in cell.events] == [two_days.pk, two_days.pk]
    by_date = event_list(
        viewer=viewer, filters=EventFilters(date_from=dt.date(2030, 5, 15), date_to=dt.date(2030, 5, 15))
    )
    assert list(by_date) == [late]
    assert list(event_list(viewer=viewer, filters=EventFilters(language="fr"))) == [two_days]
    assert ZoneInfo("Europe/Helsinki")


def test_lists_take_the_same_queries_for_one_event_or_many(teacher_es):
    viewer = make_teacher()
    make_event(
        organiser=teacher_es,
        starts_at=dt.datetime(2030, 5, 10, 10, 0),
        registration_opens_at=dt.datetime(2030, 5, 1),
        registration_closes_at=dt.datetime(2030, 5, 10, 10, 0),
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            list(event_list(viewer=viewer))
            calendar_month(viewer=viewer, year=2030, month=5)
            for event in event_list(viewer=viewer):
                str(event.organiser)
        return len(queries)

    one = count()
    for day in range(11, 16):
        make_event(
            starts_at=dt.datetime(2030, 5, day, 10, 0),
            registration_opens_at=dt.datetime(2030, 5, 1),
            registration_closes_at=dt.datetime(2030, 5, day, 10, 0),
        )
    assert count() == one


def test_participants_by_name(teacher_es):
    event = make_event(organiser=teacher_es)
    for last in ("Zapata", "Abad"):
        services.register(actor=make_teacher(last_name=last), event=event)
    with CaptureQueriesContext(connection) as queries:
        names = [r.user.last_name for r in event_participants(event=event)]
    assert names == ["Abad", "Zapata"]
    assert len(queries) == 1
