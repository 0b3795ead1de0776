"""Application windows of courses: before, inside, after, and the exact boundaries, with an organiser in
Lisbon who types local times and applicants in Helsinki.

Open from the opening instant itself up to, but not including, the closing
instant. Before the window the applicant reads the opening date in their own
time zone; after it, that applications are closed. A refused application
stores nothing.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, translation

from tests.events.factories import make_teacher
from tests.learning.factories import make_course, make_support_officer
from twinning.core.errors import DomainError
from twinning.events.models import Event, Registration
from twinning.learning import courses

pytestmark = pytest.mark.django_db

LISBON, HELSINKI = ZoneInfo("Europe/Lisbon"), ZoneInfo("Europe/Helsinki")
TICK = dt.timedelta(microseconds=1)
OPENS_LISBON = dt.datetime(2030, 6, 10, 9, 0)
CLOSES_LISBON = dt.datetime(2030, 6, 20, 9, 0)


@pytest.fixture(params=[Event.Kind.LEARNING_EVENT, Event.Kind.ONLINE_SEMINAR])
def lisbon_course(request):
    """Typed in Lisbon (UTC+1 in June): applications 10 June 09:00 to 20 June 09:00, the course from 20 June
    10:00. Helsinki is UTC+3: the window opens at 11:00 and closes at 11:00 there."""
    organiser = make_support_officer(time_zone="Europe/Lisbon")
    kind = request.param
    learning = kind == Event.Kind.LEARNING_EVENT
    return make_course(
        organiser=organiser,
        kind=kind,
        time_zone="Europe/Lisbon",
        starts_at=dt.datetime(2030, 6, 20, 10, 0),
        ends_at=dt.datetime(2030, 7, 4, 17, 0) if learning else dt.datetime(2030, 6, 20, 11, 0),
        applications_open_at=OPENS_LISBON,
        applications_close_at=CLOSES_LISBON,
    )


@pytest.fixture
def applicant():
    return make_teacher(time_zone="Europe/Helsinki")


def test_the_window_is_stored_as_the_instants_the_organiser_meant(lisbon_course):
    event = lisbon_course.event
    assert event.registration_opens_at == dt.datetime(2030, 6, 10, 8, 0, tzinfo=dt.UTC)
    assert event.registration_closes_at == dt.datetime(2030, 6, 20, 8, 0, tzinfo=dt.UTC)
    assert event.registration_opens_at == dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("moment", "outcome"),
    [
        (dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI) - TICK, "not_open"),  # just before the opening
        (dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI), "registered"),  # the opening instant (09:00 in Lisbon)
        (dt.datetime(2030, 6, 10, 9, 0, tzinfo=LISBON), "registered"),  # the same instant, written in Lisbon
        (dt.datetime(2030, 6, 15, 12, 0, tzinfo=HELSINKI), "registered"),  # inside
        (dt.datetime(2030, 6, 20, 11, 0, tzinfo=HELSINKI) - TICK, "registered"),  # 1 µs before the closing
        (dt.datetime(2030, 6, 20, 11, 0, tzinfo=HELSINKI), "closed"),  # the closing instant
        (dt.datetime(2030, 6, 20, 10, 30, tzinfo=LISBON), "closed"),  # after
    ],
)
def test_applications_at_the_boundaries(lisbon_course, applicant, moment, outcome):
    if outcome == "registered":
        registration = courses.course_apply(actor=applicant, course=lisbon_course, now=moment)
        assert registration.state == Registration.State.REGISTERED
        assert Registration.objects.get().user == applicant
    else:
        with pytest.raises(DomainError) as refused:
            courses.course_apply(actor=applicant, course=lisbon_course, now=moment)
        assert refused.value.code == outcome
        assert not Registration.objects.exists()


def test_before_the_window_the_applicant_reads_the_opening_in_their_own_zone(lisbon_course, applicant):
    before = dt.datetime(2030, 6, 1, 12, 0, tzinfo=HELSINKI)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        courses.course_apply(actor=applicant, course=lisbon_course, now=before)
    with translation.override("en"):
        helsinki = formats.date_format(dt.datetime(2030, 6, 10, 11, 0, tzinfo=HELSINKI), "DATETIME_FORMAT")
        lisbon = formats.date_format(dt.datetime(2030, 6, 10, 9, 0, tzinfo=LISBON), "DATETIME_FORMAT")
    assert refused.value.code == "not_open"
    assert "Applications open on" in refused.value.message
    assert refused.value.message == f"Applications open on {helsinki} (Europe/Helsinki)."
    assert lisbon not in refused.value.message
    assert not Registration.objects.exists()


def test_a_lisbon_applicant_reads_the_opening_in_lisbon_time(lisbon_course):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        courses.course_apply(
            actor=make_teacher(time_zone="Europe/Lisbon"),
            course=lisbon_course,
            now=dt.datetime(2030, 6, 1, tzinfo=LISBON),
        )
    with translation.override("en"):
        lisbon = formats.date_format(dt.datetime(2030, 6, 10, 9, 0, tzinfo=LISBON), "DATETIME_FORMAT")
    assert refused.value.message == f"Applications open on {lisbon} (Europe/Lisbon)."


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2030, 6, 20, 11, 0, tzinfo=HELSINKI),  # the closing instant
        dt.datetime(2030, 6, 20, 12, 0, tzinfo=HELSINKI),  # during the course
        dt.datetime(2030, 8, 1, tzinfo=HELSINKI),  # long after
    ],
)
def test_after_the_window_applications_are_closed(lisbon_course, applicant, moment):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        courses.course_apply(actor=applicant, course=lisbon_course, now=moment)
    assert (refused.value.code, refused.value.message) == ("closed", "Applications are closed.")
    assert not Registration.objects.exists()
