"""Reading courses: the catalogue with its filters, a course for its page, the application window, my
applications, the activities with what I have done, and my progress towards completion.

Every read starts from `permissions.visible_courses(viewer)`: a page that
asks for a course the viewer may not see answers 404. The catalogue loads
each course's event and organiser in the same query, whatever the number of
courses.
"""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from twinning.accounts.models import User
from twinning.events.models import Event, Registration
from twinning.events.selectors import LIVE_STATES, RegistrationWindow, registration_window
from twinning.learning.models import ActivityDone, Course, CourseActivity, CourseCompletion
from twinning.learning.permissions import visible_courses

WINDOWS = ("open", "upcoming", "closed")
"""The catalogue's window filter: applications open now, opening later, or closed."""


@dataclass(frozen=True)
class CourseFilters:
    """The catalogue's filters; empty values filter nothing."""

    kind: str = ""
    language: str = ""
    window: str = ""
    mine: bool = False


@dataclass(frozen=True)
class CompletionState:
    """A participant's way through a learning event: activities done of those required, and when they
    completed it (None until then)."""

    done: int
    required: int
    completed_at: dt.datetime | None

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


def _with_event(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.select_related("event", "event__organiser")


def course_catalogue(
    *, viewer: User, filters: CourseFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Course]:
    """The courses `viewer` sees, cancelled ones left out, filtered: those not over first, soonest first,
    then those over, the latest first (one query)."""
    filters = filters or CourseFilters()
    now = now or timezone.now()
    courses = visible_courses(viewer).exclude(event__status=Event.Status.CANCELLED)
    if filters.kind:
        courses = courses.filter(event__kind=filters.kind)
    if filters.language:
        courses = courses.filter(event__language=filters.language)
    if filters.window == "open":
        courses = courses.filter(event__registration_opens_at__lte=now, event__registration_closes_at__gt=now)
    elif filters.window == "upcoming":
        courses = courses.filter(event__registration_opens_at__gt=now)
    elif filters.window == "closed":
        courses = courses.filter(event__registration_closes_at__lte=now)
    if filters.mine:
        applied = Registration.objects.filter(user_id=viewer.pk, state__in=LIVE_STATES).values("event_id")
        courses = courses.filter(Q(event__organiser_id=viewer.pk) | Q(event_id__in=applied))
    over = Case(When(event__ends_at__lte=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        _with_event(courses)
        .annotate(is_over=over)
        .order_by("is_over", Case(When(is_over=0, then=F("event__starts_at"))), "-event__starts_at", "pk")
    )


def course_for(viewer: User, pk: int) -> Course:
    """The course `pk` if `viewer` may see it (cancelled ones too: their page says so), else 404."""
    course = _with_event(visible_courses(viewer)).filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def application_window(course: Course, now: dt.datetime | None = None) -> RegistrationWindow:
    """Whether applications are open: from `opens_at` itself up to, not including, `closes_at`."""
    return registration_window(course.event, now)


def my_applications(*, user: User, courses: Iterable[Course]) -> dict[int, Registration]:
    """`user`'s live application (registered, waiting, offered) for each of `courses` that has one, by
    course pk (one query; none when there are no courses)."""
    pks = [course.pk for course in courses]
    if not pks or not getattr(user, "is_authenticated", False):
        return {}
    registrations = Registration.objects.filter(user_id=user.pk, event_id__in=pks, state__in=LIVE_STATES)
    return {registration.event_id: registration for registration in registrations}


def course_weeks(course: Course) -> int:
    """How many weeks the course spans (a started week counts): the weeks its activities may fall in."""
    span = course.event.ends_at - course.event.starts_at
    return max(1, math.ceil(span / dt.timedelta(weeks=1)))


def course_activities(*, course: Course) -> QuerySet[CourseActivity]:
    return CourseActivity.objects.filter(course_id=course.pk).select_related("thread").order_by("week", "pk")


def activities_with_done(*, course: Course, user: User) -> list[tuple[CourseActivity, bool]]:
    """The course's activities by week, each with whether `user` marked it done (two queries)."""
    activities = list(course_activities(course=course))
    done: set[int] = set()
    if activities and getattr(user, "is_authenticated", False):
        done = set(
            ActivityDone.objects.filter(user_id=user.pk, activity__course_id=course.pk).values_list(
                "activity_id", flat=True
            )
        )
    return [(activity, activity.pk in done) for activity in activities]


def activities_done_count(*, course: Course, user: User) -> int:
    return ActivityDone.objects.filter(user_id=user.pk, activity__course_id=course.pk).count()


def course_completion_state(*, course: Course, user: User) -> CompletionState:
    """How far `user` is through `course`: done of required, and the completion if recorded."""
    completed_at = (
        CourseCompletion.objects.filter(course_id=course.pk, user_id=user.pk)
        .values_list("completed_at", flat=True)
        .first()
    )
    return CompletionState(
        done=activities_done_count(course=course, user=user),
        required=course.activities_required,
        completed_at=completed_at,
    )
