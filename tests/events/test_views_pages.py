"""Event pages at work: the organiser's form (local times + time zone, clear errors, nothing stored on bad input),
edit and cancel, the registration states and their actions, attendance, the list's filters, the calendar's months
and time zones, and query-count guards."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.events.factories import make_event, make_teacher, register_many
from twinning.events.models import Event, Registration
from twinning.events.selectors import CALENDAR_DAY_SHOWN
from twinning.events.services import register, registration_cancel

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "title": "Storytelling across borders",
        "description": "We share ways to tell stories with pupils.",
        "kind": Event.Kind.WORKSHOP,
        "format": Event.Format.ONLINE,
        "place": "",
        "time_zone": "Europe/Lisbon",
        "starts_at": "2031-03-14T23:30",
        "ends_at": "2031-03-15T00:30",
        "language": "en",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": "30",
        "registration_opens_at": "2031-03-01T09:00",
        "registration_closes_at": "2031-03-14T23:30",
    }
    data.update(overrides)
    return data


# --- create, edit, cancel -----------------------------------------------------------------------


def test_create_reads_times_in_the_chosen_zone(client, teacher_es):
    client.force_login(teacher_es)
    page = client.get(reverse("events:create")).content.decode()
    assert f'<option value="{teacher_es.time_zone}" selected>' in page  # defaults to the organiser's zone
    response = client.post(reverse("events:create"), _form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", kwargs={"pk": event.pk})
    assert event.starts_at == dt.datetime(2031, 3, 14, 23, 30, tzinfo=dt.UTC)  # Lisbon = UTC in March
    assert event.time_zone == "Europe/Lisbon"
    assert event.organiser == teacher_es


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": "2031-03-14T22:00"}, "ends_at"),
        ({"format": Event.Format.FACE_TO_FACE, "place": ""}, "place"),
        ({"capacity": "101"}, "capacity"),
        ({"capacity": "0"}, "capacity"),
        ({"registration_closes_at": "2031-02-01T09:00"}, "registration_closes_at"),
        ({"registration_closes_at": "2031-03-16T09:00"}, "registration_closes_at"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"title": ""}, "title"),
        # past what a datetime holds once read in UTC (a 500 before), or simply not a real year
        (
            {"time_zone": "America/New_York", "starts_at": "9999-12-31T23:30", "ends_at": "9999-12-31T23:45"},
            "starts_at",
        ),
        ({"time_zone": "Asia/Tokyo", "registration_opens_at": "0001-01-01T00:00"}, "registration_opens_at"),
        ({"ends_at": "3000-01-01T00:00"}, "ends_at"),
    ],
)
def test_create_bad_input_stores_nothing(client, teacher_es, overrides, field):
    client.force_login(teacher_es)
    response = client.post(reverse("events:create"), _form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not Event.objects.exists()


def test_face_to_face_with_more_than_100_places(client, teacher_es):
    client.force_login(teacher_es)
    data = _form(format=Event.Format.FACE_TO_FACE, place="Aula Magna, Sevilla", capacity="250")
    assert client.post(reverse("events:create"), data).status_code == 302
    assert Event.objects.get().capacity == 250


def test_edit_shows_local_times_and_saves(client, teacher_es):
    client.force_login(teacher_es)
    client.post(
        reverse("events:create"),
        _form(time_zone="Europe/Helsinki", starts_at="2031-03-15T01:30", ends_at="2031-03-15T02:30"),
    )
    event = Event.objects.get()
    url = reverse("events:edit", kwargs={"pk": event.pk})
    page = client.get(url).content.decode()
    assert 'value="2031-03-15T01:30"' in page  # shown in the event's zone, as typed
    response = client.post(
        url,
        _form(time_zone="Europe/Helsinki", starts_at="2031-03-15T01:30", ends_at="2031-03-15T02:30", title="Renamed"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert event.starts_at == dt.datetime(2031, 3, 14, 23, 30, tzinfo=dt.UTC)


def test_cancel_needs_a_reason_and_confirms(client, teacher_es):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_es)
    url = reverse("events:cancel", kwargs={"pk": event.pk})
    assert "Keep the event" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    assert client.post(url, {"reason": "The speaker is ill."}).status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    page = client.get(reverse("events:detail", kwargs={"pk": event.pk})).content.decode()
    assert "The speaker is ill." in page
    assert client.get(url).status_code == 404  # cancelled once
    assert client.get(reverse("events:edit", kwargs={"pk": event.pk})).status_code == 404


# --- the registration states on the event page ---------------------------------------------------


def _page(client, event):
    return client.get(reverse("events:detail", kwargs={"pk": event.pk})).content.decode()


def test_register_then_cancel_through_the_page(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, capacity=1)
    client.force_login(teacher_fr)
    assert ">Register</button>" in _page(client, event)
    client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert Registration.objects.get(event=event, user=teacher_fr).state == Registration.State.REGISTERED
    page = _page(client, event)
    assert "You are registered." in page
    assert "Cancel my registration" in page
    client.post(reverse("events:registration_cancel", kwargs={"pk": event.pk}))
    assert Registration.objects.get(event=event, user=teacher_fr).state == Registration.State.CANCELLED
    event.refresh_from_db()
    assert event.seats_taken == 0


def test_full_event_offers_the_waiting_list_then_a_place(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, capacity=1)
    (first,) = register_many(event, 1)
    client.force_login(teacher_fr)
    assert "Join the waiting list" in _page(client, event)
    client.post(reverse("events:register", kwargs={"pk": event.pk}))
    assert Registration.objects.get(event=event, user=teacher_fr).state == Registration.State.WAITING
    assert "number 1 in line" in _page(client, event)
    registration_cancel(actor=first.user, registration=first)
    page = _page(client, event)
    assert "Accept the offered place before" in page
    client.post(reverse("events:offer_accept", kwargs={"pk": event.pk}))
    assert Registration.objects.get(event=event, user=teacher_fr).state == Registration.State.REGISTERED


def test_offer_accept_refused_without_an_offer(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_fr)
    assert client.post(reverse("events:offer_accept", kwargs={"pk": event.pk})).status_code == 404
    register(actor=teacher_fr, event=event)
    assert client.post(reverse("events:offer_accept", kwargs={"pk": event.pk})).status_code == 404


def test_window_before_and_after(client, teacher_es, teacher_fr):
    now = timezone.now()
    soon = make_event(
        organiser=teacher_es,
        registration_opens_at=now + dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=6),
    )
    client.force_login(teacher_fr)
    page = _page(client, soon)
    assert "Registration opens on" in page
    assert ">Register</button>" not in page
    client.post(reverse("events:register", kwargs={"pk": soon.pk}))
    assert not Registration.objects.filter(event=soon).exists()
    closed = make_event(
        organiser=teacher_es,
        starts_at=now + dt.timedelta(hours=1),
        registration_opens_at=now - dt.timedelta(days=2),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    page = _page(client, closed)
    assert "Registration is closed" in page
    assert ">Register</button>" not in page


def test_times_in_the_viewers_zone_with_the_organisers_noted(client, teacher_es, teacher_fr):
    teacher_fr.time_zone = "Europe/Helsinki"
    teacher_fr.save()
    event = make_event(
        organiser=teacher_es,
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2031, 3, 14, 23, 30),
        registration_opens_at=dt.datetime(2031, 3, 1, 9, 0),
        registration_closes_at=dt.datetime(2031, 3, 14, 23, 30),
    )
    client.force_login(teacher_fr)
    page = _page(client, event)
    assert "2031-03-15T01:30:00+02:00" not in page  # machine times stay UTC
    assert "1:30" in page  # Helsinki: 01:30 on the 15th
    assert "Europe/Lisbon" in page
    assert "Europe/Helsinki" in page


def test_join_button_only_for_registered_when_open(client, teacher_es, teacher_fr):
    now = timezone.now()
    event = make_event(
        organiser=teacher_es,
        starts_at=now + dt.timedelta(minutes=5),
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(minutes=5),
    )
    join = reverse("events:join", kwargs={"pk": event.pk})
    client.force_login(teacher_fr)
    assert join not in _page(client, event)
    register(actor=teacher_fr, event=event)
    assert join in _page(client, event)
    client.force_login(teacher_es)
    assert join in _page(client, event)
    client.force_login(make_teacher())
    assert join not in _page(client, event)


def test_attendance_after_the_start(client, teacher_es, teacher_fr):
    now = timezone.now()
    event = make_event(
        organiser=teacher_es,
        starts_at=now + dt.timedelta(hours=2),
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(hours=1),
    )
    register(actor=teacher_fr, event=event)
    other = register_many(event, 1)[0]
    url = reverse("events:participants", kwargs={"pk": event.pk})
    client.force_login(teacher_es)
    assert 'name="attended"' not in client.get(url).content.decode()
    assert client.post(url, {"attended": [teacher_fr.pk]}).status_code == 404  # not started
    Event.objects.filter(pk=event.pk).update(starts_at=now - dt.timedelta(minutes=10))
    assert 'name="attended"' in client.get(url).content.decode()
    assert client.post(url, {"attended": [teacher_fr.pk]}).status_code == 302
    assert Registration.objects.get(event=event, user=teacher_fr).attended
    assert not Registration.objects.get(pk=other.pk).attended
    client.force_login(teacher_fr)
    page = client.get(url).content.decode()
    assert 'name="attended"' not in page
    assert teacher_fr.full_name in page
    assert client.post(url, {"attended": [teacher_fr.pk]}).status_code == 404


def test_organiser_sees_the_waiting_list_others_do_not(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, capacity=1)
    register_many(event, 1)
    waiting = make_teacher(first_name="Wanda", last_name="Waiting")
    register(actor=waiting, event=event)
    url = reverse("events:participants", kwargs={"pk": event.pk})
    client.force_login(teacher_es)
    assert "Wanda Waiting" in client.get(url).content.decode()
    client.force_login(teacher_fr)
    assert "Wanda Waiting" not in client.get(url).content.decode()


def test_my_events(client, teacher_es, teacher_fr):
    run = make_event(organiser=teacher_es, title="I run this")
    attend = make_event(organiser=teacher_fr, title="I attend this", capacity=1)
    register(actor=teacher_es, event=attend)
    queue = make_event(organiser=teacher_fr, title="I wait for this", capacity=1)
    register_many(queue, 1)
    register(actor=teacher_es, event=queue)
    make_event(organiser=teacher_fr, title="Someone else's")
    client.force_login(teacher_es)
    page = client.get(reverse("events:mine")).content.decode()
    for title in (run.title, attend.title, queue.title):
        assert title in page
    assert "Someone else&#x27;s" not in page
    assert "On the waiting list" in page


# --- list filters, calendar -----------------------------------------------------------------------


def _titles(client, url, **params):
    html = client.get(url, params).content.decode()
    return set(re.findall(r'<a href="/events/\d+/">(?:<time[^>]*>[^<]*</time> )?([^<]+)</a>', html))


def test_list_filters(client, teacher_es, teacher_fr):
    now = timezone.now()
    make_event(organiser=teacher_fr, title="Online English workshop")
    make_event(
        organiser=teacher_fr,
        title="Training in Seville",
        kind=Event.Kind.TRAINING,
        format=Event.Format.FACE_TO_FACE,
        place="Sevilla",
        language="es",
        starts_at=now + dt.timedelta(days=40),
        registration_closes_at=now + dt.timedelta(days=40),
    )
    make_event(
        organiser=teacher_fr,
        title="Already over",
        starts_at=now - dt.timedelta(days=3),
        registration_opens_at=now - dt.timedelta(days=10),
        registration_closes_at=now - dt.timedelta(days=3),
    )
    client.force_login(teacher_es)
    url = reverse("events:index")
    assert _titles(client, url) == {"Online English workshop", "Training in Seville"}
    assert _titles(client, url, kind="training") == {"Training in Seville"}
    assert _titles(client, url, language="en") == {"Online English workshop"}
    assert _titles(client, url, format="online") == {"Online English workshop"}
    far = (now + dt.timedelta(days=30)).date().isoformat()
    assert _titles(client, url, date_from=far) == {"Training in Seville"}
    assert _titles(client, url, date_to=far) == {"Online English workshop"}
    past = (now - dt.timedelta(days=5)).date().isoformat()
    assert _titles(client, url, date_from=past, date_to=far) == {"Already over", "Online English workshop"}
    assert _titles(client, url, date_from=far, date_to=now.date().isoformat()) == {
        "Online English workshop",
        "Training in Seville",
    }  # an upside-down range is refused and filters nothing


def test_list_is_paginated_by_20(client, teacher_es):
    organiser = make_teacher()
    for _ in range(21):
        make_event(organiser=organiser)
    client.force_login(teacher_es)
    first = client.get(reverse("events:index"))
    assert len(first.context["page"].object_list) == 20
    assert len(client.get(reverse("events:index"), {"page": 2}).context["page"].object_list) == 1


def _calendar_cells(client, **params):
    html = client.get(reverse("events:calendar"), params).content.decode()
    cells = re.findall(r'data-day="([\d-]+)">(.*?)</td>', html, flags=re.S)
    return dict(cells)


def test_calendar_day_in_the_viewers_zone(client, teacher_es, teacher_fr):
    make_event(
        organiser=teacher_es,
        title="Late in Lisbon",
        time_zone="UTC",
        starts_at=dt.datetime(2031, 3, 31, 23, 30),  # 23:30 UTC on the 31st, last day of March
        registration_opens_at=dt.datetime(2031, 3, 1, 9, 0),
        registration_closes_at=dt.datetime(2031, 3, 31, 23, 30),
    )
    teacher_fr.time_zone = "Europe/Helsinki"
    teacher_fr.save()
    client.force_login(teacher_fr)
    march = _calendar_cells(client, year=2031, month=3)
    assert "Late in Lisbon" not in march["2031-03-31"]
    assert "Late in Lisbon" in march["2031-04-01"]  # April 1st, shown in March's last week
    april = _calendar_cells(client, year=2031, month=4)
    assert "Late in Lisbon" in april["2031-04-01"]
    assert "02:30" in april["2031-04-01"] or "2:30" in april["2031-04-01"]
    teacher_fr.time_zone = "UTC"
    teacher_fr.save()
    march = _calendar_cells(client, year=2031, month=3)
    assert "Late in Lisbon" in march["2031-03-31"]


def test_calendar_grid_and_month_links(client, teacher_es):
    client.force_login(teacher_es)
    response = client.get(reverse("events:calendar"), {"year": 2031, "month": 12, "language": "fr"})
    html = response.content.decode()
    weeks = response.context["weeks"]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][0].day.weekday() == 0
    assert "year=2032&amp;month=1&amp;language=fr" in html
    assert "year=2031&amp;month=11&amp;language=fr" in html
    january = client.get(reverse("events:calendar"), {"year": 2031, "month": 1}).content.decode()
    assert "year=2030&amp;month=12" in january
    assert client.get(reverse("events:calendar"), {"year": "x", "month": "13"}).status_code == 200


def test_calendar_filters(client, teacher_es):
    make_event(
        organiser=teacher_es,
        title="Spanish session",
        language="es",
        starts_at=dt.datetime(2031, 5, 10, 10, 0),
        registration_opens_at=dt.datetime(2031, 5, 1, 9, 0),
        registration_closes_at=dt.datetime(2031, 5, 10, 10, 0),
    )
    client.force_login(teacher_es)
    cells = _calendar_cells(client, year=2031, month=5)
    assert "Spanish session" in cells["2031-05-10"]
    cells = _calendar_cells(client, year=2031, month=5, language="fr")
    assert "Spanish session" not in cells["2031-05-10"]


def _on(organiser, day, title, hour=10):
    return make_event(
        organiser=organiser,
        title=title,
        starts_at=dt.datetime(day.year, day.month, day.day, hour, 0),
        registration_opens_at=dt.datetime(day.year, day.month, 1, 8, 0) - dt.timedelta(days=3),
        registration_closes_at=dt.datetime(day.year, day.month, day.day, hour, 0),
    )


@pytest.mark.parametrize("day", [dt.date(2031, 5, 10), dt.date(2021, 3, 10)], ids=["future", "past"])
def test_a_busy_day_lists_the_first_events_and_links_to_all_of_them(client, teacher_es, day):
    teacher_es.time_zone = "Europe/Brussels"
    teacher_es.save()
    titles = [f"Session at {hour}" for hour in range(8, 15)]
    for hour, title in zip(range(8, 15), titles, strict=True):
        _on(make_teacher(), day, title, hour=hour)
    client.force_login(teacher_es)
    cell = _calendar_cells(client, year=day.year, month=day.month)[day.isoformat()]
    assert [title for title in titles if title in cell] == titles[:CALENDAR_DAY_SHOWN]
    assert f"{len(titles) - CALENDAR_DAY_SHOWN} more events" in cell
    link = re.search(r'class="event-calendar__more" href="([^"]+)"', cell).group(1).replace("&amp;", "&")
    listed = client.get(link).content.decode()
    assert all(title in listed for title in titles)


def test_the_more_link_keeps_the_filters_and_sets_the_day(client, teacher_es):
    day = dt.date(2031, 5, 10)
    for hour in range(8, 15):
        _on(make_teacher(), day, f"Session at {hour}", hour=hour)
    client.force_login(teacher_es)
    cells = _calendar_cells(client, year=2031, month=5, language="en", date_from="2031-05-01")
    link = re.search(r'class="event-calendar__more" href="([^"]+)"', cells["2031-05-10"]).group(1)
    assert "language=en" in link
    assert link.endswith("date_from=2031-05-10&amp;date_to=2031-05-10")


# --- query-count guards -----------------------------------------------------------------------------


def _count(client, url, params=None):
    client.get(url, params)  # the first request of a session writes once (last seen, session)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def _in_may(organiser, day):
    return make_event(
        organiser=organiser,
        starts_at=dt.datetime(2031, 5, day, 10, 0),
        registration_opens_at=timezone.now() - dt.timedelta(hours=1),
        registration_closes_at=dt.datetime(2031, 5, day, 10, 0),
    )


def test_list_and_calendar_query_count(client, teacher_es):
    register(actor=teacher_es, event=_in_may(make_teacher(), 3))
    client.force_login(teacher_es)
    may = {"year": 2031, "month": 5}
    one_list = _count(client, reverse("events:index"))
    one_calendar = _count(client, reverse("events:calendar"), may)
    one_mine = _count(client, reverse("events:mine"))
    for day in range(1, 30):
        event = _in_may(make_teacher(), day)
        register(actor=teacher_es, event=event)
    assert _count(client, reverse("events:index")) == one_list
    assert _count(client, reverse("events:calendar"), may) == one_calendar
    assert _count(client, reverse("events:mine")) == one_mine


def test_event_page_and_participants_query_count(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, capacity=60)
    register(actor=teacher_fr, event=event)
    detail = reverse("events:detail", kwargs={"pk": event.pk})
    people = reverse("events:participants", kwargs={"pk": event.pk})
    for viewer in (teacher_es, teacher_fr):
        client.force_login(viewer)
        counts = (_count(client, detail), _count(client, people))
        register_many(event, 29)
        assert (_count(client, detail), _count(client, people)) == counts


def test_organisers_time_noted_only_when_the_zones_differ(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es, time_zone=teacher_fr.time_zone)
    client.force_login(teacher_fr)
    assert "Organiser's time" not in _page(client, event)
    teacher_fr.time_zone = "Europe/Helsinki" if teacher_fr.time_zone != "Europe/Helsinki" else "Europe/Lisbon"
    teacher_fr.save()
    assert "Organiser's time" in _page(client, event)
