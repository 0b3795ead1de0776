"""Course pages: who sees and does what (pupils 404 everywhere, teachers 404 on the organiser's pages, an
officer who does not organise the course 404 on its edit page), the organiser's forms, applying,
withdrawing and accepting through the pages, the window texts, marking activities done, the seminar's video
room, the catalogue's filters and query-count guards, and bad POSTs that change nothing."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event
from tests.learning.factories import make_course, make_support_officer, start_course
from twinning.discussions.models import Post
from twinning.events.models import Event, Registration
from twinning.events.services import attendance_mark
from twinning.learning.courses import activity_create, course_apply
from twinning.learning.models import ActivityDone, Course, CourseActivity, CourseCompletion

pytestmark = pytest.mark.django_db

LEARNING = Event.Kind.LEARNING_EVENT
SEMINAR = Event.Kind.ONLINE_SEMINAR


def _pupil():
    return UserFactory(is_pupil=True, is_validated=False)


def _url(name, course=None, **kwargs):
    if course is not None:
        kwargs["pk"] = course.pk
    return reverse(f"learning:{name}", kwargs=kwargs)


def _page(client, course):
    response = client.get(_url("course", course))
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    """The page's text with tags dropped and spaces squeezed, to find sentences split by markup."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _add_activity(course, *, week=1, title="Introduce yourself"):
    return activity_create(
        actor=course.event.organiser, course=course, week=week, title=title, instructions="Say hello to the group."
    )


def _course_form(**overrides):
    data = {
        "kind": LEARNING,
        "title": "Project-based learning in practice",
        "description": "Three weeks to plan a project with partners.",
        "audience": "Secondary teachers new to projects",
        "language": "en",
        "time_zone": "Europe/Lisbon",
        "starts_at": "2031-03-03T09:00",
        "ends_at": "2031-03-21T17:00",
        "capacity": "40",
        "applications_open_at": "2031-02-01T09:00",
        "applications_close_at": "2031-03-03T09:00",
        "activities_required": "2",
    }
    data.update(overrides)
    return data


# --- who sees which page -------------------------------------------------------------------------


@pytest.fixture
def world(teacher_es):
    organiser = make_support_officer(first_name="Odile", last_name="Roux")
    course = make_course(organiser=organiser, kind=LEARNING)
    activity = _add_activity(course)
    return {
        "course": course,
        "activity": activity,
        "organiser": organiser,
        "teacher": teacher_es,
        "officer": make_support_officer(country="DE"),
        "pupil": _pupil(),
    }


READ_PAGES = ["courses", "course"]
ORGANISER_PAGES = ["course_create", "course_edit", "activity_create"]


def _page_url(page, world):
    return _url(page) if page in ("courses", "course_create") else _url(page, world["course"])


@pytest.mark.parametrize("page", READ_PAGES + ORGANISER_PAGES)
def test_signed_out_visitors_are_sent_to_log_in(client, world, page):
    response = client.get(_page_url(page, world))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("page", READ_PAGES + ORGANISER_PAGES + ["course_withdraw"])
def test_pupils_get_404_everywhere(client, world, page):
    client.force_login(world["pupil"])
    assert client.get(_page_url(page, world)).status_code == 404


@pytest.mark.parametrize("page", ["course_apply", "course_accept"])
def test_pupils_cannot_post_either(client, world, page):
    client.force_login(world["pupil"])
    assert client.post(_url(page, world["course"])).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("persona", "page", "status"),
    [
        ("teacher", "courses", 200),
        ("teacher", "course", 200),
        ("teacher", "course_create", 404),
        ("teacher", "course_edit", 404),
        ("teacher", "activity_create", 404),
        ("officer", "courses", 200),
        ("officer", "course", 200),
        ("officer", "course_create", 200),
        ("officer", "course_edit", 404),
        ("officer", "activity_create", 404),
        ("organiser", "courses", 200),
        ("organiser", "course", 200),
        ("organiser", "course_create", 200),
        ("organiser", "course_edit", 200),
        ("organiser", "activity_create", 200),
    ],
)
def test_page_matrix(client, world, persona, page, status):
    client.force_login(world[persona])
    assert client.get(_page_url(page, world)).status_code == status


@pytest.mark.parametrize("persona", ["teacher", "officer"])
def test_organiser_posts_from_others_are_404_and_change_nothing(client, world, persona):
    course = world["course"]
    client.force_login(world[persona])
    assert client.post(_url("course_edit", course), _course_form(title="Taken over")).status_code == 404
    hijack = {"week": "1", "title": "Hijack", "instructions": "No."}
    assert client.post(_url("activity_create", course), hijack).status_code == 404
    course.event.refresh_from_db()
    assert course.event.title != "Taken over"
    assert CourseActivity.objects.filter(course=course).count() == 1


EVENT_PAGES = ["events:participants", "events:forum:threads", "events:documents:documents", "events:ics"]
EVENT_ORGANISER_PAGES = ["events:edit", "events:cancel"]
EVENT_ORGANISER_POSTS = ["events:cancel", "events:participants", "events:attendance_from_video"]


def test_a_course_s_event_pages_are_404_for_pupils_and_its_organiser_actions_for_everyone_else(client, world):
    """The course's forum, documents, participants, calendar file, cancel page and attendance are the event
    pages: a pupil gets 404 on each, a teacher or another officer 404 on the organiser's, posting included."""
    course = start_course(world["course"])
    course_url_args = {"pk": course.pk}
    client.force_login(world["pupil"])
    for name in [*EVENT_PAGES, *EVENT_ORGANISER_PAGES, "events:detail", "events:join"]:
        assert client.get(reverse(name, kwargs=course_url_args)).status_code == 404, name
    for persona in ("teacher", "officer", "pupil"):
        client.force_login(world[persona])
        for name in EVENT_ORGANISER_PAGES:
            assert client.get(reverse(name, kwargs=course_url_args)).status_code == 404, (persona, name)
        for name in EVENT_ORGANISER_POSTS:
            response = client.post(reverse(name, kwargs=course_url_args), {"reason": "Taken over", "attended": ["1"]})
            assert response.status_code == 404, (persona, name)
    course.event.refresh_from_db()
    assert course.event.status == Event.Status.SCHEDULED
    client.force_login(world["teacher"])
    for name in EVENT_PAGES:
        assert client.get(reverse(name, kwargs=course_url_args)).status_code == 200, name


def test_a_course_that_does_not_exist_is_404(client, teacher_es):
    client.force_login(teacher_es)
    assert client.get(_url("course", pk=999_999)).status_code == 404
    assert client.post(_url("course_apply", pk=999_999)).status_code == 404


def test_a_plain_event_is_not_a_course_page(client, teacher_es, teacher_fr):
    event = make_event(organiser=teacher_fr)
    client.force_login(teacher_es)
    assert client.get(_url("course", pk=event.pk)).status_code == 404


def test_the_tabs_are_on_every_professional_development_page(client, world):
    client.force_login(world["organiser"])
    course = world["course"]
    for url in (
        reverse("learning:index"),
        _url("courses"),
        _url("course", course),
        _url("course_create"),
        _url("course_edit", course),
        _url("activity_create", course),
    ):
        html = client.get(url).content.decode()
        assert reverse("certificates:index") in html, url
        assert html.count("<h1") == 1, url


def test_the_self_learning_tab_is_current_on_the_modules_page(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(reverse("learning:index")).content.decode()
    assert f'href="{reverse("learning:index")}" aria-current="page"' in html
    assert f'href="{_url("courses")}" aria-current="page"' not in html


def test_a_course_s_event_pages_sit_under_professional_development_not_events(client, world):
    client.force_login(world["organiser"])
    course = world["course"]
    learning_current = f'href="{reverse("learning:index")}" aria-current="page"'
    events_current = f'href="{reverse("events:index")}" aria-current="page"'
    for url in (
        reverse("events:participants", kwargs={"pk": course.pk}),
        reverse("events:forum:threads", kwargs={"pk": course.pk}),
        reverse("events:documents:documents", kwargs={"pk": course.pk}),
    ):
        html = client.get(url).content.decode()
        assert learning_current in html, url
        assert events_current not in html, url
        assert f'href="{_url("courses")}"' in html, url
    event = make_event(organiser=world["teacher"])
    client.force_login(world["teacher"])
    html = client.get(reverse("events:participants", kwargs={"pk": event.pk})).content.decode()
    assert events_current in html
    assert learning_current not in html


# --- the organiser's forms -------------------------------------------------------------------------


def test_organise_a_course_reading_times_in_the_chosen_zone(client, nss_officer_es):
    client.force_login(nss_officer_es)
    page = client.get(_url("course_create")).content.decode()
    assert 'type="datetime-local"' in page
    response = client.post(_url("course_create"), _course_form(time_zone="Europe/Helsinki"))
    course = Course.objects.select_related("event").get()
    assert response.status_code == 302
    assert response["Location"] == _url("course", course)
    event = course.event
    assert event.kind == LEARNING
    assert event.starts_at == dt.datetime(2031, 3, 3, 7, 0, tzinfo=dt.UTC)  # Helsinki = UTC+2 in March
    assert event.registration_opens_at == dt.datetime(2031, 2, 1, 7, 0, tzinfo=dt.UTC)
    assert event.organiser == nss_officer_es
    assert event.format == Event.Format.ONLINE
    assert course.audience == "Secondary teachers new to projects"
    assert course.activities_required == 2


def test_organise_a_seminar(client, nss_officer_es):
    client.force_login(nss_officer_es)
    data = _course_form(kind=SEMINAR, ends_at="2031-03-03T10:00", activities_required="0")
    assert client.post(_url("course_create"), data).status_code == 302
    course = Course.objects.select_related("event").get()
    assert course.event.kind == SEMINAR
    assert course.activities_required == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": "101"}, "capacity"),
        ({"capacity": "0"}, "capacity"),
        ({"ends_at": "2031-03-02T09:00"}, "ends_at"),
        ({"applications_close_at": "2031-01-01T09:00"}, "applications_close_at"),
        ({"applications_close_at": "2031-03-22T09:00"}, "applications_close_at"),
        ({"applications_close_at": "2031-03-04T09:00"}, "applications_close_at"),  # after the start (service)
        ({"activities_required": "0"}, "activities_required"),  # a learning event needs one (service)
        ({"kind": SEMINAR, "ends_at": "2031-03-03T10:00", "activities_required": "3"}, "activities_required"),
        ({"kind": "workshop"}, "kind"),
        ({"starts_at": "not a date"}, "starts_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"audience": ""}, "audience"),
        ({"title": ""}, "title"),
        # past what a datetime holds once read in UTC (a 500 before), or simply not a real year
        (
            {"time_zone": "America/New_York", "starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T23:00"},
            "starts_at",
        ),
        ({"time_zone": "Asia/Tokyo", "applications_open_at": "0001-01-01T00:00"}, "applications_open_at"),
        ({"ends_at": "3000-01-01T00:00"}, "ends_at"),
    ],
)
def test_bad_course_input_stores_nothing(client, nss_officer_es, overrides, field):
    client.force_login(nss_officer_es)
    response = client.post(_url("course_create"), _course_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()
    assert not Course.objects.exists()
    assert not Event.objects.exists()


def test_the_form_states_the_service_s_rules_for_the_window_and_the_activities(client, nss_officer_es):
    """The application window closes by the course's start and at most 50 activities are asked: the form says
    so and checks it, instead of promising the end of the course and accepting up to 1000."""
    client.force_login(nss_officer_es)
    page = client.get(_url("course_create")).content.decode()
    assert "No later than the start of the course." in page
    assert "No later than the end of the course." not in page

    response = client.post(_url("course_create"), _course_form(applications_close_at="2031-03-10T09:00"))
    assert response.context["form"].errors["applications_close_at"] == [
        "Applications must close by the start of the course."
    ]
    response = client.post(_url("course_create"), _course_form(activities_required="51"))
    assert response.context["form"].errors["activities_required"] == ["Ensure this value is less than or equal to 50."]
    assert client.post(_url("course_create"), _course_form(activities_required="50")).status_code == 302


def test_edit_shows_local_times_keeps_the_kind_and_saves(client, world):
    course, organiser = world["course"], world["organiser"]
    client.force_login(organiser)
    url = _url("course_edit", course)
    page = client.get(url).content.decode()
    local = timezone.localtime(course.event.starts_at, zoneinfo.ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in page  # shown in the course's zone, as typed
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"title": "Renamed course", "kind": SEMINAR, "capacity": "25"})  # the kind is ignored
    response = client.post(url, {key: "" if value is None else value for key, value in data.items()})
    assert response.status_code == 302
    course.event.refresh_from_db()
    assert course.event.title == "Renamed course"
    assert course.event.kind == LEARNING
    assert course.event.capacity == 25


def test_edit_bad_input_changes_nothing(client, world):
    course, organiser = world["course"], world["organiser"]
    client.force_login(organiser)
    url = _url("course_edit", course)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"title": "Changed", "capacity": "500"})
    response = client.post(url, {key: "" if value is None else value for key, value in data.items()})
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    course.event.refresh_from_db()
    assert course.event.title != "Changed"
    assert course.event.capacity == 20


def test_add_an_activity_opens_its_discussion(client, world):
    course, organiser = world["course"], world["organiser"]
    client.force_login(organiser)
    response = client.post(
        _url("activity_create", course), {"week": "2", "title": "Plan a lesson", "instructions": "Share a plan."}
    )
    assert response.status_code == 302
    activity = CourseActivity.objects.get(title="Plan a lesson")
    assert activity.week == 2
    assert activity.thread.forum_id == course.event.forum_id
    assert Post.objects.get(thread=activity.thread).body.strip().startswith(("Share a plan.", "<p>Share a plan."))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"week": "9", "title": "Too late", "instructions": "Nope."}, "week"),  # the course spans 3 weeks
        ({"week": "0", "title": "Too early", "instructions": "Nope."}, "week"),
        ({"week": "1", "title": "", "instructions": "Nope."}, "title"),
        ({"week": "1", "title": "Silent", "instructions": ""}, "instructions"),
        ({"week": "x", "title": "Bad week", "instructions": "Nope."}, "week"),
    ],
)
def test_bad_activity_input_adds_nothing(client, world, data, field):
    client.force_login(world["organiser"])
    response = client.post(_url("activity_create", world["course"]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert CourseActivity.objects.count() == 1


def test_a_seminar_has_no_activity_page(client, nss_officer_es):
    seminar = make_course(organiser=nss_officer_es)
    client.force_login(nss_officer_es)
    assert client.get(_url("activity_create", seminar)).status_code == 404
    assert "Add an activity" not in _page(client, seminar)


def test_organiser_buttons_on_the_course_page_only_for_the_organiser(client, world):
    course = world["course"]
    client.force_login(world["organiser"])
    html = _page(client, course)
    for url in (
        _url("course_edit", course),
        _url("activity_create", course),
        reverse("events:participants", kwargs={"pk": course.pk}),
        reverse("events:cancel", kwargs={"pk": course.pk}),
    ):
        assert f'href="{url}"' in html
    client.force_login(world["teacher"])
    html = _page(client, course)
    cancel = reverse("events:cancel", args=[course.pk])
    for url in (_url("course_edit", course), _url("activity_create", course), cancel):
        assert f'href="{url}"' not in html


def test_a_cancelled_course_says_so_and_its_organiser_pages_close(client, world):
    course = world["course"]
    client.force_login(world["organiser"])
    client.post(reverse("events:cancel", kwargs={"pk": course.pk}), {"reason": "The trainer is ill."})
    html = _page(client, course)
    assert "This course is cancelled." in html
    assert "The trainer is ill." in html
    assert client.get(_url("course_edit", course)).status_code == 404
    assert client.get(_url("activity_create", course)).status_code == 404
    client.force_login(world["teacher"])
    assert course.event.title not in client.get(_url("courses")).content.decode()
    response = client.post(_url("course_apply", course), follow=True)
    assert "This course is cancelled." in response.content.decode()
    assert not Registration.objects.exists()


# --- applying, withdrawing, accepting ------------------------------------------------------------


def test_apply_then_withdraw_with_confirmation(client, teacher_es):
    course = make_course(capacity=1)
    client.force_login(teacher_es)
    assert ">Apply</button>" in _page(client, course)
    response = client.post(_url("course_apply", course), follow=True)
    assert response.redirect_chain[-1][0] == _url("course", course)
    assert "You have a place on this course." in response.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.REGISTERED
    html = _page(client, course)
    assert f'href="{_url("course_withdraw", course)}"' in html
    confirm = client.get(_url("course_withdraw", course))
    assert confirm.status_code == 200
    assert "Keep my place" in confirm.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.REGISTERED  # a GET changes nothing
    response = client.post(_url("course_withdraw", course), follow=True)
    assert "You withdrew from the course." in response.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.CANCELLED
    course.event.refresh_from_db()
    assert course.event.seats_taken == 0


def test_applying_twice_shows_the_service_message(client, teacher_es):
    course = make_course()
    client.force_login(teacher_es)
    client.post(_url("course_apply", course))
    response = client.post(_url("course_apply", course), follow=True)
    assert "You have already applied for this course." in response.content.decode()
    assert Registration.objects.filter(user=teacher_es).count() == 1


def test_full_course_waiting_list_then_the_offered_place_is_accepted(client, teacher_es, teacher_fr):
    course = make_course(capacity=1)
    client.force_login(teacher_fr)
    client.post(_url("course_apply", course))
    client.force_login(teacher_es)
    assert "Join the waiting list" in _page(client, course)
    response = client.post(_url("course_apply", course), follow=True)
    assert "you are on the waiting list" in response.content.decode()
    html = _text(_page(client, course))
    assert "You are on the waiting list (number 1 in line)" in html
    assert "Leave the waiting list" in html
    assert client.post(_url("course_accept", course), follow=True).status_code == 200  # nothing offered yet
    assert Registration.objects.get(user=teacher_es).state == Registration.State.WAITING
    client.force_login(teacher_fr)
    client.post(_url("course_withdraw", course))
    client.force_login(teacher_es)
    assert Registration.objects.get(user=teacher_es).state == Registration.State.OFFERED
    html = _page(client, course)
    assert "Accept the offered place" in html
    response = client.post(_url("course_accept", course), follow=True)
    assert "The place is yours" in response.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.REGISTERED


def test_leave_the_waiting_list(client, teacher_es, teacher_fr):
    course = make_course(capacity=1)
    course_apply(actor=teacher_fr, course=course)
    course_apply(actor=teacher_es, course=course)
    client.force_login(teacher_es)
    page = client.get(_url("course_withdraw", course)).content.decode()
    assert "Leave the waiting list" in page
    response = client.post(_url("course_withdraw", course), follow=True)
    assert "You left the waiting list." in response.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.CANCELLED
    assert Registration.objects.get(user=teacher_fr).state == Registration.State.REGISTERED


def test_withdraw_without_an_application_is_404(client, teacher_es):
    course = make_course()
    client.force_login(teacher_es)
    assert client.get(_url("course_withdraw", course)).status_code == 404
    assert client.post(_url("course_withdraw", course)).status_code == 404


def test_withdrawing_after_the_start_is_refused_with_the_message(client, teacher_es):
    course = make_course()
    course_apply(actor=teacher_es, course=course)
    start_course(course)
    client.force_login(teacher_es)
    assert f'href="{_url("course_withdraw", course)}"' not in _page(client, course)
    response = client.post(_url("course_withdraw", course), follow=True)
    assert "The course has started: your place stays." in response.content.decode()
    assert Registration.objects.get(user=teacher_es).state == Registration.State.REGISTERED


def test_a_pending_teacher_is_told_to_wait_for_validation(client, pending_teacher_es):
    course = make_course()
    client.force_login(pending_teacher_es)
    assert ">Apply</button>" not in _page(client, course)
    response = client.post(_url("course_apply", course), follow=True)
    assert "once your account is validated" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.parametrize("page", ["course_apply", "course_accept", "course_withdraw"])
def test_get_on_post_only_actions_changes_nothing(client, teacher_es, page):
    course = make_course()
    client.force_login(teacher_es)
    response = client.get(_url(page, course))
    assert response.status_code in (404, 405)
    assert not Registration.objects.exists()


# --- the application window ------------------------------------------------------------------------


def _window_course(state):
    now = timezone.now()
    starts = now + dt.timedelta(days=20)
    opens, closes = {
        "before": (now + dt.timedelta(days=3), starts),
        "open": (now - dt.timedelta(days=1), now + dt.timedelta(days=5)),
        "closed": (now - dt.timedelta(days=10), now + dt.timedelta(days=5)),
    }[state]
    course = make_course(starts_at=starts, applications_open_at=opens, applications_close_at=closes)
    if state == "closed":  # the window closed a minute ago, as time passing would do
        Event.objects.filter(pk=course.pk).update(registration_closes_at=now - dt.timedelta(minutes=1))
        course.event.refresh_from_db()
    return course


def _date_in(moment, zone):
    return formats.date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT")


@pytest.mark.parametrize("state", ["before", "open", "closed"])
def test_window_texts_on_the_card_and_the_course_page_in_the_viewers_zone(client, teacher_es, state):
    teacher_es.time_zone = "Asia/Tokyo"
    teacher_es.save(update_fields=["time_zone"])
    course = _window_course(state)
    event = course.event
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    expected = {
        "before": f"Applications open on {_date_in(event.registration_opens_at, tokyo)}",
        "open": f"Applications open until {_date_in(event.registration_closes_at, tokyo)}",
        "closed": "Applications closed",
    }[state]
    others = {"before", "open", "closed"} - {state}
    other_texts = {"before": "Applications open on", "open": "Applications open until", "closed": "Applications closed"}
    client.force_login(teacher_es)
    catalogue = client.get(_url("courses")).content.decode().split('id="courses-found"')[1]  # after the filters
    for html in (catalogue, _page(client, course)):
        text = _text(html)
        assert expected in text
        for other in others:
            assert other_texts[other] not in text
    assert (">Apply</button>" in _page(client, course)) == (state == "open")


@pytest.mark.parametrize("state", ["before", "closed"])
def test_applying_outside_the_window_shows_the_service_message_on_the_course_page(client, teacher_es, state):
    course = _window_course(state)
    client.force_login(teacher_es)
    response = client.post(_url("course_apply", course), follow=True)
    assert response.redirect_chain[-1][0] == _url("course", course)
    text = _text(response.content.decode())
    if state == "before":
        assert "Applications open on" in text
    else:
        assert "Applications are closed." in text
    assert not Registration.objects.exists()


# --- activities and completion ---------------------------------------------------------------------


@pytest.fixture
def running(teacher_es):
    """A learning event (two activities to complete) with three activities over two weeks; teacher_es holds a
    place; the course started an hour ago."""
    course = make_course(kind=LEARNING)
    first = _add_activity(course, week=1, title="Introduce yourself")
    second = _add_activity(course, week=1, title="Share a favourite tool")
    third = _add_activity(course, week=2, title="Plan a lesson together")
    course_apply(actor=teacher_es, course=course)
    start_course(course)
    return course, [first, second, third]


def _contribute(client, course, activity, body="My contribution."):
    response = client.post(
        reverse("events:forum:reply", kwargs={"pk": course.pk, "thread_pk": activity.thread_id}), {"body": body}
    )
    assert response.status_code == 302


def test_the_course_page_lists_activities_by_week_with_their_discussions(client, running, teacher_es):
    course, activities = running
    client.force_login(teacher_es)
    html = _page(client, course)
    assert html.index("Week 1") < html.index("Introduce yourself") < html.index("Week 2")
    assert html.index("Week 2") < html.index("Plan a lesson together")
    for activity in activities:
        url = reverse("events:forum:thread", kwargs={"pk": course.pk, "thread_pk": activity.thread_id})
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200
    assert html.count(">Mark as done</button>") == 3
    assert "0 of 2 activities done" in _text(html)


def test_mark_as_done_needs_a_contribution_first(client, running, teacher_es):
    course, (first, _second, _third) = running
    client.force_login(teacher_es)
    response = client.post(_url("activity_done", course, activity_pk=first.pk), follow=True)
    assert "Post your contribution in the activity&#x27;s discussion first." in response.content.decode()
    assert not ActivityDone.objects.exists()


def test_mark_as_done_completes_the_course_and_links_the_certificate(client, running, teacher_es):
    course, (first, second, _third) = running
    client.force_login(teacher_es)
    _contribute(client, course, first)
    response = client.post(_url("activity_done", course, activity_pk=first.pk), follow=True)
    html = response.content.decode()
    assert "The activity is marked as done." in html
    assert "1 of 2 activities done" in _text(html)
    assert html.count(">Mark as done</button>") == 2
    certificate = reverse("certificates:download", kwargs={"kind": "course_completion", "subject_id": course.pk})
    assert certificate not in html
    _contribute(client, course, second)
    response = client.post(_url("activity_done", course, activity_pk=second.pk), follow=True)
    html = response.content.decode()
    assert "you completed the course" in html
    assert "2 of 2 activities done" in _text(html)
    assert f'href="{certificate}"' in html
    assert "Download your certificate" in html
    assert CourseCompletion.objects.filter(course=course, user=teacher_es).count() == 1
    # marking it again changes nothing
    client.post(_url("activity_done", course, activity_pk=second.pk))
    assert ActivityDone.objects.filter(user=teacher_es).count() == 2
    assert CourseCompletion.objects.count() == 1


def test_mark_as_done_is_for_participants_only(client, running, teacher_fr):
    course, (first, _second, _third) = running
    client.force_login(teacher_fr)
    html = _page(client, course)
    assert ">Mark as done</button>" not in html
    assert "activities done" not in html
    response = client.post(_url("activity_done", course, activity_pk=first.pk), follow=True)
    assert "Only participants holding a place" in response.content.decode()
    assert not ActivityDone.objects.exists()


def test_mark_as_done_before_the_start_is_not_offered_and_refused(client, teacher_es):
    course = make_course(kind=LEARNING)
    activity = _add_activity(course)
    course_apply(actor=teacher_es, course=course)
    client.force_login(teacher_es)
    assert ">Mark as done</button>" not in _page(client, course)
    response = client.post(_url("activity_done", course, activity_pk=activity.pk), follow=True)
    assert "once the course has started" in response.content.decode()
    assert not ActivityDone.objects.exists()


def test_mark_as_done_for_an_activity_of_another_course_is_404(client, running, teacher_es):
    course, _activities = running
    other = make_course(kind=LEARNING)
    foreign = _add_activity(other)
    client.force_login(teacher_es)
    assert client.post(_url("activity_done", course, activity_pk=foreign.pk)).status_code == 404
    assert client.post(_url("activity_done", course, activity_pk=999_999)).status_code == 404
    assert client.get(_url("activity_done", course, activity_pk=_activities[0].pk)).status_code == 405
    assert not ActivityDone.objects.exists()


# --- seminars: the video room and attendance ---------------------------------------------------------


def _seminar_soon(minutes):
    """A seminar starting in `minutes`, applications open until it starts."""
    now = timezone.now()
    starts = now + dt.timedelta(minutes=minutes)
    return make_course(starts_at=starts, applications_open_at=now - dt.timedelta(days=1), applications_close_at=starts)


def test_join_button_only_in_the_window_and_only_for_registered(client, teacher_es, teacher_fr, settings):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    seminar = _seminar_soon(10)
    course_apply(actor=teacher_es, course=seminar)
    join = reverse("events:join", kwargs={"pk": seminar.pk})
    client.force_login(teacher_es)
    html = _page(client, seminar)
    assert f'href="{join}"' in html
    assert "Join the video room" in html
    client.force_login(teacher_fr)  # not registered
    html = _page(client, seminar)
    assert f'href="{join}"' not in html
    assert "The video room opens" not in html
    client.force_login(seminar.event.organiser)
    assert f'href="{join}"' in _page(client, seminar)


def test_before_the_window_registered_participants_read_when_the_room_opens(client, teacher_es, teacher_fr, settings):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    seminar = _seminar_soon(60 * 24)
    course_apply(actor=teacher_es, course=seminar)
    join = reverse("events:join", kwargs={"pk": seminar.pk})
    client.force_login(teacher_es)
    html = _page(client, seminar)
    assert f'href="{join}"' not in html
    assert "The video room opens at" in html
    client.force_login(teacher_fr)
    assert "The video room opens at" not in _page(client, seminar)


def test_a_waiting_applicant_gets_no_join_button(client, teacher_es, teacher_fr, settings):
    settings.EVENTS_JOIN_OPENS_MINUTES = 15
    now = timezone.now()
    starts = now + dt.timedelta(minutes=10)
    seminar = make_course(
        starts_at=starts, applications_open_at=now - dt.timedelta(days=1), applications_close_at=starts, capacity=1
    )
    course_apply(actor=teacher_fr, course=seminar)
    course_apply(actor=teacher_es, course=seminar)
    client.force_login(teacher_es)
    assert reverse("events:join", kwargs={"pk": seminar.pk}) not in _page(client, seminar)


def test_after_attendance_the_seminar_page_links_the_attendance_certificate(client, teacher_es):
    seminar = make_course()
    course_apply(actor=teacher_es, course=seminar)
    start_course(seminar)
    certificate = reverse("certificates:download", kwargs={"kind": "event_attendance", "subject_id": seminar.pk})
    client.force_login(teacher_es)
    assert certificate not in _page(client, seminar)
    attendance_mark(actor=seminar.event.organiser, event=seminar.event, user=teacher_es, attended=True)
    html = _page(client, seminar)
    assert f'href="{certificate}"' in html
    assert "Download your attendance certificate" in html


# --- the catalogue -------------------------------------------------------------------------------------


def test_catalogue_cards_show_what_when_for_whom_places_and_my_state(client, teacher_es):
    teacher_es.time_zone = "America/New_York"
    teacher_es.save(update_fields=["time_zone"])
    course = make_course(kind=LEARNING, title="Coding with pupils", capacity=3, language="fr")
    course_apply(actor=teacher_es, course=course)
    client.force_login(teacher_es)
    html = client.get(_url("courses")).content.decode()
    text = _text(html)
    assert f'href="{_url("course", course)}"' in html
    assert "Coding with pupils" in text
    assert "Learning event" in text
    assert "French" in text
    assert "For whom: Primary teachers new to projects" in text
    assert "2 places left" in text
    assert "You: Registered" in text
    assert _date_in(course.event.starts_at, zoneinfo.ZoneInfo("America/New_York")) in text


def test_organise_button_only_for_support_staff(client, teacher_es, nss_officer_es):
    client.force_login(teacher_es)
    assert _url("course_create") not in client.get(_url("courses")).content.decode()
    client.force_login(nss_officer_es)
    assert f'href="{_url("course_create")}"' in client.get(_url("courses")).content.decode()


def test_catalogue_filters(client, teacher_es):
    now = timezone.now()
    seminar_en = make_course(title="Seminar in English")
    learning_fr = make_course(kind=LEARNING, title="Cours en français", language="fr")
    upcoming = make_course(
        title="Opens later",
        starts_at=now + dt.timedelta(days=30),
        applications_open_at=now + dt.timedelta(days=5),
        applications_close_at=now + dt.timedelta(days=30),
    )
    closed = make_course(title="Closed one")
    Event.objects.filter(pk=closed.pk).update(registration_closes_at=now - dt.timedelta(minutes=1))
    course_apply(actor=teacher_es, course=learning_fr)
    client.force_login(teacher_es)

    def titles(**params):
        html = client.get(_url("courses"), params).content.decode()
        every = ("Seminar in English", "Cours en français", "Opens later", "Closed one")
        return {title for title in every if title in html}

    assert titles() == {"Seminar in English", "Cours en français", "Opens later", "Closed one"}
    assert titles(kind=LEARNING) == {"Cours en français"}
    assert titles(kind=SEMINAR) == {"Seminar in English", "Opens later", "Closed one"}
    assert titles(language="fr") == {"Cours en français"}
    assert titles(window="open") == {"Seminar in English", "Cours en français"}
    assert titles(window="upcoming") == {"Opens later"}
    assert titles(window="closed") == {"Closed one"}
    assert titles(mine="on") == {"Cours en français"}
    del seminar_en, upcoming


def test_bad_filters_filter_nothing_and_say_so(client, teacher_es):
    make_course(title="Still listed")
    client.force_login(teacher_es)
    response = client.get(_url("courses"), {"kind": "workshop", "window": "someday"})
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()
    assert response.context["form"].errors


def test_catalogue_is_paginated_by_20(client, teacher_es):
    organiser = make_support_officer()
    for _ in range(21):
        make_course(organiser=organiser)
    client.force_login(teacher_es)
    html = client.get(_url("courses")).content.decode()
    assert html.count('class="card event-card"') == 20
    assert 'rel="next"' in html
    second = client.get(_url("courses"), {"page": 2}).content.decode()
    assert second.count('class="card event-card"') == 1


# --- query-count guards --------------------------------------------------------------------------------


def _count_queries(client, url):
    client.get(url)  # warm any per-process cache (sites, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_catalogue_costs_the_same_queries_for_3_and_15_courses(client, teacher_es):
    organiser = make_support_officer()
    for _ in range(3):
        course_apply(actor=teacher_es, course=make_course(organiser=organiser))
    client.force_login(teacher_es)
    few, html = _count_queries(client, _url("courses"))
    assert html.count('class="card event-card"') == 3
    for number in range(12):
        course = make_course(organiser=make_support_officer(country="IT"), kind=LEARNING if number % 2 else SEMINAR)
        course_apply(actor=teacher_es, course=course)
    many, html = _count_queries(client, _url("courses"))
    assert html.count('class="card event-card"') == 15
    assert html.count("You: Registered") == 15
    assert many == few


def test_course_page_costs_the_same_queries_for_2_and_12_activities(client, running, teacher_es):
    course, activities = running
    client.force_login(teacher_es)
    for activity in activities[:2]:
        _contribute(client, course, activity)
        client.post(_url("activity_done", course, activity_pk=activity.pk))
    CourseActivity.objects.filter(pk=activities[2].pk).delete()
    few, html = _count_queries(client, _url("course", course))
    assert html.count(f"/events/{course.pk}/forum/") >= 2
    organiser = course.event.organiser
    for number in range(10):
        activity = activity_create(
            actor=organiser, course=course, week=1 + number % 3, title=f"Extra {number}", instructions="Do it."
        )
        if number % 2:
            _contribute(client, course, activity)
            client.post(_url("activity_done", course, activity_pk=activity.pk))
    many, html = _count_queries(client, _url("course", course))
    assert html.count("Extra ") == 10
    assert many == few


def test_unknown_user_on_post_actions_is_sent_to_log_in(client):
    course = make_course()
    response = client.post(_url("course_apply", course))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Registration.objects.exists()


def test_a_teacher_without_validation_sees_the_catalogue(client, pending_teacher_es):
    make_course(title="Visible to all adults")
    client.force_login(pending_teacher_es)
    assert "Visible to all adults" in client.get(_url("courses")).content.decode()
