"""Events in the JSON API: the same services, selectors and rules as the pages.

Mounted at `/api/events/`: the list of events not yet over that the viewer
sees (the filters of the Events page), one event with my place in it,
register, cancel my registration, accept an offered place. An event the
viewer may not see (a private one without an invitation) is a 404, as for one
that does not exist; pupils get a 404 for every route; signed out is a 401.
A broken rule (registration not open, already registered, offer expired)
answers 400 with a `code`; a malformed parameter 422.
"""

import datetime as dt
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from twinning.accounts.models import User
from twinning.core.api import PupilsExcludedAuth, check_id
from twinning.core.errors import DomainError, PermissionRefused
from twinning.events import selectors, services
from twinning.events.engines import event_for
from twinning.events.models import Event, Registration
from twinning.events.permissions import can_register, is_adult

router = Router(tags=["events"])
PAGE_SIZE = 20


adult_auth = PupilsExcludedAuth(is_adult)
"""The signed-in adult of the session (teachers and staff)."""


# --- schemas ----------------------------------------------------------------------------


class Detail(Schema):
    detail: str


class Refusal(Schema):
    detail: str
    code: str


class Invalid(Schema):
    detail: list[dict[str, Any]]


class MyPlace(Schema):
    state: str
    offer_expires_at: dt.datetime | None = None
    position: int | None = None


class EventOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    format: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    language: str
    visibility: str
    status: str
    cancel_reason: str
    organiser: str
    capacity: int
    places_left: int
    waiting_count: int
    registration_opens_at: dt.datetime
    registration_closes_at: dt.datetime
    registration: Literal["before", "open", "closed"]
    is_organiser: bool
    can_register: bool
    my_place: MyPlace | None = None


class EventPage(Schema):
    count: int
    page: int
    pages: int
    results: list[EventOut]


class ListQuery(Schema):
    kind: Event.Kind | None = None
    format: Event.Format | None = None
    language: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False
    page: int = 1


ERRORS = {401: Detail, 404: Detail, 422: Invalid}
ACTION_ERRORS = {400: Refusal, **ERRORS}


# --- helpers ----------------------------------------------------------------------------


def _event(request: HttpRequest, event_id: int) -> Event:
    return event_for(request.user, check_id(event_id))  # type: ignore[arg-type]


def _place(registration: Registration | None, *, with_position: bool) -> dict[str, Any] | None:
    if registration is None:
        return None
    return {
        "state": registration.state,
        "offer_expires_at": registration.offer_expires_at,
        "position": selectors.waiting_position(registration) if with_position else None,
    }


def _event_data(
    user: User, event: Event, registration: Registration | None, now: dt.datetime, *, with_position: bool = True
) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "kind": event.kind,
        "format": event.format,
        "place": event.place,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "language": event.language,
        "visibility": event.visibility,
        "status": event.status,
        "cancel_reason": event.cancel_reason,
        "organiser": event.organiser.full_name,
        "capacity": event.capacity,
        "places_left": max(event.capacity - event.seats_taken, 0),
        "waiting_count": event.waiting_count,
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "registration": selectors.registration_window(event, now).state,
        "is_organiser": event.organiser_id == user.pk,
        "can_register": can_register(user, event) and registration is None,
        "my_place": _place(registration, with_position=with_position),
    }


def _run(action) -> Status | None:  # type: ignore[no-untyped-def]
    """Runs a service: a refusal is a 404, a broken rule a 400 with its code; None when it went through."""
    try:
        action()
    except PermissionRefused:
        return Status(404, {"detail": "Not found."})
    except DomainError as exc:
        return Status(400, {"detail": str(exc.message), "code": exc.code or "invalid"})
    return None


def _own(request: HttpRequest, event: Event, *states: str) -> Registration:
    registration = selectors.registration_of(user=request.user, event=event)  # type: ignore[arg-type]
    if registration is None or (states and registration.state not in states):
        raise Http404
    return registration


def _answer(request: HttpRequest, event_id: int) -> Status:
    user: User = request.user  # type: ignore[assignment]
    event = _event(request, event_id)
    registration = selectors.registration_of(user=user, event=event)
    return Status(200, _event_data(user, event, registration, timezone.now()))


# --- routes -----------------------------------------------------------------------------


@router.get(
    "/",
    response={200: EventPage, **ERRORS},
    auth=adult_auth,
    summary="Events not yet over that I may see",
    description="Public events, mine and the private ones I am invited to, soonest first, 20 a page; "
    "filtered by type, format (online or face to face), language, a date range (my days, in my time "
    "zone) and `mine` (those I organise or hold a place for). Cancelled events are left out.",
)
def event_list(request: HttpRequest, filters: Query[ListQuery]) -> Status:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.upcoming_events(
        viewer=user,
        filters=selectors.EventFilters(
            kind=filters.kind or "",
            format=filters.format or "",
            language=filters.language[:8],
            date_from=filters.date_from,
            date_to=filters.date_to,
            mine=filters.mine,
            include_cancelled=False,
        ),
    )
    page = Paginator(found, PAGE_SIZE).get_page(filters.page)
    events = list(page.object_list)
    mine = {
        registration.event_id: registration
        for registration in Registration.objects.filter(
            user_id=user.pk, event_id__in=[event.pk for event in events], state__in=selectors.LIVE_STATES
        )
    }
    now = timezone.now()
    results = [_event_data(user, event, mine.get(event.pk), now, with_position=False) for event in events]
    return Status(
        200, {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "results": results}
    )


@router.get(
    "/{int:event_id}",
    response={200: EventOut, **ERRORS},
    auth=adult_auth,
    summary="One event, with my place in it (and my number in line when waiting)",
)
def event_detail(request: HttpRequest, event_id: int) -> Status:
    return _answer(request, event_id)


@router.post(
    "/{int:event_id}/register",
    response={200: EventOut, **ACTION_ERRORS},
    auth=adult_auth,
    summary="Register: a place if one is free, else the waiting list",
    description="Within the registration window only; never past the event's places, however many "
    "register at the same moment. `my_place.state` tells registered or waiting.",
)
def event_register(request: HttpRequest, event_id: int) -> Status:
    event = _event(request, event_id)
    refused = _run(lambda: services.register(actor=request.user, event=event))  # type: ignore[arg-type]
    return refused or _answer(request, event_id)


@router.post(
    "/{int:event_id}/registration/cancel",
    response={200: EventOut, **ACTION_ERRORS},
    auth=adult_auth,
    summary="Cancel my registration, leave the waiting list or decline an offer",
    description="Before the start only; a freed place is offered to the first in line.",
)
def registration_cancel(request: HttpRequest, event_id: int) -> Status:
    event = _event(request, event_id)
    registration = _own(request, event)
    refused = _run(lambda: services.registration_cancel(actor=request.user, registration=registration))  # type: ignore[arg-type]
    return refused or _answer(request, event_id)


@router.post(
    "/{int:event_id}/registration/accept",
    response={200: EventOut, **ACTION_ERRORS},
    auth=adult_auth,
    summary="Accept the place offered to me, before the offer expires",
)
def offer_accept(request: HttpRequest, event_id: int) -> Status:
    event = _event(request, event_id)
    registration = _own(request, event, Registration.State.OFFERED)
    refused = _run(lambda: services.offer_accept(actor=request.user, registration=registration))  # type: ignore[arg-type]
    return refused or _answer(request, event_id)
