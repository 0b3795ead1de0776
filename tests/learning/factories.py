import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from tests.accounts.factories import make_officer
from twinning.accounts.models import SupportService, User
from twinning.events.models import Event
from twinning.learning.courses import course_create
from twinning.learning.models import Course, Module, Question, Step


def make_module(*, title="Working with eTwinning", published=True, steps=3, questions=2, position=0) -> Module:
    module = Module.objects.create(
        title=title, summary="A short module.", language="en", position=position, is_published=published
    )
    for number in range(1, steps + 1):
        Step.objects.create(module=module, position=number, title=f"Step {number}", body=f"<p>Text {number}</p>")
    for number in range(1, questions + 1):
        Question.objects.create(
            module=module,
            position=number,
            text=f"Question {number}?",
            choices=["Right", "Wrong", "Also wrong"],
            correct=0,
        )
    return module


def right_answers(module: Module) -> dict[int, int]:
    return {q.pk: q.correct for q in module.questions.all()}


# --- courses -----------------------------------------------------------------------------

_course_counter = {"n": 0}


def make_support_officer(**fields: Any) -> User:
    """A national support officer: support staff organise courses."""
    return make_officer(kind=SupportService.Kind.NATIONAL, country=fields.pop("country", "FR"), **fields)


def make_course(*, organiser: User | None = None, **fields: Any) -> Course:
    """A course organised through `course_create`, so it has its event, forum, library and video room.

    By default an online seminar in English starting in a week for an hour, applications open from an hour
    ago until it starts, 20 places. `kind=Event.Kind.LEARNING_EVENT` makes a learning event over three weeks
    with two activities to complete. `fields` override any `course_create` argument (naive times are read
    in `time_zone`).
    """
    _course_counter["n"] += 1
    organiser = organiser or make_support_officer()
    kind = fields.pop("kind", Event.Kind.ONLINE_SEMINAR)
    learning = kind == Event.Kind.LEARNING_EVENT
    now = timezone.now()
    starts_at = fields.pop("starts_at", now + dt.timedelta(days=7))
    values: dict[str, Any] = {
        "title": f"Course {_course_counter['n']}",
        "description": "How to run a project with partners abroad.",
        "audience": "Primary teachers new to projects",
        "language": "en",
        "starts_at": starts_at,
        "ends_at": starts_at + (dt.timedelta(weeks=3) if learning else dt.timedelta(hours=1)),
        "time_zone": "Europe/Brussels",
        "capacity": 20,
        "applications_open_at": now - dt.timedelta(hours=1),
        "applications_close_at": starts_at,
        "activities_required": 2 if learning else 0,
    }
    values.update(fields)
    return course_create(actor=organiser, kind=kind, **values)


class CourseFactory(factory.Factory):
    """`CourseFactory(kind=..., capacity=...)`: a course built by `make_course` (through the service)."""

    class Meta:
        model = Course

    @classmethod
    def _create(cls, model_class: type[Course], *args: Any, **kwargs: Any) -> Course:
        return make_course(**kwargs)


def start_course(course: Course, *, ago: dt.timedelta = dt.timedelta(hours=1)) -> Course:
    """Moves a course into the past so it started `ago` (keeping its length and window order), as time
    passing would: the services refuse to edit it then, so the rows are changed directly."""
    event = course.event
    length = event.ends_at - event.starts_at
    starts_at = timezone.now() - ago
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + length,
        registration_opens_at=starts_at - dt.timedelta(days=10),
        registration_closes_at=starts_at,
    )
    event.refresh_from_db()
    return course
