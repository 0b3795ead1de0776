"""The iCalendar writer: RFC 5545 lines parsed back (folding at 75 octets, escaping), the .ics download and the
personal feed with its secret address."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.events.factories import make_event, make_teacher
from twinning.events import ics, services
from twinning.events.models import CalendarFeed, Event
from twinning.events.services import event_cancel, register

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: CRLF followed by one space or tab continues the previous line."""
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    lines: list[str] = []
    for physical in text.split("\r\n"):
        if physical[:1] in (" ", "\t"):
            lines[-1] += physical[1:]
        elif physical:
            lines.append(physical)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            assert value[i] not in ",;", f"unescaped {value[i]!r} in {value!r}"
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(text: str) -> list[dict[str, str]]:
    """The VEVENTs as {name: raw value}, checking the calendar's frame."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events, current = [], None
    for line in lines:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name.split(";")[0]] = value
    return events


def test_every_physical_line_fits_75_octets_and_unfolds_to_the_original():
    text = "é" * 40 + "x" * 100 + "ж" * 50  # two-byte characters across the fold points
    folded = ics.fold("DESCRIPTION:" + text)
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")  # never split inside a character
    assert unfold(folded + "\r\n") == ["DESCRIPTION:" + text]


def test_escaping_round_trip():
    tricky = 'Back\\slash; semi, comma\nnew line\r\nwindows "quotes" ünïcode'
    escaped = ics.escape_text(tricky)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert unescape(escaped) == tricky.replace("\r\n", "\n")


def test_event_written_and_parsed_back(teacher_es):
    starts = dt.datetime(2031, 3, 14, 9, 30)  # Lisbon wall clock: UTC+0 in March
    event = make_event(
        organiser=teacher_es,
        title="Maths, music; and \\ more",
        description="Line one\nLine two, with a comma; and a semicolon. " + "Long text " * 20,
        format=Event.Format.FACE_TO_FACE,
        place="Rua Augusta 1, Lisboa",
        time_zone="Europe/Lisbon",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        registration_opens_at=dt.datetime(2031, 3, 1, 9, 0),
        registration_closes_at=starts,
    )
    now = dt.datetime(2031, 3, 1, 12, 0, tzinfo=dt.UTC)
    text = ics.calendar([event], url_for=lambda e: f"https://example.org/events/{e.pk}/", now=now)
    (parsed,) = parse(text)
    assert parsed["UID"] == ics.event_uid(event)
    assert parsed["DTSTAMP"] == "20310301T120000Z"
    assert parsed["DTSTART"] == "20310314T093000Z"
    assert parsed["DTEND"] == "20310314T113000Z"
    assert unescape(parsed["SUMMARY"]) == event.title
    assert unescape(parsed["DESCRIPTION"]).startswith(event.description)
    assert unescape(parsed["LOCATION"]) == "Rua Augusta 1, Lisboa"
    assert parsed["URL"] == f"https://example.org/events/{event.pk}/"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_times_are_utc_from_the_organisers_zone(teacher_es):
    event = make_event(
        organiser=teacher_es,
        time_zone="Europe/Helsinki",
        starts_at=dt.datetime(2031, 7, 1, 10, 0),  # 10:00 in Helsinki (UTC+3 in summer)
        registration_opens_at=dt.datetime(2031, 6, 1, 10, 0),
        registration_closes_at=dt.datetime(2031, 7, 1, 10, 0),
    )
    (parsed,) = parse(ics.calendar([event], url_for=lambda e: "", now=event.created_at))
    assert parsed["DTSTART"] == "20310701T070000Z"
    assert "LOCATION" not in parsed  # online


def test_download_is_text_calendar(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_es)
    client.force_login(teacher_fr)
    response = client.get(reverse("events:ics", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (parsed,) = parse(response.content.decode())
    assert parsed["URL"].endswith(reverse("events:detail", kwargs={"pk": event.pk}))


def test_cancelled_event_says_so(teacher_es):
    event = make_event(organiser=teacher_es)
    event_cancel(actor=teacher_es, event=event, reason="The speaker is ill.")
    event.refresh_from_db()
    (parsed,) = parse(ics.calendar([event], url_for=lambda e: "", now=event.created_at))
    assert parsed["STATUS"] == "CANCELLED"


def test_feed_lists_my_events_without_login(client, teacher_es, teacher_fr):
    mine = make_event(organiser=teacher_fr, title="Mine to attend")
    register(actor=teacher_es, event=mine)
    organised = make_event(organiser=teacher_es, title="Mine to run")
    make_event(organiser=teacher_fr, title="Not mine")
    client.force_login(teacher_es)
    page = client.get(reverse("events:feed_settings")).content.decode()
    token = CalendarFeed.objects.get(user=teacher_es).token
    assert token in page
    client.logout()
    response = client.get(reverse("events:feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    titles = {unescape(event["SUMMARY"]) for event in parse(response.content.decode())}
    assert titles == {mine.title, organised.title}


def test_feed_bad_or_renewed_token_is_404(client, teacher_es):
    client.force_login(teacher_es)
    client.get(reverse("events:feed_settings"))
    old = CalendarFeed.objects.get(user=teacher_es).token
    assert client.get(reverse("events:feed", kwargs={"token": "not-a-token"})).status_code == 404
    assert client.post(reverse("events:feed_settings")).status_code == 302
    new = CalendarFeed.objects.get(user=teacher_es).token
    assert new != old
    client.logout()
    assert client.get(reverse("events:feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("events:feed", kwargs={"token": new})).status_code == 200


def test_feed_of_an_inactive_account_is_404(client, teacher_es):
    feed = services.feed_for(user=teacher_es)
    teacher_es.is_active = False
    teacher_es.save()
    assert client.get(reverse("events:feed", kwargs={"token": feed.token})).status_code == 404


def test_private_event_ics_is_404_for_the_uninvited(client, teacher_es):
    event = make_event(organiser=teacher_es, visibility=Event.Visibility.PRIVATE)
    client.force_login(make_teacher())
    assert client.get(reverse("events:ics", kwargs={"pk": event.pk})).status_code == 404
