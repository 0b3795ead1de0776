"""Registration windows: before, during, after, the exact boundaries, in different time zones.

The rule: open from `registration_opens_at` itself up to, but not including,
`registration_closes_at` (a registration at the closing instant is refused).
The organiser types local times in their time zone; they are stored in UTC,
so a reader anywhere meets the same instants, and the "opens on" message
shows the date in the reader's own time zone.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from tests.events.factories import make_event, make_teacher
from twinning.core.errors import DomainError
from twinning.events import services
from twinning.events.models import Registration
from twinning.events.selectors import registration_window

pytestmark = pytest.mark.django_db

LISBON, HELSINKI = ZoneInfo("Europe/Lisbon"), ZoneInfo("Europe/Helsinki")
TICK = dt.timedelta(microseconds=1)


@pytest.fixture
def lisbon_event():
    """Typed by an organiser in Lisbon: registration 10 June 2030 09:00 to 20 June 09:00, event 20 June 10:00."""
    organiser = make_teacher(time_zone="Europe/Lisbon")
    return make_event(
        organiser=organiser,
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2030, 6, 20, 10, 0),
        ends_at=dt.datetime(2030, 6, 20, 12, 0),
        registration_opens_at=dt.datetime(2030, 6, 10, 9, 0),
        registration_closes_at=dt.datetime(2030, 6, 20, 9, 0),
    )


def test_local_times_are_stored_as_the_same_instants_in_utc(lisbon_event):
    event = lisbon_event
    event.refresh_from_db()
    # Lisbon is UTC+1 in June, Helsinki UTC+3: the same instant everywhere.
    assert event.registration_opens_at == dt.datetime(2030, 6, 10, 8, 0, tzinfo=dt.UTC)
    assert event.registration_opens_at == dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI)
    assert event.starts_at == dt.datetime(2030, 6, 20, 9, 0, tzinfo=dt.UTC)
    assert event.time_zone == "Europe/Lisbon"


def test_aware_times_from_another_zone_keep_their_instant():
    event = make_event(
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2030, 1, 15, 12, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2030, 1, 15, 13, 0, tzinfo=HELSINKI),
        registration_opens_at=dt.datetime(2030, 1, 1, 0, 0, tzinfo=HELSINKI),
        registration_closes_at=dt.datetime(2030, 1, 15, 12, 0, tzinfo=HELSINKI),
    )
    event.refresh_from_db()
    assert event.starts_at == dt.datetime(2030, 1, 15, 10, 0, tzinfo=dt.UTC)


def test_window_states_at_and_around_the_boundaries(lisbon_event):
    event = lisbon_event
    opens, closes = event.registration_opens_at, event.registration_closes_at
    assert registration_window(event, opens - TICK).state == "before"
    assert registration_window(event, opens).state == "open"
    assert registration_window(event, closes - TICK).state == "open"
    assert registration_window(event, closes).state == "closed"
    assert registration_window(event, closes + dt.timedelta(days=3)).state == "closed"
    window = registration_window(event, opens)
    assert (window.opens_at, window.closes_at) == (opens, closes)


def test_before_the_window_the_reader_sees_the_opening_in_their_own_zone(lisbon_event):
    event = lisbon_event
    reader = make_teacher(time_zone="Europe/Helsinki")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.register(actor=reader, event=event, now=event.registration_opens_at - TICK)
    with translation.override("en"):
        helsinki = formats.date_format(dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI), "DATETIME_FORMAT")
        lisbon = formats.date_format(dt.datetime(2030, 6, 10, 9, 0, tzinfo=LISBON), "DATETIME_FORMAT")
    assert refused.value.message == f"Registration opens on {helsinki} (Europe/Helsinki)."
    assert lisbon not in refused.value.message
    assert refused.value.code == "not_open"
    assert not Registration.objects.exists()


def test_registration_at_the_opening_instant_is_accepted(lisbon_event):
    event = lisbon_event
    reader = make_teacher(time_zone="Europe/Helsinki")
    # 11:00 in Helsinki is 09:00 in Lisbon: the very instant the organiser opened registration.
    at = dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI)
    assert services.register(actor=reader, event=event, now=at).state == Registration.State.REGISTERED


def test_registration_during_and_just_before_the_close(lisbon_event):
    event = lisbon_event
    middle = dt.datetime(2030, 6, 15, 12, 0, tzinfo=LISBON)
    assert services.register(actor=make_teacher(), event=event, now=middle).state == Registration.State.REGISTERED
    last = event.registration_closes_at - TICK
    assert services.register(actor=make_teacher(), event=event, now=last).state == Registration.State.REGISTERED


def test_registration_at_the_closing_instant_and_after_is_refused(lisbon_event):
    event = lisbon_event
    for now in (event.registration_closes_at, dt.datetime(2030, 6, 20, 11, 0, tzinfo=HELSINKI), event.ends_at):
        with translation.override("en"), pytest.raises(DomainError) as refused:
            services.register(actor=make_teacher(time_zone="Europe/Helsinki"), event=event, now=now)
        assert refused.value.message == "Registration is closed."
    assert not Registration.objects.exists()
