"""Events in a real browser.

A teacher in Rome organises an online public workshop from Events, typing its
times in Lisbon's zone; she finds it in the list and in the month calendar.
Two teachers register from the event's page and the places left go down; a
third, on the full event, lands on the waiting list. One registered teacher
cancels: the waiting one finds the offered place on the page, accepts it and,
the room being open, joins it with the page's button, which leads to the
configured Jitsi room (an address under the live server itself). The .ics
download holds the event's UID, summary and UTC times.
A private event answers 404 to a teacher who is not invited.
Nothing any page asked for came from another host.
"""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from tests.accounts.factories import PASSWORD, UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import User
from twinning.events.models import Event, Registration
from twinning.events.services import event_create, event_invite

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Rivers across Europe: a planning workshop"
ORGANISER_ZONE = "Europe/Rome"
EVENT_ZONE = "Europe/Lisbon"
ROOM_PATH = "/static/video-room-stand-in/"
LOCAL = "%Y-%m-%dT%H:%M"


def _teacher(*, email: str, first: str, last: str, country: str, time_zone: str = "Europe/Brussels") -> User:
    user: User = UserFactory(  # type: ignore[assignment]
        email=email, first_name=first, last_name=last, is_validated=True, time_zone=time_zone
    )
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country))
    return user


def _new_page(browser, live_server, urls: list[str]):
    """A page in a fresh browser profile (nobody signed in); every URL it asks for lands in `urls`."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", service_workers="block")
    context.set_default_timeout(10_000)
    context.on("request", lambda request: urls.append(request.url))
    return context, context.new_page()


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Home", exact=True).first.wait_for()


def _status(page, text: str) -> None:
    page.get_by_role("status").filter(has_text=text).first.wait_for()


def _places(page) -> str:
    """The event page's "Places" fact, e.g. "1 of 2 left · 1 waiting"."""
    return " ".join(page.locator(".event__facts dt:has-text('Places') + dd").inner_text().split())


def _your_place(page):
    return page.get_by_role("region", name="Your place")


def _own_host_only(live_server, urls: list[str]) -> None:
    own = urlsplit(live_server.url).netloc
    assert urls
    assert {urlsplit(url).netloc for url in urls if urlsplit(url).scheme in ("http", "https", "ws", "wss")} == {own}


def _unfolded(body: str) -> list[str]:
    """An iCalendar body's content lines, folded lines joined back (RFC 5545 §3.1)."""
    return body.replace("\r\n ", "").split("\r\n")


def _iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_online_event_organised_registered_waiting_list_offer_join_and_ics(browser, live_server, settings, tmp_path):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    settings.EVENTS_OFFER_HOURS = 24
    settings.VIDEO_BACKEND = "jitsi"
    # A harmless address under the live server itself; the browser's request for it is intercepted below.
    settings.JITSI_URL = live_server.url + ROOM_PATH

    sofia = _teacher(email="sofia@example.org", first="Sofia", last="Rossi", country="IT", time_zone=ORGANISER_ZONE)
    jonas = _teacher(email="jonas@example.org", first="Jonas", last="Berg", country="DE")
    marie = _teacher(email="marie@example.org", first="Marie", last="Dubois", country="FR")
    lucia = _teacher(email="lucia@example.org", first="Lucía", last="García", country="ES", time_zone="Europe/Madrid")
    urls: list[str] = []

    # The workshop starts in about ten minutes (Lisbon's wall clock): its room opens 15 minutes before.
    lisbon = ZoneInfo(EVENT_ZONE)
    now_lisbon = timezone.now().astimezone(lisbon).replace(second=0, microsecond=0, tzinfo=None)
    starts_local = now_lisbon + dt.timedelta(minutes=10)
    ends_local = starts_local + dt.timedelta(hours=1)
    opens_local = now_lisbon - dt.timedelta(hours=2)

    # Sofia organises it from Events -> Organise an event, with the form.
    sofia_context, page = _new_page(browser, live_server, urls)
    _log_in(page, sofia.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("heading", name="Events", level=1).wait_for()
    page.get_by_role("link", name="Organise an event").click()
    page.get_by_role("heading", name="Organise an event", level=1).wait_for()
    form = page.locator("main form")
    assert form.get_by_label("Time zone").input_value() == ORGANISER_ZONE  # her own zone is proposed
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Description").fill("We plan a shared project on rivers: bring one idea for your class.")
    form.get_by_label("Type").select_option(label="Workshop")
    form.get_by_label("Online", exact=True).check()
    form.get_by_label("Time zone").select_option(EVENT_ZONE)
    form.get_by_label("Starts").fill(starts_local.strftime(LOCAL))
    form.get_by_label("Ends").fill(ends_local.strftime(LOCAL))
    form.get_by_label("Language").select_option(label="English")
    form.get_by_label("Public: every teacher can see it and register").check()
    form.get_by_label("Places").fill("2")
    form.get_by_label("Registration opens").fill(opens_local.strftime(LOCAL))
    form.get_by_label("Registration closes").fill(starts_local.strftime(LOCAL))
    form.get_by_role("button", name="Announce the event").click()
    _status(page, "Your event is announced.")
    page.get_by_role("heading", name=TITLE, level=1).wait_for()

    event = Event.objects.get(title=TITLE)
    assert event.organiser == sofia
    assert (event.format, event.visibility, event.capacity) == (Event.Format.ONLINE, Event.Visibility.PUBLIC, 2)
    assert event.time_zone == EVENT_ZONE
    # The typed times were read on Lisbon's clock.
    assert event.starts_at == starts_local.replace(tzinfo=lisbon)
    assert event.ends_at == ends_local.replace(tzinfo=lisbon)
    assert event.registration_opens_at == opens_local.replace(tzinfo=lisbon)
    assert event.registration_closes_at == starts_local.replace(tzinfo=lisbon)
    event_path = f"/events/{event.pk}/"
    assert urlsplit(page.url).path == event_path

    # Her page shows the times in her zone (Rome) and, apart, the organiser's time zone chosen (Lisbon).
    header_times = page.locator(".event__when time")
    assert header_times.nth(0).get_attribute("datetime") == _iso_utc(event.starts_at)
    assert header_times.nth(1).get_attribute("datetime") == _iso_utc(event.ends_at)
    assert ORGANISER_ZONE in page.locator(".event__when").inner_text()
    assert f"({EVENT_ZONE})" in page.locator('.event__facts dt:has-text("Organiser\'s time") + dd').inner_text()
    assert "You organise this event." in _your_place(page).inner_text()
    assert _places(page) == "2 of 2 left"

    # She finds it in the list of upcoming events ...
    views = page.get_by_role("navigation", name="Ways to see events")
    page.get_by_role("link", name="Events", exact=True).first.click()
    card = page.locator(".event-card").filter(has=page.get_by_role("link", name=TITLE))
    card.wait_for()
    assert "2 places left" in card.inner_text()

    # ... and in the month calendar, on the day it starts in her zone.
    views.get_by_role("link", name="Calendar").click()
    page.get_by_role("heading", name=re.compile(r"^\w+ \d{4}$"), level=2).wait_for()
    starts_rome = event.starts_at.astimezone(ZoneInfo(ORGANISER_ZONE))
    today_rome = timezone.now().astimezone(ZoneInfo(ORGANISER_ZONE))
    if (starts_rome.year, starts_rome.month) != (today_rome.year, today_rome.month):
        page.get_by_role("link", name="Next month").click()
    page.get_by_role("heading", name=starts_rome.strftime("%B %Y"), level=2).wait_for()
    day = page.locator(f"td[data-day='{starts_rome:%Y-%m-%d}']")
    entry = day.get_by_role("link", name=re.compile(re.escape(TITLE)))
    assert entry.locator("time").get_attribute("datetime") == _iso_utc(event.starts_at)
    assert page.get_by_role("link", name=re.compile(re.escape(TITLE))).count() == 1
    entry.click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    sofia_context.close()

    # Jonas and Marie, each in their own browser, register from the event's page: the places go down.
    pages = {}
    for teacher, before, after in ((jonas, "2 of 2 left", "1 of 2 left"), (marie, "1 of 2 left", "0 of 2 left")):
        context, teacher_page = _new_page(browser, live_server, urls)
        _log_in(teacher_page, teacher.email)
        teacher_page.goto(event_path)
        teacher_page.get_by_role("heading", name=TITLE, level=1).wait_for()
        assert _places(teacher_page) == before
        _your_place(teacher_page).get_by_role("button", name="Register", exact=True).click()
        _status(teacher_page, "You are registered.")
        assert _places(teacher_page) == after
        pages[teacher.pk] = (context, teacher_page)
    assert set(
        Registration.objects.filter(event=event, state=Registration.State.REGISTERED).values_list("user", flat=True)
    ) == {jonas.pk, marie.pk}

    # Lucía finds the event full: she joins the waiting list, first in line, with no way into the room.
    lucia_context, lucia_page = _new_page(browser, live_server, urls)
    _log_in(lucia_page, lucia.email)
    lucia_page.goto("/events/")
    lucia_card = lucia_page.locator(".event-card").filter(has=lucia_page.get_by_role("link", name=TITLE))
    assert "Full: waiting list" in lucia_card.inner_text()
    lucia_card.get_by_role("link", name=TITLE).click()
    lucia_page.get_by_role("heading", name=TITLE, level=1).wait_for()
    assert _your_place(lucia_page).get_by_role("button", name="Register", exact=True).count() == 0
    _your_place(lucia_page).get_by_role("button", name="Join the waiting list").click()
    _status(lucia_page, "The event is full: you are on the waiting list.")
    assert "You are on the waiting list (number 1 in line)." in _your_place(lucia_page).inner_text()
    assert _places(lucia_page) == "0 of 2 left · 1 waiting"
    assert lucia_page.get_by_role("link", name="Join the video room").count() == 0
    assert Registration.objects.get(event=event, user=lucia).state == Registration.State.WAITING

    # Jonas cancels his registration: his place is offered to Lucía.
    jonas_context, jonas_page = pages[jonas.pk]
    jonas_page.reload()
    _your_place(jonas_page).get_by_role("button", name="Cancel my registration").click()
    _status(jonas_page, "Your registration is cancelled.")
    _your_place(jonas_page).get_by_role("button", name="Register", exact=True).wait_for(state="detached")
    jonas_context.close()
    offered = Registration.objects.get(event=event, user=lucia)
    assert offered.state == Registration.State.OFFERED
    assert offered.offer_expires_at is not None

    # Lucía sees the offered place on the event's page and accepts it.
    lucia_page.reload()
    place = _your_place(lucia_page)
    assert re.search(r"A place is free for you until .+\.", place.inner_text())
    place.get_by_role("button", name=re.compile(r"^Accept the offered place before ")).click()
    _status(lucia_page, "The place is yours: you are registered.")
    assert "You are registered." in _your_place(lucia_page).inner_text()
    assert _places(lucia_page) == "0 of 2 left"
    assert Registration.objects.get(event=event, user=lucia, state=Registration.State.REGISTERED)
    event.refresh_from_db()
    assert (event.seats_taken, event.waiting_count) == (2, 0)

    # The room is open (the event starts within 15 minutes): the Join button leads to the Jitsi room,
    # named by the event's room name, with her name filled in. The button's request is intercepted and
    # our server's answer recorded on its way. Playwright does not route the redirect's target, so the
    # room address lies under the live server itself, which answers it with its own "not found" page.
    join_answers = []

    def through_join(route) -> None:
        answer = route.fetch(max_redirects=0)
        join_answers.append((answer.status, answer.headers))
        route.fulfill(response=answer)

    lucia_context.route(f"{live_server.url}{event_path}join/", through_join)
    join = _your_place(lucia_page).get_by_role("link", name="Join the video room")
    assert join.get_attribute("href") == f"{event_path}join/"
    with lucia_page.expect_popup() as popup_info:
        join.click()
    room_page = popup_info.value
    room_page.wait_for_load_state()
    room_url = f"{live_server.url}{ROOM_PATH}{event.video_room}"
    [(status, headers)] = join_answers
    assert status == 302
    assert headers["referrer-policy"] == "no-referrer"
    location = urlsplit(headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == room_url
    assert unquote(location.fragment) == 'userInfo.displayName="Lucía García"'
    assert room_page.url == headers["location"]
    assert room_url in urls  # the fragment stays in the browser
    room_page.close()

    # The .ics download: the event's UID, its title and its times in UTC.
    with lucia_page.expect_download() as download_info:
        lucia_page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{event.pk}.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    lines = _unfolded(Path(saved).read_bytes().decode("utf-8"))
    host = urlsplit(django_settings.SITE_URL).hostname
    assert f"UID:event-{event.pk}@{host}" in lines
    assert f"SUMMARY:{TITLE}" in lines
    assert f"DTSTART:{_utc_stamp(event.starts_at)}" in lines
    assert f"DTEND:{_utc_stamp(event.ends_at)}" in lines
    assert lines.count("BEGIN:VEVENT") == 1
    lucia_context.close()

    marie_context, _marie_page = pages[marie.pk]
    marie_context.close()

    # No page asked for anything but the live server (the video room included).
    _own_host_only(live_server, urls)


def test_private_event_is_404_for_a_teacher_not_invited(browser, live_server):
    sofia = _teacher(email="sofia@example.org", first="Sofia", last="Rossi", country="IT")
    invited = _teacher(email="jonas@example.org", first="Jonas", last="Berg", country="DE")
    outsider = _teacher(email="piet@example.org", first="Piet", last="Jansen", country="NL")
    starts = timezone.now() + dt.timedelta(days=3)
    event = event_create(
        actor=sofia,
        title="Our partners' private planning",
        description="Only our project's partners.",
        kind=Event.Kind.WORKSHOP,
        format=Event.Format.ONLINE,
        place="",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        time_zone="Europe/Rome",
        language="en",
        visibility=Event.Visibility.PRIVATE,
        capacity=10,
        registration_opens_at=timezone.now() - dt.timedelta(hours=1),
        registration_closes_at=starts,
    )
    event_invite(actor=sofia, event=event, invitee=invited)
    urls: list[str] = []

    # The invited teacher sees it, marked private, and may register.
    invited_context, invited_page = _new_page(browser, live_server, urls)
    _log_in(invited_page, invited.email)
    response = invited_page.goto(f"/events/{event.pk}/")
    assert response is not None
    assert response.status == 200
    invited_page.get_by_role("heading", name=event.title, level=1).wait_for()
    assert "Private: by invitation" in invited_page.locator(".event__header").inner_text()
    _your_place(invited_page).get_by_role("button", name="Register", exact=True).wait_for()
    invited_context.close()

    # Another teacher neither finds it in the list nor reaches its pages: 404, as if it did not exist.
    context, page = _new_page(browser, live_server, urls)
    _log_in(page, outsider.email)
    page.goto("/events/")
    page.get_by_role("heading", name="Events", level=1).wait_for()
    assert page.get_by_text(event.title).count() == 0
    for path in ("", "event.ics", "participants/", "join/", "forum/"):
        response = page.goto(f"/events/{event.pk}/{path}")
        assert response is not None
        assert response.status == 404, path
        assert page.get_by_text(event.title).count() == 0
    context.close()
    _own_host_only(live_server, urls)
