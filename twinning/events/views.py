"""Event pages: the list, the month calendar, my events, the organiser's forms, the event page and its tabs,
registration actions, invitations, the .ics download and the personal calendar feed.

Each view parses, fetches through the visibility rules (`engines.event_for`:
a 404 for an event the user may not see), calls one service or selector and
answers. A `PermissionRefused` from a service is a 404 too.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.events import ics, selectors, services, video
from twinning.events.engines import event_access, event_for, managed_event
from twinning.events.forms import CancelForm, EventForm, FilterForm
from twinning.events.models import CalendarFeed, Event, Invitation, Registration
from twinning.events.permissions import can_manage_event, can_organise, can_register, is_adult
from twinning.events.video import can_join, join_opens_at
from twinning.profiles.invite_picker import candidates_context, invite_from_post

LIST_PAGE_SIZE = 20
MINE_LIMIT = 200
PARTICIPANTS_LIMIT = 500
FEED_LIMIT = 500
FEED_PAST_DAYS = 90

form_page = require_http_methods(["GET", "HEAD", "POST"])
read_page = require_http_methods(["GET", "HEAD"])


def _adult_only(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not is_adult(user):
        raise Http404
    return user


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.EventFilters, str]:
    """The filter form, the filters it gives (none when invalid) and the query string to keep in links."""
    form = FilterForm(request.GET or None)
    filters = selectors.EventFilters(include_cancelled=False)
    if form.is_valid():
        filters = selectors.EventFilters(**form.cleaned_data, include_cancelled=False)
    query = request.GET.copy()
    for name in ("page", "year", "month"):
        query.pop(name, None)
    return form, filters, query.urlencode()


@login_required
@read_page
def index(request: HttpRequest) -> HttpResponse:
    """Events not yet over, soonest first, with filters (type, language, dates, online or face to face);
    from a given day on, past ones of those days too (the calendar's "more events" of a day lead here)."""
    user = _adult_only(request)
    form, filters, query = _filters(request)
    if filters.date_from:
        events = selectors.event_list(viewer=user, filters=filters)
    else:
        events = selectors.upcoming_events(viewer=user, filters=filters)
    page = Paginator(events, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/index.html",
        {"form": form, "page": page, "query": query, "can_organise": can_organise(user), "view": "list"},
    )


def _month(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
    except ValueError:
        return today.year, today.month
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        return today.year, today.month
    return year, month


@login_required
@read_page
def calendar(request: HttpRequest) -> HttpResponse:
    """A month, Monday to Sunday, each day with its events in the viewer's time zone; previous and next months."""
    user = _adult_only(request)
    form, filters, query = _filters(request)
    year, month = _month(request)
    weeks = selectors.calendar_month(viewer=user, year=year, month=month, filters=filters)
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "query": query,
            "weeks": weeks,
            "month_start": dt.date(year, month, 1),
            "previous": previous,
            "following": following,
            "weekdays": [dt.date(2024, 1, day) for day in range(1, 8)],  # 1 January 2024 was a Monday
            "can_organise": can_organise(user),
            "view": "calendar",
        },
    )


@login_required
@read_page
def mine(request: HttpRequest) -> HttpResponse:
    """My events: those I organise and those I hold a place for, wait for, or am offered a place at."""
    user = _adult_only(request)
    events = list(selectors.my_events(user=user)[:MINE_LIMIT])
    states = dict(
        Registration.objects.filter(
            user_id=user.pk, event_id__in=[event.pk for event in events], state__in=selectors.LIVE_STATES
        ).values_list("event_id", "state")
    )
    now = timezone.now()
    rows = [
        {
            "event": event,
            "state": states.get(event.pk, ""),
            "organised": event.organiser_id == user.pk,
            "is_past": event.ends_at <= now,
        }
        for event in events
    ]
    return render(
        request,
        "events/mine.html",
        {
            "upcoming": [row for row in rows if not row["is_past"]],
            "past": [row for row in rows if row["is_past"]][::-1],
            "can_organise": can_organise(user),
        },
    )


@login_required
@form_page
def create(request: HttpRequest) -> HttpResponse:
    """Any validated teacher organises an event."""
    user = _adult_only(request)
    if not can_organise(user):
        raise Http404
    form = EventForm(request.POST or None, organiser_zone=user.time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=user, **form.cleaned_data)
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your event is announced."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "event": None})


@login_required
@form_page
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    event = managed_event(user, pk)
    if event.status == Event.Status.CANCELLED:
        raise Http404
    if event.is_course:  # a course is edited with its course fields, in Professional development
        return redirect("learning:course_edit", pk=event.pk)
    form = EventForm(request.POST or None, organiser_zone=user.time_zone, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=user, event=event, **form.cleaned_data)
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/form.html", {"form": form, "event": event})


@login_required
@form_page
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser cancels, with a reason, after a confirmation page."""
    user = _adult_only(request)
    event = managed_event(user, pk)
    if event.status == Event.Status.CANCELLED:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(actor=user, event=event, reason=form.cleaned_data["reason"])
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The event is cancelled; everyone registered or waiting is told."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/cancel.html", {"form": form, "event": event})


def _event_page(request: HttpRequest, template: str, event: Event, tab: str, **extra: object) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        template,
        {"event": event, "event_access": event_access(user, event), "tab": tab, **extra},
    )


@login_required
@read_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event: its times in the reader's zone (and the organiser's), places left, my place and what I can do."""
    user = _adult_only(request)
    event = event_for(user, pk)
    if event.is_course:
        return redirect(services.event_url(event))
    now = timezone.now()
    registration = selectors.registration_of(user=user, event=event)
    return _event_page(
        request,
        "events/detail.html",
        event,
        "about",
        registration=registration,
        position=selectors.waiting_position(registration) if registration else None,
        window=selectors.registration_window(event, now),
        may_register=can_register(user, event),
        places_left=max(event.capacity - event.seats_taken, 0),
        can_join=can_join(user, event, now),
        join_opens_at=join_opens_at(event),
        is_organiser=can_manage_event(user, event),
        has_started=event.starts_at <= now,
        is_over=event.ends_at <= now,
        show_organiser_zone=event.time_zone != timezone.get_current_timezone_name(),
    )


def _act(request: HttpRequest, action: Callable[[], object], success: str, *, back: str) -> HttpResponse:
    """Runs a service for a POST: a refusal is a 404, a broken rule a message on the event page."""
    try:
        action()
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    event = event_for(user, pk)
    back = reverse("events:detail", kwargs={"pk": event.pk})
    try:
        registration = services.register(actor=user, event=event)
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    if registration.state == Registration.State.REGISTERED:
        messages.success(request, _("You are registered."))
    else:
        messages.success(request, _("The event is full: you are on the waiting list."))
    return redirect(back)


def _own_registration(user: User, event: Event) -> Registration:
    registration = selectors.registration_of(user=user, event=event)
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    event = event_for(user, pk)
    registration = _own_registration(user, event)
    was_waiting = registration.state == Registration.State.WAITING
    return _act(
        request,
        lambda: services.registration_cancel(actor=user, registration=registration),
        _("You left the waiting list.") if was_waiting else _("Your registration is cancelled."),
        back=reverse("events:detail", kwargs={"pk": event.pk}),
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    user = _adult_only(request)
    event = event_for(user, pk)
    registration = _own_registration(user, event)
    if registration.state != Registration.State.OFFERED:
        raise Http404
    return _act(
        request,
        lambda: services.offer_accept(actor=user, registration=registration),
        _("The place is yours: you are registered."),
        back=reverse("events:detail", kwargs={"pk": event.pk}),
    )


@login_required
@form_page
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    """Others see the registered names; the organiser sees everyone in line too and, once the event has
    started, ticks who attended."""
    user = _adult_only(request)
    event = event_for(user, pk)
    is_organiser = can_manage_event(user, event)
    started = event.starts_at <= timezone.now()
    registered = list(selectors.event_participants(event=event)[:PARTICIPANTS_LIMIT])
    if request.method == "POST":
        if not (is_organiser and started and event.status != Event.Status.CANCELLED):
            raise Http404
        attended = set(request.POST.getlist("attended"))
        try:
            for registration in registered:
                services.attendance_mark(
                    actor=user, event=event, user=registration.user, attended=str(registration.user_id) in attended
                )
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Attendance is saved."))
        return redirect("events:participants", pk=event.pk)
    line = list(selectors.waiting_list(event=event)[:PARTICIPANTS_LIMIT]) if is_organiser else []
    return _event_page(
        request,
        "events/participants.html",
        event,
        "participants",
        registered=registered,
        line=line,
        is_organiser=is_organiser,
        can_mark=is_organiser and started and event.status != Event.Status.CANCELLED,
        can_mark_from_video=video.can_mark_from_video(user, event, timezone.now()),
    )


@login_required
@require_POST
def attendance_from_video(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser ticks, as attended, the registered teachers the video server reports in the room; an
    unavailable server is a message on the participants page, never an error page."""
    user = _adult_only(request)
    event = managed_event(user, pk)
    try:
        marked = video.attendance_from_video(actor=user, event=event)
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:  # VideoRoomUnavailable included
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d participant marked as attended from the video room.",
                "%(count)d participants marked as attended from the video room.",
                marked,
            )
            % {"count": marked},
        )
    return redirect("events:participants", pk=event.pk)


@login_required
@form_page
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser of a private event invites contacts, or teachers found by name."""
    user = _adult_only(request)
    event = managed_event(user, pk)
    if event.visibility != Event.Visibility.PRIVATE or event.status == Event.Status.CANCELLED:
        raise Http404
    if request.method == "POST" and invite_from_post(
        request, lambda invitee: services.event_invite(actor=user, event=event, invitee=invitee)
    ):
        return redirect(f"{reverse('events:invite', kwargs={'pk': event.pk})}?{request.GET.urlencode()}")
    invited = selectors.event_invitations(event=event)
    return _event_page(
        request,
        "events/invite.html",
        event,
        "participants",
        **candidates_context(request, lambda name: selectors.invite_candidates(actor=user, event=event, name=name)),
        invited=list(invited[:200]),
    )


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """The organiser takes an invitation back: the teacher no longer sees the private event, and their
    registration, if any, ends (its seat goes to the first in line)."""
    user = _adult_only(request)
    event = managed_event(user, pk)
    invitation = get_object_or_404(Invitation.objects.select_related("invitee", "event"), pk=invitation_pk, event=event)
    name = invitation.invitee.full_name
    return _act(
        request,
        lambda: services.invitation_withdraw(actor=user, invitation=invitation),
        _("The invitation of %(name)s is withdrawn.") % {"name": name},
        back=reverse("events:invite", kwargs={"pk": event.pk}),
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _event_url(event: Event) -> str:
    return _absolute(reverse("events:detail", kwargs={"pk": event.pk}))


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@read_page
def ics_download(request: HttpRequest, pk: int) -> HttpResponse:
    """One event as an .ics file for the reader's calendar application."""
    user = _adult_only(request)
    event = event_for(user, pk)
    body = ics.calendar([event], url_for=_event_url, now=timezone.now())
    return _calendar_response(body, f"event-{event.pk}.ics")


@never_cache
@read_page
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: no login (calendar applications cannot sign in), the secret address is the key."""
    owner = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token).user
    if not is_adult(owner):
        raise Http404
    now = timezone.now()
    events = selectors.my_events(user=owner).filter(ends_at__gt=now - dt.timedelta(days=FEED_PAST_DAYS))
    body = ics.calendar(
        events[:FEED_LIMIT], url_for=_event_url, now=now, name=_("My events on %(site)s") % {"site": settings.SITE_NAME}
    )
    response = _calendar_response(body, "events.ics")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@form_page
def feed_settings(request: HttpRequest) -> HttpResponse:
    """See and copy the feed's secret address; renew it (the old one stops working at once)."""
    user = _adult_only(request)
    if request.method == "POST":
        services.feed_renew(user=user)
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("events:feed_settings")
    calendar_feed = services.feed_for(user=user)
    url = _absolute(reverse("events:feed", kwargs={"token": calendar_feed.token}))
    return render(
        request,
        "events/feed_settings.html",
        {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[-1], "created": calendar_feed.created_at},
    )
