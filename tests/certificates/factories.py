"""The subjects of certificates for tests, made through the real services: an event attended, a learning
event completed, a closed project."""

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.events.factories import make_event, make_teacher
from tests.learning.factories import make_course, start_course
from tests.projects.factories import make_open_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import User
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import post_reply
from twinning.events.models import Event, Registration
from twinning.events.services import attendance_mark, register
from twinning.learning import courses
from twinning.learning.models import Course, CourseCompletion
from twinning.network.services import contact_create
from twinning.projects import services as projects
from twinning.projects.models import Project
from twinning.schools.models import Employment

PARTICIPANT = ForumAccess(can_read=True, can_start_thread=False, can_reply=True, can_moderate=False)


def project_teacher(country: str, **fields: Any) -> User:
    """A validated teacher at a school of `country` (projects need partners from different countries)."""
    user = make_teacher(**fields)
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country), validation=Employment.Validation.VALIDATED)
    return user


def move_to_past(event: Event, *, ago: dt.timedelta = dt.timedelta(minutes=10)) -> Event:
    """The event started `ago` (same length), as time passing would; the services refuse to move it there."""
    length = event.ends_at - event.starts_at
    starts_at = timezone.now() - ago
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + length,
        registration_opens_at=starts_at - dt.timedelta(days=10),
        registration_closes_at=starts_at,
    )
    event.refresh_from_db()
    return event


def registered_at_started_event(teacher: User, **fields: Any) -> tuple[Event, Registration]:
    """An event (a workshop by default) `teacher` registered for, which started ten minutes ago."""
    event = make_event(**fields)
    registration = register(actor=teacher, event=event)
    return move_to_past(event), registration


def attended_event(teacher: User, **fields: Any) -> Event:
    """An event that started ten minutes ago, where the organiser recorded that `teacher` took part."""
    event, _registration = registered_at_started_event(teacher, **fields)
    attendance_mark(actor=event.organiser, event=event, user=teacher, attended=True)
    return event


def applied_learning_event(teacher: User, **fields: Any) -> Course:
    """A learning event with two activities to do, started an hour ago, where `teacher` holds a place."""
    course = make_course(kind=Event.Kind.LEARNING_EVENT, activities_required=2, **fields)
    courses.course_apply(actor=teacher, course=course)
    for week in (1, 2):
        courses.activity_create(
            actor=course.event.organiser, course=course, week=week, title=f"Week {week}", instructions="Share it."
        )
    return start_course(course)


def do_activity(teacher: User, course: Course, week: int) -> None:
    """`teacher` posts in the activity's thread, then marks it done."""
    activity = course.activities.get(week=week)
    post_reply(actor=teacher, thread=activity.thread, access=PARTICIPANT, body="Our class's contribution.")
    courses.activity_mark_done(actor=teacher, activity=activity)


def completed_course(teacher: User, **fields: Any) -> Course:
    """A learning event `teacher` completed by doing its activities."""
    course = applied_learning_event(teacher, **fields)
    do_activity(teacher, course, 1)
    do_activity(teacher, course, 2)
    return course


def quickly_completed_course(teacher: User, **fields: Any) -> Course:
    """A learning event with the completion row `activity_mark_done` writes, without the activities: for
    tests that need many of them."""
    course = make_course(kind=Event.Kind.LEARNING_EVENT, **fields)
    CourseCompletion.objects.create(course=course, user=teacher)
    return course


def closed_project(founder: User, cofounder: User, *, partners: tuple[User, ...] = (), **fields: Any) -> Project:
    """A project approved, joined by `partners` (contacts of the founder) and then ended by its founder."""
    project = open_project(founder, cofounder, partners=partners, **fields)
    return projects.project_close(actor=founder, project=project)


def open_project(founder: User, cofounder: User, *, partners: tuple[User, ...] = (), **fields: Any) -> Project:
    project = make_open_project(founder, cofounder, **fields)
    for partner in partners:
        contact_create(first=founder, second=partner)
        invitation = projects.partner_invite(actor=founder, project=project, teacher=partner)
        projects.invitation_accept(actor=partner, partner=invitation)
    project.refresh_from_db()
    return project
