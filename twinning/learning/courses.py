"""Every change to courses: organising and editing a learning event or an online seminar, applying,
withdrawing and taking an offered place, the weekly activities of a learning event and their completion.

A course stands on an event (see `models.Course`): the events services keep
its rules for dates, places and the application window (the registration
window: open from its opening instant up to, not including, its closing
one), and the capacity guarantee with the waiting list. This module adds the
course's rules and speaks of courses and applications in its messages:

- support staff organise courses, online only and public; applications close
  at the latest when the course starts;
- a learning event is completed by doing `activities_required` (at least one)
  of its activities; an online seminar has none (0), and asking for some is
  refused rather than silently dropped;
- a participant marks an activity done after posting their contribution in
  its thread, from the course's start until `DONE_GRACE` after its end; the
  completion, its progress action and its notice are written once.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Post
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import thread_start
from twinning.events.models import COURSE_KINDS, Event, Registration
from twinning.events.permissions import is_adult
from twinning.events.selectors import registration_of
from twinning.events.services import (
    event_create,
    event_update,
    local_time_text,
    offer_accept,
    register,
    registration_cancel,
    to_utc,
)
from twinning.learning.course_selectors import activities_done_count, course_weeks
from twinning.learning.models import ActivityDone, Course, CourseActivity, CourseCompletion
from twinning.learning.permissions import can_manage_course, can_organise_courses, can_view_course
from twinning.notifications.services import notify
from twinning.progress.services import progress_record

State = Registration.State

DONE_GRACE = dt.timedelta(days=14)
"""After a learning event ends, its participants still mark activities done for this long."""
ACTIVITIES_REQUIRED_MAX = 50
AUDIENCE_MAX = Course._meta.get_field("audience").max_length or 300
ACTIVITY_TITLE_MAX = CourseActivity._meta.get_field("title").max_length or 200
INSTRUCTIONS_MAX = 5000

COURSE_FIELDS = (
    "title",
    "description",
    "audience",
    "language",
    "starts_at",
    "ends_at",
    "time_zone",
    "capacity",
    "applications_open_at",
    "applications_close_at",
    "activities_required",
)
"""What `course_update` changes (the same names as `course_create`'s; the kind never changes)."""
TO_EVENT_FIELD = {"applications_open_at": "registration_opens_at", "applications_close_at": "registration_closes_at"}
FROM_EVENT_FIELD = {event_name: name for name, event_name in TO_EVENT_FIELD.items()}
TIME_FIELDS = ("starts_at", "ends_at", "applications_open_at", "applications_close_at")
COURSE_ONLY_FIELDS = ("audience", "activities_required")


# --- helpers -----------------------------------------------------------------------------


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionRefused()


def _course_field(error: DomainError) -> None:
    """Names an events error's field with the course's names (applications_*, not registration_*)."""
    if error.field in FROM_EVENT_FIELD:
        error.field = FROM_EVENT_FIELD[error.field]


def _clean_line(value: str, *, field: str, max_length: int, required: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise DomainError(required, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("At most %(max)d characters; this has %(length)d.") % {"max": max_length, "length": len(value)},
            field=field,
        )
    if "\x00" in value:
        raise DomainError(_("This text contains a character that cannot be stored."), field=field)
    return value


def clean_audience(audience: str) -> str:
    """Whom the course is for, on one line (the course services and the admin check it alike)."""
    return _clean_line(
        audience, field="audience", max_length=AUDIENCE_MAX, required=_("Say whom the course is meant for.")
    )


def _check_kind(kind: str) -> None:
    if kind not in COURSE_KINDS:
        raise DomainError(_("Choose learning event or online seminar."), field="kind")


def clean_activities_required(kind: str, value: Any) -> int:
    """A learning event needs at least one activity done (at most ACTIVITIES_REQUIRED_MAX); an online seminar
    has none to do. The course services and the admin check it alike."""
    if isinstance(value, bool):
        value = None
    try:
        required = int(value)
    except (TypeError, ValueError) as bad:
        raise DomainError(_("Give the number of activities to complete."), field="activities_required") from bad
    if kind == Event.Kind.ONLINE_SEMINAR:
        if required != 0:
            raise DomainError(
                _("An online seminar has no activities to complete: leave 0."), field="activities_required"
            )
        return 0
    if required < 1:
        raise DomainError(
            _("A learning event is completed by doing at least one activity."), field="activities_required"
        )
    if required > ACTIVITIES_REQUIRED_MAX:
        raise DomainError(
            _("At most %(max)d activities to complete.") % {"max": ACTIVITIES_REQUIRED_MAX},
            field="activities_required",
        )
    return required


def _check_times(
    *, starts_at: dt.datetime, ends_at: dt.datetime, opens_at: dt.datetime, closes_at: dt.datetime
) -> None:
    """The course's own rules on its (UTC) times; the events services check the rest."""
    if ends_at <= starts_at:
        raise DomainError(_("The course ends after it starts."), field="ends_at")
    if closes_at <= opens_at:
        raise DomainError(_("Applications close after they open."), field="applications_close_at")
    if closes_at > starts_at:
        raise DomainError(_("Applications close at the latest when the course starts."), field="applications_close_at")


def _organiser_forum_access() -> ForumAccess:
    """The organiser's rights in their course's forum (as on the event's forum pages)."""
    return ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=True)


# --- organising --------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    actor: User,
    kind: str,
    title: str,
    description: str,
    audience: str,
    language: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    capacity: int,
    applications_open_at: dt.datetime,
    applications_close_at: dt.datetime,
    activities_required: int = 0,
) -> Course:
    """Support staff organise a learning event or an online seminar: a public online event of that kind
    (naive times read in `time_zone`) and its course. Applications close at the latest when the course
    starts; a learning event needs `activities_required` >= 1, an online seminar 0. Nothing is stored when
    a rule refuses."""
    _require(can_organise_courses(actor))
    _check_kind(kind)
    audience = clean_audience(audience)
    required = clean_activities_required(kind, activities_required)
    starts = to_utc(starts_at, time_zone, field="starts_at")
    ends = to_utc(ends_at, time_zone, field="ends_at")
    opens = to_utc(applications_open_at, time_zone, field="applications_open_at")
    closes = to_utc(applications_close_at, time_zone, field="applications_close_at")
    _check_times(starts_at=starts, ends_at=ends, opens_at=opens, closes_at=closes)
    try:
        event = event_create(
            actor=actor,
            title=title,
            description=description,
            kind=kind,
            format=Event.Format.ONLINE,
            place="",
            starts_at=starts,
            ends_at=ends,
            time_zone=time_zone,
            language=language,
            visibility=Event.Visibility.PUBLIC,
            capacity=capacity,
            registration_opens_at=opens,
            registration_closes_at=closes,
            course=True,
        )
    except DomainError as refused:
        _course_field(refused)
        raise
    course = Course(event=event, audience=audience, activities_required=required)
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def course_update(*, actor: User, course: Course, **fields: Any) -> Course:
    """The organiser changes the course (not once cancelled or over), with `course_create`'s rules; the
    kind never changes, nor the number of activities to complete once the course has started. Raising
    the places offers them to the waiting list; a new time tells the participants (the events rules)."""
    kind = fields.pop("kind", None)
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"course_update() got unexpected fields: {sorted(unknown)}")
    _require(can_manage_course(actor, course))
    event = Event.objects.select_for_update().get(pk=course.pk)
    course = Course.objects.select_for_update().get(pk=course.pk)
    now = timezone.now()
    if kind is not None and kind != event.kind:
        raise DomainError(_("A course's kind cannot change: organise a new course instead."), field="kind")
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This course is cancelled: it can no longer be changed."), code="cancelled")
    if event.ends_at <= now:
        raise DomainError(_("This course is over: it can no longer be changed."), code="over")
    time_zone = fields.get("time_zone", event.time_zone)
    times = {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "applications_open_at": event.registration_opens_at,
        "applications_close_at": event.registration_closes_at,
    }
    for name in TIME_FIELDS:
        if name in fields:
            times[name] = fields[name] = to_utc(fields[name], time_zone, field=name)
    _check_times(
        starts_at=times["starts_at"],
        ends_at=times["ends_at"],
        opens_at=times["applications_open_at"],
        closes_at=times["applications_close_at"],
    )
    if "audience" in fields:
        course.audience = clean_audience(fields["audience"])
    if "activities_required" in fields:
        required = clean_activities_required(event.kind, fields["activities_required"])
        if required != course.activities_required and event.starts_at <= now:
            raise DomainError(
                _("The number of activities to complete cannot change once the course has started."),
                field="activities_required",
                code="started",
            )
        course.activities_required = required
    event_fields = {
        TO_EVENT_FIELD.get(name, name): value for name, value in fields.items() if name not in COURSE_ONLY_FIELDS
    }
    if event_fields:
        try:
            event_update(actor=actor, event=event, **event_fields)
        except DomainError as refused:
            _course_field(refused)
            raise
    course.full_clean()
    course.save(update_fields=["audience", "activities_required"])
    return Course.objects.select_related("event", "event__organiser").get(pk=course.pk)


# --- applications ------------------------------------------------------------------------


def _already_applied(registration: Registration | None) -> DomainError:
    if registration is not None and registration.state == State.WAITING:
        return DomainError(_("You are already on the waiting list for this course."), code="duplicate")
    if registration is not None and registration.state == State.OFFERED:
        return DomainError(_("A place is already offered to you: accept it on the course's page."), code="duplicate")
    return DomainError(_("You have already applied for this course."), code="duplicate")


def _application_error(refused: DomainError, *, actor: User, course: Course) -> DomainError:
    """The events' refusal of a registration, in the words of a course application (same codes)."""
    event = course.event
    if refused.code == "not_open":
        return DomainError(
            _("Applications open on %(date)s.") % {"date": local_time_text(event.registration_opens_at, actor)},
            code="not_open",
        )
    if refused.code == "closed":
        return DomainError(_("Applications are closed."), code="closed")
    if refused.code == "duplicate":
        return _already_applied(registration_of(user=actor, event=event))
    if refused.code == "cancelled":
        return DomainError(_("This course is cancelled."), code="cancelled")
    if refused.code == "organiser":
        return DomainError(_("You organise this course: you run it without applying."), code="organiser")
    if refused.code == "not_validated":
        return DomainError(_("You can apply for courses once your account is validated."), code="not_validated")
    return refused


def course_apply(*, actor: User, course: Course, now: dt.datetime | None = None) -> Registration:
    """A validated teacher applies inside the application window: a place when one is free (REGISTERED),
    otherwise the waiting list (WAITING), with the events' capacity guarantee."""
    try:
        return register(actor=actor, event=course.event, now=now)
    except PermissionRefused:
        raise
    except DomainError as refused:
        raise _application_error(refused, actor=actor, course=course) from refused


def course_withdraw(*, actor: User, course: Course, now: dt.datetime | None = None) -> Registration:
    """The applicant gives up their place, offer or waiting, before the course starts; a freed place is
    offered to the first in line."""
    _require(is_adult(actor))
    registration = registration_of(user=actor, event=course.event)
    if registration is None:
        raise DomainError(_("You have not applied for this course."), code="not_applied")
    try:
        return registration_cancel(actor=actor, registration=registration, now=now)
    except PermissionRefused:
        raise
    except DomainError as refused:
        if refused.code == "started":
            raise DomainError(_("The course has started: your place stays."), code="started") from refused
        if refused.code == "ended":
            raise DomainError(_("You have already withdrawn from this course."), code="ended") from refused
        raise


def course_offer_accept(*, actor: User, course: Course, now: dt.datetime | None = None) -> Registration:
    """The applicant takes the place offered to them, before the offer expires."""
    _require(is_adult(actor))
    registration = registration_of(user=actor, event=course.event)
    if registration is None or registration.state != State.OFFERED:
        raise DomainError(_("No place is offered to you for this course."), code="offer_gone")
    return offer_accept(actor=actor, registration=registration, now=now)


# --- activities --------------------------------------------------------------------------


@transaction.atomic
def activity_create(*, actor: User, course: Course, week: int, title: str, instructions: str) -> CourseActivity:
    """The organiser of a learning event (not cancelled, not over) sets an activity for one of its weeks
    (1 to the number of weeks it spans); the instructions open the activity's thread in the course's forum,
    where participants post their contributions."""
    _require(can_manage_course(actor, course))
    event = course.event
    if event.kind != Event.Kind.LEARNING_EVENT:
        raise DomainError(_("Only learning events have activities."), code="not_learning_event")
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This course is cancelled."), code="cancelled")
    if event.ends_at <= timezone.now():
        raise DomainError(_("This course is over."), code="over")
    weeks = course_weeks(course)
    try:
        week = int(week)
    except (TypeError, ValueError) as bad:
        raise DomainError(_("Choose a week of the course."), field="week") from bad
    if not 1 <= week <= weeks:
        raise DomainError(_("Choose a week between 1 and %(weeks)d.") % {"weeks": weeks}, field="week")
    title = _clean_line(title, field="title", max_length=ACTIVITY_TITLE_MAX, required=_("Give the activity a title."))
    instructions = _clean_instructions(instructions)
    try:
        thread = thread_start(
            actor=actor, forum=event.forum, access=_organiser_forum_access(), title=title, body=instructions
        )
    except DomainError as refused:
        if refused.field == "body":
            refused.field = "instructions"
        raise
    activity = CourseActivity(course=course, week=week, title=thread.title, instructions=instructions, thread=thread)
    activity.full_clean()
    activity.save()
    return activity


def _clean_instructions(instructions: str) -> str:
    instructions = (instructions or "").strip()
    if not instructions:
        raise DomainError(_("Say what participants should do."), field="instructions")
    if len(instructions) > INSTRUCTIONS_MAX:
        raise DomainError(
            _("At most %(max)d characters; this has %(length)d.")
            % {"max": INSTRUCTIONS_MAX, "length": len(instructions)},
            field="instructions",
        )
    return instructions


def _has_contribution(activity: CourseActivity, user: User) -> bool:
    return Post.objects.filter(
        thread_id=activity.thread_id, author_id=user.pk, is_hidden=False, thread__is_hidden=False
    ).exists()


@transaction.atomic
def activity_mark_done(*, actor: User, activity: CourseActivity, now: dt.datetime | None = None) -> ActivityDone:
    """A participant holding a place says they did an activity, from the course's start until DONE_GRACE
    after its end, once a visible post of theirs is in the activity's thread. Marking it again changes
    nothing. When their activities done reach the course's `activities_required`, the completion is
    recorded once, with the progress action "course_completed" and a notice pointing to their certificates."""
    now = now or timezone.now()
    course = activity.course
    event = course.event
    _require(is_adult(actor) and can_view_course(actor, course))
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This course is cancelled."), code="cancelled")
    # Locking the participant's place makes their marks one at a time, so the count below is exact.
    place = (
        Registration.objects.select_for_update()
        .filter(event_id=event.pk, user_id=actor.pk, state=State.REGISTERED)
        .first()
    )
    if place is None:
        raise DomainError(_("Only participants holding a place mark activities as done."), code="not_participant")
    if now < event.starts_at:
        raise DomainError(_("Activities are marked as done once the course has started."), code="not_started")
    if now >= event.ends_at + DONE_GRACE:
        raise DomainError(
            _("The course ended more than %(days)d days ago: activities can no longer be marked as done.")
            % {"days": DONE_GRACE.days},
            code="over",
        )
    if not _has_contribution(activity, actor):
        raise DomainError(_("Post your contribution in the activity's discussion first."), code="no_contribution")
    try:
        with transaction.atomic():
            done = ActivityDone.objects.create(activity=activity, user=actor)
    except IntegrityError:
        done = ActivityDone.objects.get(activity=activity, user=actor)
    _complete_if_due(course=course, user=actor)
    return done


def _complete_if_due(*, course: Course, user: User) -> None:
    required = course.activities_required
    if required < 1 or activities_done_count(course=course, user=user) < required:
        return
    if CourseCompletion.objects.filter(course_id=course.pk, user_id=user.pk).exists():
        return
    try:
        with transaction.atomic():
            CourseCompletion.objects.create(course=course, user=user)
    except IntegrityError:  # recorded at the same moment by another request
        return
    progress_record(user=user, kind="course_completed", key=str(course.pk))
    notify(
        recipient=user,
        kind="course_completed",
        url=reverse("certificates:index"),
        params={"course": course.event.title},
    )
