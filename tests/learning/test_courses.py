"""Courses: organising (support staff only, every rule both ways, nothing stored on bad input), editing,
applying with the waiting list and offers, weekly activities, marking them done, the completion recorded
once, the catalogue and its query count, seminar attendance, the admin."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from tests.accounts.factories import UserFactory
from tests.events.factories import make_event, make_teacher
from tests.learning.factories import CourseFactory, make_course, make_support_officer, start_course
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum, Post, Thread
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import post_reply, post_set_hidden
from twinning.events import services as events
from twinning.events.models import Event, Registration
from twinning.learning import course_selectors as selectors
from twinning.learning import courses
from twinning.learning.models import ActivityDone, Course, CourseActivity, CourseCompletion
from twinning.learning.permissions import can_manage_course, can_organise_courses
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db

State = Registration.State
LEARNING, SEMINAR = Event.Kind.LEARNING_EVENT, Event.Kind.ONLINE_SEMINAR
PARTICIPANT_ACCESS = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=False)
ORGANISER_ACCESS = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=True)


def _values(**overrides):
    """Valid `course_create` arguments (times typed in Brussels), `overrides` applied."""
    values = {
        "kind": LEARNING,
        "title": "Projects step by step",
        "description": "Three weeks to plan a project with partners abroad.",
        "audience": "Primary teachers new to projects",
        "language": "fr",
        "starts_at": dt.datetime(2031, 3, 3, 9, 0),
        "ends_at": dt.datetime(2031, 3, 21, 17, 0),
        "time_zone": "Europe/Brussels",
        "capacity": 30,
        "applications_open_at": dt.datetime(2031, 2, 1, 9, 0),
        "applications_close_at": dt.datetime(2031, 3, 1, 12, 0),
        "activities_required": 2,
    }
    values.update(overrides)
    return values


def _stored() -> tuple[int, int, int]:
    return Event.objects.count(), Course.objects.count(), Forum.objects.count()


def contribute(user, activity, body="My contribution: our class chose a partner school.") -> Post:
    return post_reply(actor=user, thread=activity.thread, access=PARTICIPANT_ACCESS, body=body)


def _activity(course, *, week=1, title="Introduce yourself"):
    return courses.activity_create(
        actor=course.event.organiser,
        course=course,
        week=week,
        title=title,
        instructions="Post a short introduction of your school and your class.",
    )


# --- organising --------------------------------------------------------------------------


def test_a_support_officer_organises_a_learning_event(nss_officer_fr):
    course = courses.course_create(actor=nss_officer_fr, **_values())
    course.refresh_from_db()
    event = course.event
    assert course.pk == event.pk
    assert (event.kind, event.format, event.visibility) == (LEARNING, Event.Format.ONLINE, Event.Visibility.PUBLIC)
    assert event.organiser == nss_officer_fr
    assert event.title == "Projects step by step"
    assert course.audience == "Primary teachers new to projects"
    assert course.activities_required == 2
    # Naive times are read in the organiser's zone: Brussels is UTC+1 in March.
    assert event.starts_at == dt.datetime(2031, 3, 3, 8, 0, tzinfo=dt.UTC)
    assert event.registration_opens_at == dt.datetime(2031, 2, 1, 8, 0, tzinfo=dt.UTC)
    assert event.registration_closes_at == dt.datetime(2031, 3, 1, 11, 0, tzinfo=dt.UTC)
    assert event.forum_id
    assert event.library_id
    assert event.video_room
    assert not ProgressAction.objects.filter(user=nss_officer_fr).exists()


def test_a_seminar_has_no_activities_to_complete(css_officer):
    course = courses.course_create(
        actor=css_officer,
        **_values(kind=SEMINAR, ends_at=dt.datetime(2031, 3, 3, 10, 0), activities_required=0),
    )
    assert course.event.kind == SEMINAR
    assert course.activities_required == 0


def test_the_activities_to_complete_default_to_none_for_a_seminar(css_officer):
    values = _values(kind=SEMINAR, ends_at=dt.datetime(2031, 3, 3, 10, 0))
    del values["activities_required"]
    assert courses.course_create(actor=css_officer, **values).activities_required == 0


@pytest.mark.parametrize("persona", ["teacher_es", "head_teacher_es", "pending_teacher_es", "pupil", "inactive"])
def test_only_support_staff_organise_courses(request, persona):
    if persona == "pupil":
        user = UserFactory(is_pupil=True)
    elif persona == "inactive":
        user = make_support_officer(is_active=False)
    else:
        user = request.getfixturevalue(persona)
    assert not can_organise_courses(user)
    before = _stored()
    with pytest.raises(PermissionRefused):
        courses.course_create(actor=user, **_values())
    assert _stored() == before
    assert not Course.objects.exists()


@pytest.mark.parametrize("persona", ["nss_officer_es", "regional_officer_an", "css_officer"])
def test_every_kind_of_support_officer_organises_courses(request, persona):
    user = request.getfixturevalue(persona)
    assert can_organise_courses(user)
    assert courses.course_create(actor=user, **_values()).event.organiser == user


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": Event.Kind.WORKSHOP}, "kind"),
        ({"kind": "lecture"}, "kind"),
        ({"kind": SEMINAR, "activities_required": 2}, "activities_required"),
        ({"activities_required": 0}, "activities_required"),
        ({"activities_required": -1}, "activities_required"),
        ({"activities_required": "many"}, "activities_required"),
        ({"activities_required": courses.ACTIVITIES_REQUIRED_MAX + 1}, "activities_required"),
        ({"title": "   "}, "title"),
        ({"description": ""}, "description"),
        ({"audience": " "}, "audience"),
        ({"audience": "x" * 301}, "audience"),
        ({"language": "xx"}, "language"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 101}, "capacity"),  # online: the video room's limit
        ({"starts_at": None}, "starts_at"),
        ({"ends_at": dt.datetime(2031, 3, 3, 9, 0)}, "ends_at"),  # ends when it starts
        ({"applications_close_at": dt.datetime(2031, 2, 1, 9, 0)}, "applications_close_at"),  # closes when it opens
        ({"applications_close_at": dt.datetime(2031, 3, 3, 9, 1)}, "applications_close_at"),  # after the start
        ({"applications_open_at": dt.datetime(2031, 3, 5, 9, 0)}, "applications_close_at"),  # opens after the start
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(nss_officer_fr, overrides, field):
    before = _stored()
    with pytest.raises(DomainError) as refused:
        courses.course_create(actor=nss_officer_fr, **_values(**overrides))
    assert not isinstance(refused.value, PermissionRefused)
    assert refused.value.field == field
    assert _stored() == before
    assert not Course.objects.exists()


def test_applications_may_close_at_the_very_start(nss_officer_fr):
    course = courses.course_create(actor=nss_officer_fr, **_values(applications_close_at=dt.datetime(2031, 3, 3, 9)))
    assert course.event.registration_closes_at == course.event.starts_at


def test_a_course_takes_place_online_only(nss_officer_fr):
    course = courses.course_create(actor=nss_officer_fr, **_values())
    with pytest.raises(TypeError):
        courses.course_update(actor=nss_officer_fr, course=course, format=Event.Format.FACE_TO_FACE)
    with pytest.raises(DomainError) as refused:  # nor through the events service underneath
        events.event_update(actor=nss_officer_fr, event=course.event, format=Event.Format.FACE_TO_FACE, place="Lyon")
    assert refused.value.field == "format"
    assert Event.objects.get().format == Event.Format.ONLINE


# --- editing -----------------------------------------------------------------------------


def test_the_organiser_edits_the_course_with_the_course_field_names(nss_officer_fr):
    course = make_course(organiser=nss_officer_fr, kind=LEARNING)
    closes = course.event.starts_at - dt.timedelta(days=1)
    updated = courses.course_update(
        actor=nss_officer_fr,
        course=course,
        title="Renamed",
        audience="Secondary teachers",
        activities_required=3,
        applications_close_at=closes,
        kind=LEARNING,  # the same kind is no change
    )
    assert updated.event.title == "Renamed"
    assert updated.audience == "Secondary teachers"
    assert updated.activities_required == 3
    assert updated.event.registration_closes_at == closes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": SEMINAR}, "kind"),
        ({"activities_required": 0}, "activities_required"),
        ({"audience": ""}, "audience"),
        ({"capacity": 0}, "capacity"),
        ({"title": ""}, "title"),
        ({"applications_close_at": "later"}, "applications_close_at"),
    ],
)
def test_bad_edits_are_refused_and_change_nothing(nss_officer_fr, change, field):
    course = make_course(organiser=nss_officer_fr, kind=LEARNING)
    before = Event.objects.filter(pk=course.pk).values().get(), Course.objects.filter(pk=course.pk).values().get()
    with pytest.raises(DomainError) as refused:
        courses.course_update(actor=nss_officer_fr, course=course, **change)
    assert refused.value.field == field
    assert (Event.objects.filter(pk=course.pk).values().get(), Course.objects.filter(pk=course.pk).values().get()) == (
        before
    )


def test_applications_closing_after_the_new_start_are_refused(nss_officer_fr):
    course = make_course(organiser=nss_officer_fr)
    with pytest.raises(DomainError) as refused:
        courses.course_update(
            actor=nss_officer_fr, course=course, starts_at=course.event.registration_closes_at - dt.timedelta(hours=2)
        )
    assert refused.value.field == "applications_close_at"


def test_only_the_organiser_edits(nss_officer_fr, css_officer, teacher_es):
    course = make_course(organiser=nss_officer_fr)
    assert can_manage_course(nss_officer_fr, course)
    for other in (css_officer, teacher_es):
        assert not can_manage_course(other, course)
        with pytest.raises(PermissionRefused):
            courses.course_update(actor=other, course=course, title="Taken over")
    assert Event.objects.get().title != "Taken over"


def test_unknown_fields_are_a_programming_error(nss_officer_fr):
    course = make_course(organiser=nss_officer_fr)
    with pytest.raises(TypeError):
        courses.course_update(actor=nss_officer_fr, course=course, registration_opens_at=timezone.now())


def test_the_completion_rule_is_fixed_once_the_course_has_started(nss_officer_fr):
    course = start_course(make_course(organiser=nss_officer_fr, kind=LEARNING))
    with pytest.raises(DomainError) as refused:
        courses.course_update(actor=nss_officer_fr, course=course, activities_required=1)
    assert refused.value.code == "started"
    updated = courses.course_update(actor=nss_officer_fr, course=course, audience="Everyone", activities_required=2)
    assert (updated.audience, updated.activities_required) == ("Everyone", 2)


# --- applying ----------------------------------------------------------------------------


def test_a_full_course_puts_applicants_on_the_waiting_list_and_a_withdrawal_offers_the_place():
    course = make_course(capacity=2)
    first, second, third, fourth = (make_teacher() for _ in range(4))
    assert courses.course_apply(actor=first, course=course).state == State.REGISTERED
    assert courses.course_apply(actor=second, course=course).state == State.REGISTERED
    assert courses.course_apply(actor=third, course=course).state == State.WAITING
    assert courses.course_apply(actor=fourth, course=course).state == State.WAITING
    course.event.refresh_from_db()
    assert (course.event.seats_taken, course.event.waiting_count) == (2, 2)

    withdrawn = courses.course_withdraw(actor=first, course=course)
    assert withdrawn.state == State.CANCELLED
    offered = Registration.objects.get(event=course.event, user=third)
    assert offered.state == State.OFFERED  # the first in line, not the second
    assert Registration.objects.get(event=course.event, user=fourth).state == State.WAITING
    assert Notification.objects.filter(recipient=third, kind="event_place_offered").count() == 1

    accepted = courses.course_offer_accept(actor=third, course=course)
    assert accepted.state == State.REGISTERED
    course.event.refresh_from_db()
    assert (course.event.seats_taken, course.event.waiting_count) == (2, 1)
    mine = selectors.my_applications(user=third, courses=[course])
    assert mine[course.pk].state == State.REGISTERED


def test_a_second_application_is_refused_in_course_words():
    course = make_course(capacity=1)
    holder, waiting = make_teacher(), make_teacher()
    courses.course_apply(actor=holder, course=course)
    courses.course_apply(actor=waiting, course=course)
    with translation.override("en"):
        with pytest.raises(DomainError) as again:
            courses.course_apply(actor=holder, course=course)
        assert (again.value.code, again.value.message) == ("duplicate", "You have already applied for this course.")
        with pytest.raises(DomainError) as in_line:
            courses.course_apply(actor=waiting, course=course)
        assert in_line.value.message == "You are already on the waiting list for this course."
        courses.course_withdraw(actor=holder, course=course)
        with pytest.raises(DomainError) as offered:
            courses.course_apply(actor=waiting, course=course)
        assert offered.value.code == "duplicate"
        assert "accept it on the course's page" in offered.value.message
    assert Registration.objects.filter(event=course.event, state__in=[State.REGISTERED, State.OFFERED]).count() == 1


def test_who_may_not_apply(nss_officer_fr, pending_teacher_es):
    course = make_course(organiser=nss_officer_fr)
    with translation.override("en"):
        with pytest.raises(DomainError) as organiser:
            courses.course_apply(actor=nss_officer_fr, course=course)
        assert organiser.value.code == "organiser"
        with pytest.raises(DomainError) as pending:
            courses.course_apply(actor=pending_teacher_es, course=course)
        assert pending.value.code == "not_validated"
        assert "apply for courses" in pending.value.message
    with pytest.raises(PermissionRefused):
        courses.course_apply(actor=UserFactory(is_pupil=True), course=course)
    events.event_cancel(actor=nss_officer_fr, event=course.event, reason="The trainer is ill.")
    course.event.refresh_from_db()
    with pytest.raises(DomainError) as cancelled:
        courses.course_apply(actor=make_teacher(), course=course)
    assert cancelled.value.code == "cancelled"
    assert not Registration.objects.exists()


def test_withdrawing_needs_an_application_and_ends_at_the_start():
    course = make_course(kind=LEARNING)
    teacher = make_teacher()
    with pytest.raises(DomainError) as nothing:
        courses.course_withdraw(actor=teacher, course=course)
    assert nothing.value.code == "not_applied"
    with pytest.raises(DomainError) as no_offer:
        courses.course_offer_accept(actor=teacher, course=course)
    assert no_offer.value.code == "offer_gone"
    courses.course_apply(actor=teacher, course=course)
    start_course(course)
    with pytest.raises(DomainError) as started:
        courses.course_withdraw(actor=teacher, course=course)
    assert started.value.code == "started"
    assert Registration.objects.get().state == State.REGISTERED
    with pytest.raises(PermissionRefused):
        courses.course_withdraw(actor=UserFactory(is_pupil=True), course=course)


# --- activities --------------------------------------------------------------------------


def test_the_organiser_sets_an_activity_that_opens_a_thread_in_the_course_forum():
    course = make_course(kind=LEARNING)
    activity = _activity(course, week=2)
    assert (activity.course, activity.week, activity.title) == (course, 2, "Introduce yourself")
    thread = activity.thread
    assert thread.forum_id == course.event.forum_id
    assert thread.title == "Introduce yourself"
    assert thread.author == course.event.organiser
    first = thread.posts.get()
    assert first.body == "Post a short introduction of your school and your class."
    assert first.author == course.event.organiser


@pytest.mark.parametrize(("week", "allowed"), [(0, False), (1, True), (3, True), (4, False), ("two", False)])
def test_an_activity_falls_in_a_week_of_the_course(week, allowed):
    course = make_course(kind=LEARNING)  # three weeks long
    assert selectors.course_weeks(course) == 3
    if allowed:
        assert _activity(course, week=week).week == week
    else:
        with pytest.raises(DomainError) as refused:
            _activity(course, week=week)
        assert refused.value.field == "week"
        assert not CourseActivity.objects.exists()
        assert not Thread.objects.exists()


def test_a_started_week_counts():
    starts = timezone.now() + dt.timedelta(days=3)
    course = make_course(kind=LEARNING, starts_at=starts, ends_at=starts + dt.timedelta(days=15))
    assert selectors.course_weeks(course) == 3
    assert _activity(course, week=3).week == 3


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"title": " "}, "title"), ({"instructions": ""}, "instructions"), ({"instructions": "x" * 5001}, "instructions")],
)
def test_an_activity_needs_a_title_and_instructions(overrides, field):
    course = make_course(kind=LEARNING)
    values = {"week": 1, "title": "Meet", "instructions": "Say hello."} | overrides
    with pytest.raises(DomainError) as refused:
        courses.activity_create(actor=course.event.organiser, course=course, **values)
    assert refused.value.field == field
    assert not CourseActivity.objects.exists()
    assert not Thread.objects.exists()


def test_only_the_organiser_sets_activities_and_only_for_learning_events(css_officer):
    course = make_course(kind=LEARNING)
    participant = make_teacher()
    courses.course_apply(actor=participant, course=course)
    for intruder in (css_officer, participant, UserFactory(is_pupil=True)):
        with pytest.raises(PermissionRefused):
            courses.activity_create(actor=intruder, course=course, week=1, title="Mine", instructions="Do it.")
    seminar = make_course(kind=SEMINAR)
    with pytest.raises(DomainError) as not_learning:
        _activity(seminar)
    assert not_learning.value.code == "not_learning_event"
    events.event_cancel(actor=course.event.organiser, event=course.event, reason="Too few applicants.")
    course.event.refresh_from_db()
    with pytest.raises(DomainError) as cancelled:
        _activity(course)
    assert cancelled.value.code == "cancelled"
    assert not CourseActivity.objects.exists()
    assert not Thread.objects.exists()


@pytest.fixture
def running():
    """A learning event (two activities to complete, three set), one participant holding a place and
    one on the waiting list; `during` is a moment in its first week."""
    course = make_course(kind=LEARNING, capacity=1, activities_required=2)
    participant, waiting = make_teacher(), make_teacher()
    courses.course_apply(actor=participant, course=course)
    courses.course_apply(actor=waiting, course=course)
    activities = [_activity(course, week=week, title=f"Week {week}") for week in (1, 2, 3)]
    during = course.event.starts_at + dt.timedelta(days=2)
    return course, participant, waiting, activities, during


def test_marking_done_needs_a_contribution_in_the_thread(running):
    _course, participant, _waiting, activities, during = running
    with translation.override("en"), pytest.raises(DomainError) as refused:
        courses.activity_mark_done(actor=participant, activity=activities[0], now=during)
    assert refused.value.code == "no_contribution"
    assert refused.value.message == "Post your contribution in the activity's discussion first."
    contribute(participant, activities[1])  # a post in another activity's thread does not count
    with pytest.raises(DomainError):
        courses.activity_mark_done(actor=participant, activity=activities[0], now=during)
    assert not ActivityDone.objects.exists()
    contribute(participant, activities[0])
    done = courses.activity_mark_done(actor=participant, activity=activities[0], now=during)
    assert (done.activity, done.user) == (activities[0], participant)


def test_a_hidden_contribution_does_not_count(running):
    course, participant, _waiting, activities, during = running
    post = contribute(participant, activities[0])
    post_set_hidden(actor=course.event.organiser, post=post, access=ORGANISER_ACCESS, hidden=True)
    with pytest.raises(DomainError) as refused:
        courses.activity_mark_done(actor=participant, activity=activities[0], now=during)
    assert refused.value.code == "no_contribution"


def test_only_participants_holding_a_place_mark_activities_done(running, teacher_fr):
    course, _participant, waiting, activities, during = running
    organiser = course.event.organiser
    for person in (waiting, teacher_fr, organiser):
        contribute(person, activities[0])
        with pytest.raises(DomainError) as refused:
            courses.activity_mark_done(actor=person, activity=activities[0], now=during)
        assert refused.value.code == "not_participant"
    with pytest.raises(PermissionRefused):
        courses.activity_mark_done(actor=UserFactory(is_pupil=True), activity=activities[0], now=during)
    assert not ActivityDone.objects.exists()


def test_activities_are_marked_from_the_start_until_two_weeks_after_the_end(running):
    course, participant, _waiting, activities, _during = running
    contribute(participant, activities[0])
    event = course.event
    assert dt.timedelta(days=14) == courses.DONE_GRACE
    for now, code in (
        (event.starts_at - dt.timedelta(microseconds=1), "not_started"),
        (event.ends_at + courses.DONE_GRACE, "over"),
    ):
        with pytest.raises(DomainError) as refused:
            courses.activity_mark_done(actor=participant, activity=activities[0], now=now)
        assert refused.value.code == code
    assert not ActivityDone.objects.exists()
    last = event.ends_at + courses.DONE_GRACE - dt.timedelta(microseconds=1)
    assert courses.activity_mark_done(actor=participant, activity=activities[0], now=last)
    contribute(participant, activities[1])
    assert courses.activity_mark_done(actor=participant, activity=activities[1], now=event.starts_at)


def _completion_records(course, user):
    return (
        CourseCompletion.objects.filter(course=course, user=user).count(),
        ProgressAction.objects.filter(user=user, kind="course_completed", key=str(course.pk)).count(),
        Notification.objects.filter(recipient=user, kind="course_completed").count(),
    )


def test_the_completion_is_recorded_once_when_the_rule_is_met(running):
    course, participant, _waiting, activities, during = running
    for activity in activities:
        contribute(participant, activity)

    courses.activity_mark_done(actor=participant, activity=activities[0], now=during)
    courses.activity_mark_done(actor=participant, activity=activities[0], now=during)  # twice: still one
    assert ActivityDone.objects.filter(user=participant).count() == 1
    assert _completion_records(course, participant) == (0, 0, 0)
    state = selectors.course_completion_state(course=course, user=participant)
    assert (state.done, state.required, state.completed_at, state.is_completed) == (1, 2, None, False)

    courses.activity_mark_done(actor=participant, activity=activities[1], now=during)
    assert _completion_records(course, participant) == (1, 1, 1)
    notice = Notification.objects.get(recipient=participant, kind="course_completed")
    assert notice.params == {"course": course.event.title}
    assert notice.url == "/certificates/"

    courses.activity_mark_done(actor=participant, activity=activities[1], now=during)
    courses.activity_mark_done(actor=participant, activity=activities[2], now=during)
    assert _completion_records(course, participant) == (1, 1, 1)
    state = selectors.course_completion_state(course=course, user=participant)
    assert (state.done, state.required, state.is_completed) == (3, 2, True)
    assert state.completed_at == CourseCompletion.objects.get().completed_at


def test_activities_with_done_in_two_queries(running, django_assert_max_num_queries):
    course, participant, _waiting, activities, during = running
    contribute(participant, activities[1])
    courses.activity_mark_done(actor=participant, activity=activities[1], now=during)
    with django_assert_max_num_queries(2):
        rows = selectors.activities_with_done(course=course, user=participant)
        titles = [(activity.title, activity.thread.title, done) for activity, done in rows]
    assert titles == [("Week 1", "Week 1", False), ("Week 2", "Week 2", True), ("Week 3", "Week 3", False)]


# --- reading -----------------------------------------------------------------------------


def _catalogue(viewer, now=None, **filters):
    return list(selectors.course_catalogue(viewer=viewer, filters=selectors.CourseFilters(**filters), now=now))


def test_the_catalogue_filters_by_kind_language_window_and_mine(teacher_es):
    now = timezone.now()
    soon = now + dt.timedelta(days=10)
    open_fr = make_course(kind=LEARNING, language="fr", starts_at=soon)
    open_en = make_course(kind=SEMINAR, language="en", starts_at=soon + dt.timedelta(days=1))
    upcoming = make_course(starts_at=soon + dt.timedelta(days=2), applications_open_at=now + dt.timedelta(days=1))
    closed = make_course(starts_at=soon + dt.timedelta(days=3), applications_close_at=now + dt.timedelta(days=2))
    cancelled = make_course(starts_at=soon + dt.timedelta(days=4))
    events.event_cancel(actor=cancelled.event.organiser, event=cancelled.event, reason="No trainer.")
    make_event(starts_at=soon)  # an event, not a course
    later = now + dt.timedelta(days=2, hours=1)  # `closed` has closed, `upcoming` is open by then

    assert _catalogue(teacher_es) == [open_fr, open_en, upcoming, closed]
    assert _catalogue(teacher_es, kind=LEARNING) == [open_fr]
    assert _catalogue(teacher_es, kind=SEMINAR) == [open_en, upcoming, closed]
    assert _catalogue(teacher_es, language="fr") == [open_fr]
    assert _catalogue(teacher_es, now=now, window="open") == [open_fr, open_en, closed]
    assert _catalogue(teacher_es, now=now, window="upcoming") == [upcoming]
    assert _catalogue(teacher_es, now=now, window="closed") == []
    assert _catalogue(teacher_es, now=later, window="open") == [open_fr, open_en, upcoming]
    assert _catalogue(teacher_es, now=later, window="closed") == [closed]
    assert _catalogue(teacher_es, mine=True) == []
    courses.course_apply(actor=teacher_es, course=open_en)
    assert _catalogue(teacher_es, mine=True) == [open_en]
    assert _catalogue(open_fr.event.organiser, mine=True) == [open_fr]
    assert _catalogue(UserFactory(is_pupil=True)) == []


def test_the_catalogue_shows_courses_not_over_soonest_first_then_those_over_latest_first(teacher_es):
    now = timezone.now()
    later = make_course(starts_at=now + dt.timedelta(days=20))
    soon = make_course(starts_at=now + dt.timedelta(days=5))
    long_over = start_course(make_course(), ago=dt.timedelta(days=30))
    just_over = start_course(make_course(), ago=dt.timedelta(days=2))
    running = start_course(make_course(kind=LEARNING), ago=dt.timedelta(days=3))

    assert _catalogue(teacher_es, now=now) == [running, soon, later, just_over, long_over]


@pytest.mark.parametrize("count", [3, 15])
def test_the_catalogue_costs_the_same_queries_for_3_or_15_courses(teacher_es, count, django_assert_num_queries):
    organiser = make_support_officer()
    made = [make_course(organiser=organiser, kind=LEARNING if n % 2 else SEMINAR) for n in range(count)]
    for course in made[::2]:
        courses.course_apply(actor=teacher_es, course=course)
    with django_assert_num_queries(2):  # the courses with their events and organisers; my applications
        page = list(selectors.course_catalogue(viewer=teacher_es, filters=selectors.CourseFilters()))
        mine = selectors.my_applications(user=teacher_es, courses=page)
        cards = [(c.event.title, c.event.organiser.full_name, c.event.seats_taken, mine.get(c.pk)) for c in page]
    assert len(cards) == count
    assert sum(1 for card in cards if card[3] is not None) == len(made[::2])


def test_my_applications_is_one_query_and_none_without_courses(teacher_es, django_assert_num_queries):
    course, other = make_course(), make_course()
    courses.course_apply(actor=teacher_es, course=course)
    with django_assert_num_queries(1):
        mine = selectors.my_applications(user=teacher_es, courses=[course, other])
    assert set(mine) == {course.pk}
    with django_assert_num_queries(0):
        assert selectors.my_applications(user=teacher_es, courses=[]) == {}


def test_a_course_page_is_for_adults_and_shows_cancelled_courses(teacher_es):
    course = make_course()
    assert selectors.course_for(teacher_es, course.pk) == course
    for stranger in (UserFactory(is_pupil=True), make_teacher(is_active=False)):
        with pytest.raises(Http404):
            selectors.course_for(stranger, course.pk)
    with pytest.raises(Http404):
        selectors.course_for(teacher_es, make_event().pk)  # an event is not a course
    events.event_cancel(actor=course.event.organiser, event=course.event, reason="No trainer.")
    assert selectors.course_for(teacher_es, course.pk).event.status == Event.Status.CANCELLED


def test_the_application_window_of_a_course(teacher_es):
    course = make_course()
    event = course.event
    assert selectors.application_window(course).state == "open"
    assert selectors.application_window(course, event.registration_opens_at - dt.timedelta(seconds=1)).state == (
        "before"
    )
    assert selectors.application_window(course, event.registration_closes_at).state == "closed"


def test_course_factory_builds_a_course_through_the_service():
    course = CourseFactory(kind=LEARNING, capacity=5)
    assert course.event.kind == LEARNING
    assert course.event.capacity == 5
    assert course.activities_required == 2
    assert course.event.forum_id


# --- attendance --------------------------------------------------------------------------


def _attend(event, user):
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        registration_opens_at=timezone.now() - dt.timedelta(days=2),
        registration_closes_at=timezone.now() - dt.timedelta(minutes=30),
    )
    event.refresh_from_db()
    return events.attendance_mark(actor=event.organiser, event=event, user=user, attended=True)


def test_seminar_attendance_records_seminar_attended_and_an_event_records_event_attended(teacher_es):
    seminar = make_course(kind=SEMINAR)
    courses.course_apply(actor=teacher_es, course=seminar)
    assert _attend(seminar.event, teacher_es).attended
    workshop = make_event()
    events.register(actor=teacher_es, event=workshop)
    _attend(workshop, teacher_es)
    kinds = dict(ProgressAction.objects.filter(user=teacher_es).values_list("key", "kind"))
    assert kinds == {str(seminar.pk): "seminar_attended", str(workshop.pk): "event_attended"}


def test_learning_event_attendance_records_no_progress(teacher_es):
    course = make_course(kind=LEARNING)
    courses.course_apply(actor=teacher_es, course=course)
    _attend(course.event, teacher_es)
    assert not ProgressAction.objects.filter(user=teacher_es).exists()


# --- admin -------------------------------------------------------------------------------


def test_courses_and_completions_in_the_admin(client, running):
    course, participant, _waiting, activities, during = running
    for activity in activities[:2]:
        contribute(participant, activity)
        courses.activity_mark_done(actor=participant, activity=activity, now=during)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:learning_course_changelist")).status_code == 200
    page = client.get(reverse("admin:learning_course_change", args=[course.pk]))
    assert page.status_code == 200
    assert "Week 2" in page.content.decode()
    assert client.get(reverse("admin:learning_course_add")).status_code == 403
    assert client.get(reverse("admin:learning_coursecompletion_changelist")).status_code == 200
    completion = CourseCompletion.objects.get()
    assert client.get(reverse("admin:learning_coursecompletion_add")).status_code == 403
    view = client.get(reverse("admin:learning_coursecompletion_change", args=[completion.pk]))
    assert view.status_code == 200
    assert b'name="user"' not in view.content  # read only
    deleting = client.post(reverse("admin:learning_coursecompletion_delete", args=[completion.pk]), {"post": "yes"})
    assert deleting.status_code == 403
    assert CourseCompletion.objects.exists()
