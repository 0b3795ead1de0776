"""Reading events: the list with its filters, the month calendar, my events, participants and the
registration window.

Every list starts from `permissions.visible_events(viewer)`, so a private
event never shows to someone it does not invite. Days are the viewer's days:
an event at 23:30 in Lisbon falls on the next day for a reader in Helsinki.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from twinning.accounts.models import User
from twinning.events.models import COURSE_KINDS, Event, Invitation, Registration
from twinning.events.permissions import is_adult, visible_events
from twinning.profiles.selectors import invitable_teachers

LIVE_STATES = (Registration.State.REGISTERED, Registration.State.WAITING, Registration.State.OFFERED)

WindowState = Literal["before", "open", "closed"]


@dataclass(frozen=True)
class RegistrationWindow:
    """Whether registration is open at a moment, with the dates to show.

    Open from `opens_at` itself up to, but not including, `closes_at`: a
    registration at the closing instant is refused. A cancelled event is closed.
    """

    state: WindowState
    opens_at: dt.datetime
    closes_at: dt.datetime

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def registration_window(event: Event, now: dt.datetime | None = None) -> RegistrationWindow:
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        state: WindowState = "closed"
    elif now < event.registration_opens_at:
        state = "before"
    elif now < event.registration_closes_at:
        state = "open"
    else:
        state = "closed"
    return RegistrationWindow(state=state, opens_at=event.registration_opens_at, closes_at=event.registration_closes_at)


@dataclass(frozen=True)
class EventFilters:
    """The list's and calendar's filters; empty values filter nothing. Dates are the viewer's days."""

    kind: str = ""
    language: str = ""
    format: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mine: bool = False
    include_cancelled: bool = True


def user_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def _mine_q(user: User) -> Q:
    live = Registration.objects.filter(user_id=user.pk, state__in=LIVE_STATES).values("event_id")
    return Q(organiser_id=user.pk) | Q(pk__in=live)


def filter_events(events: QuerySet[Event], *, viewer: User, filters: EventFilters | None) -> QuerySet[Event]:
    filters = filters or EventFilters()
    zone = user_zone(viewer)
    if not filters.mine:  # courses live in Professional development's catalogue; my own calendar has them too
        events = events.exclude(kind__in=COURSE_KINDS)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.language:
        events = events.filter(language=filters.language)
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.date_from:
        events = events.filter(ends_at__gt=_day_start(filters.date_from, zone))
    if filters.date_to:
        events = events.filter(starts_at__lt=_day_start(filters.date_to + dt.timedelta(days=1), zone))
    if filters.mine:
        events = events.filter(_mine_q(viewer))
    if not filters.include_cancelled:
        events = events.exclude(status=Event.Status.CANCELLED)
    return events


def event_list(*, viewer: User, filters: EventFilters | None = None) -> QuerySet[Event]:
    """The events `viewer` sees, filtered, soonest first (organiser loaded: one query for any number)."""
    events = filter_events(visible_events(viewer), viewer=viewer, filters=filters)
    return events.select_related("organiser").order_by("starts_at", "pk")


def upcoming_events(*, viewer: User, filters: EventFilters | None = None, now: dt.datetime | None = None):  # type: ignore[no-untyped-def]
    """Events not yet over, soonest first."""
    return event_list(viewer=viewer, filters=filters).filter(ends_at__gt=now or timezone.now())


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar cell shows of an event."""

    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime


CALENDAR_DAY_SHOWN = 5
"""Events listed in one day of the month calendar; the others are counted and reached through the list."""


@dataclass
class CalendarDay:
    day: dt.date
    in_month: bool
    events: list[CalendarEvent] = field(default_factory=list)
    more: int = 0
    """Events of the day beyond CALENDAR_DAY_SHOWN, not listed in the cell."""

    def add(self, event: CalendarEvent) -> None:
        if len(self.events) < CALENDAR_DAY_SHOWN:
            self.events.append(event)
        else:
            self.more += 1


def calendar_month(
    *, viewer: User, year: int, month: int, filters: EventFilters | None = None
) -> list[list[CalendarDay]]:
    """The month's grid, whole weeks from Monday, in the viewer's time zone; each day lists the first
    CALENDAR_DAY_SHOWN events happening on it, soonest first, and counts the others (an event over several
    days shows on each). One query."""
    zone = user_zone(viewer)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start, end = _day_start(first, zone), _day_start(last + dt.timedelta(days=1), zone)
    # A busy month holds thousands of events: read plain rows, only what a cell shows.
    rows = (
        event_list(viewer=viewer, filters=filters)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .select_related(None)
        .values_list("pk", "title", "starts_at", "ends_at")
    )
    events = [CalendarEvent(pk=pk, title=title, starts_at=starts, ends_at=ends) for pk, title, starts, ends in rows]
    grid = [[CalendarDay(day=day, in_month=day.month == month) for day in week] for week in weeks]
    by_day = {cell.day: cell for week in grid for cell in week}
    for event in events:
        day = max(event.starts_at.astimezone(zone).date(), first)
        # An event ending exactly at midnight does not spill onto the next day.
        last_day = (event.ends_at - dt.timedelta(microseconds=1)).astimezone(zone).date()
        while day <= min(last_day, last):
            by_day[day].add(event)
            day += dt.timedelta(days=1)
    return grid


def my_events(*, user: User) -> QuerySet[Event]:
    """Events `user` organises or holds a live registration for (registered, waiting, offered)."""
    if not is_adult(user):
        return Event.objects.none()
    return Event.objects.filter(_mine_q(user)).select_related("organiser").order_by("starts_at", "pk")


def event_participants(*, event: Event) -> QuerySet[Registration]:
    """The registered teachers, by name."""
    return (
        Registration.objects.filter(event_id=event.pk, state=Registration.State.REGISTERED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def waiting_list(*, event: Event) -> QuerySet[Registration]:
    """Offers first, then the line in the order it is served."""
    return (
        Registration.objects.filter(
            event_id=event.pk, state__in=[Registration.State.OFFERED, Registration.State.WAITING]
        )
        .select_related("user")
        .order_by("state", "created_at", "pk")  # "offered" < "waiting": offers first
    )


def registration_of(*, user: User, event: Event) -> Registration | None:
    """`user`'s live registration for `event`, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event_id=event.pk, user_id=user.pk, state__in=LIVE_STATES).first()


def waiting_position(registration: Registration) -> int | None:
    """1 for the next in line; None unless waiting."""
    if registration.state != Registration.State.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, state=Registration.State.WAITING).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def invite_candidates(*, actor: User, event: Event, name: str = "") -> QuerySet[User]:
    """Validated teachers the organiser may invite: contacts, or with a name, teachers whose profile the
    organiser sees (every word of the name in their full name), not blocked either way (`services.event_invite`
    agrees); those already invited are left out."""
    users = invitable_teachers(actor=actor, name=name)
    return users.exclude(event_invitations__event_id=event.pk).order_by("last_name", "first_name", "pk")


def event_invitations(*, event: Event) -> QuerySet[Invitation]:
    """The event's invitations, newest first, with the invited teacher."""
    return Invitation.objects.filter(event_id=event.pk).select_related("invitee").order_by("-created_at", "-pk")
