"""Course pages of Professional development: the catalogue of learning events and online seminars, a course's
page, the organiser's forms, and the applicants' actions (apply, withdraw, accept an offered place, mark an
activity as done).

A course stands on an event: its forum, documents, participants (with attendance), video room and
cancellation are the event pages (`events:*`), which serve course events as they are. Each view here parses,
fetches through the visibility rules (`course_for`: a 404 for pupils), calls one service or selector and
answers; a `PermissionRefused` is a 404 and a broken rule a message.
"""

import itertools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.events import selectors as event_selectors
from twinning.events.models import Event, Registration
from twinning.events.permissions import can_register, is_adult
from twinning.events.video import can_join, join_opens_at
from twinning.learning import course_selectors, courses
from twinning.learning.course_forms import SERVICE_FIELDS, ActivityForm, CourseFilterForm, CourseForm
from twinning.learning.models import Course, CourseActivity
from twinning.learning.permissions import can_manage_course, can_organise_courses

CATALOGUE_PAGE_SIZE = 20

form_page = require_http_methods(["GET", "HEAD", "POST"])
read_page = require_http_methods(["GET", "HEAD"])


def _adult_only(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not is_adult(user):
        raise Http404
    return user


def _managed_course(user: User, pk: int) -> Course:
    """The course `pk` for its organiser, while it is not cancelled; 404 for anyone else."""
    course = course_selectors.course_for(user, pk)
    if not can_manage_course(user, course) or course.event.status == Event.Status.CANCELLED:
        raise Http404
    return course


def _course_url(course: Course) -> str:
    return reverse("learning:course", kwargs={"pk": course.pk})


def _add_error(form: CourseForm, exc: DomainError) -> None:
    """A service's refusal on the form field it is about (the event's names map to the form's)."""
    if exc.field in SERVICE_FIELDS:
        exc = DomainError(exc.message, field=SERVICE_FIELDS[exc.field], code=exc.code)
    add_service_error(form, exc)


def _certificate_url(kind: str, course: Course) -> str:
    return reverse("certificates:download", kwargs={"kind": kind, "subject_id": course.pk})


# --- catalogue --------------------------------------------------------------------------------


@login_required
@read_page
def catalogue(request: HttpRequest) -> HttpResponse:
    """Learning events and online seminars, with filters (type, language, applications open, mine); each card
    says when applications open or close, the places left and my application."""
    user = _adult_only(request)
    form = CourseFilterForm(request.GET or None)
    filters = course_selectors.CourseFilters()
    if form.is_valid():
        filters = course_selectors.CourseFilters(**form.cleaned_data)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(course_selectors.course_catalogue(viewer=user, filters=filters), CATALOGUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = list(page.object_list)
    mine = course_selectors.my_applications(user=user, courses=items)
    now = timezone.now()
    rows = [
        {
            "course": item,
            "event": item.event,
            "window": course_selectors.application_window(item, now),
            "registration": mine.get(item.pk),
        }
        for item in items
    ]
    return render(
        request,
        "learning/course_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_organise": can_organise_courses(user),
        },
    )


# --- the organiser's forms ----------------------------------------------------------------------


@login_required
@form_page
def course_create(request: HttpRequest) -> HttpResponse:
    """Support staff organise learning events and online seminars."""
    user = _adult_only(request)
    if not can_organise_courses(user):
        raise Http404
    form = CourseForm(request.POST or None, organiser_zone=user.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            course = courses.course_create(actor=user, **form.service_fields())
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Your course is in the catalogue."))
            return redirect(_course_url(course))
    return render(request, "learning/course_form.html", {"form": form, "course": None})


@login_required
@form_page
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    course = _managed_course(user, pk)
    form = CourseForm(request.POST or None, organiser_zone=user.time_zone, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            courses.course_update(actor=user, course=course, **form.service_fields())
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(_course_url(course))
    return render(request, "learning/course_form.html", {"form": form, "course": course})


@login_required
@form_page
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser adds a week's activity to a learning event; its discussion opens with the instructions."""
    user = _adult_only(request)
    course = _managed_course(user, pk)
    if course.event.kind != Event.Kind.LEARNING_EVENT:
        raise Http404
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            courses.activity_create(actor=user, course=course, **form.cleaned_data)
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The activity is added; its discussion is open."))
            return redirect(_course_url(course) + "#activities")
    return render(request, "learning/course_activity_form.html", {"form": form, "course": course})


# --- the course page ------------------------------------------------------------------------------


def _weeks(rows: list[tuple[CourseActivity, bool]]) -> list[tuple[int, list[tuple[CourseActivity, bool]]]]:
    return [(week, list(group)) for week, group in itertools.groupby(rows, key=lambda row: row[0].week)]


@login_required
@read_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The course: what, for whom, when (in the reader's zone), places, the application window and my
    application; a learning event's activities by week with my progress, a seminar's video room."""
    user = _adult_only(request)
    course = course_selectors.course_for(user, pk)
    event = course.event
    now = timezone.now()
    registration = event_selectors.registration_of(user=user, event=event)
    registered = registration is not None and registration.state == Registration.State.REGISTERED
    is_organiser = can_manage_course(user, course)
    context: dict[str, object] = {
        "course": course,
        "event": event,
        "registration": registration,
        "registered": registered,
        "position": event_selectors.waiting_position(registration) if registration else None,
        "window": course_selectors.application_window(course, now),
        "may_apply": can_register(user, event),
        "places_left": max(event.capacity - event.seats_taken, 0),
        "is_organiser": is_organiser,
        "is_live": event.status != Event.Status.CANCELLED,
        "has_started": event.starts_at <= now,
        "is_over": event.ends_at <= now,
        "show_organiser_zone": event.time_zone != timezone.get_current_timezone_name(),
    }
    if event.kind == Event.Kind.LEARNING_EVENT:
        context["weeks"] = _weeks(course_selectors.activities_with_done(course=course, user=user))
        if registered:
            state = course_selectors.course_completion_state(course=course, user=user)
            context["completion"] = state
            context["done_shown"] = min(state.done, state.required)  # activities beyond the rule count no further
            if state.completed_at is not None:
                context["certificate_url"] = _certificate_url("course_completion", course)
    else:
        context["can_join"] = (registered or is_organiser) and can_join(user, event, now)
        context["join_opens_at"] = join_opens_at(event)
        if registered and registration is not None and registration.attended:
            context["certificate_url"] = _certificate_url("event_attendance", course)
    return render(request, "learning/course_detail.html", context)


# --- applicants' actions ----------------------------------------------------------------------------


def _act(request: HttpRequest, course: Course, action: Callable[[], object], success: str) -> HttpResponse:
    """Runs a service for a POST: a refusal is a 404, a broken rule a message on the course page."""
    try:
        action()
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(_course_url(course))


@login_required
@require_POST
def course_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """A validated teacher applies, while applications are open: a place if one is free, else the waiting list."""
    user = _adult_only(request)
    course = course_selectors.course_for(user, pk)
    try:
        registration = courses.course_apply(actor=user, course=course)
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_course_url(course))
    if registration.state == Registration.State.REGISTERED:
        messages.success(request, _("You have a place on this course."))
    else:
        messages.success(request, _("The course is full: you are on the waiting list."))
    return redirect(_course_url(course))


@login_required
@form_page
def course_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """I give up my place, my offered place or my place in line, after a confirmation page."""
    user = _adult_only(request)
    course = course_selectors.course_for(user, pk)
    registration = event_selectors.registration_of(user=user, event=course.event)
    if registration is None:
        raise Http404
    if request.method == "POST":
        was_waiting = registration.state == Registration.State.WAITING
        return _act(
            request,
            course,
            lambda: courses.course_withdraw(actor=user, course=course),
            _("You left the waiting list.") if was_waiting else _("You withdrew from the course."),
        )
    return render(request, "learning/course_withdraw.html", {"course": course, "registration": registration})


@login_required
@require_POST
def course_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    course = course_selectors.course_for(user, pk)
    return _act(
        request,
        course,
        lambda: courses.course_offer_accept(actor=user, course=course),
        _("The place is yours: you are on the course."),
    )


@login_required
@require_POST
def activity_done(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """A participant says they did an activity (after posting in its discussion); reaching the course's
    number completes it."""
    user = _adult_only(request)
    course = course_selectors.course_for(user, pk)
    activity = get_object_or_404(CourseActivity, pk=activity_pk, course=course)
    completed_before = course_selectors.course_completion_state(course=course, user=user).completed_at
    try:
        courses.activity_mark_done(actor=user, activity=activity)
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if completed_before is None and course_selectors.course_completion_state(course=course, user=user).completed_at:
            messages.success(request, _("Well done: you completed the course. Your certificate is ready."))
        else:
            messages.success(request, _("The activity is marked as done."))
    return redirect(_course_url(course) + "#activities")
