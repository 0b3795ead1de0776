"""Every change to events: organising, editing and cancelling, invitations, registrations with the
capacity guarantee, the waiting list and its timed offers, attendance.

The capacity guarantee. `Event.seats_taken` counts the seats held (registered
participants and open offers). A seat is claimed with one conditional UPDATE,
`seats_taken = seats_taken + 1 WHERE seats_taken < capacity`, inside the
transaction that then writes the registration row: the database applies
such updates one at a time on the event's row (PostgreSQL re-checks the
condition after waiting for the row lock; SQLite runs its transactions
IMMEDIATE, one writer at a time), so no two teachers ever get the last seat
and `seats_taken` never passes `capacity` (a check constraint says so too).
No claimed seat: the teacher joins the waiting list.

A freed seat (a cancellation, a capacity raised, an offer expired) is offered
straight away to the first in line, in the order they registered: the seat
stays held for them for `EVENTS_OFFER_HOURS`, so newcomers cannot take it.
`offers_expire` (run every hour by the worker) passes expired offers on.
Every change of seats first locks the event's row, always in that order
(event, then registrations), so two such changes never deadlock.

Registration is open from `registration_opens_at` itself up to, but not
including, `registration_closes_at`.
"""

import datetime as dt
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.vocabularies import LANGUAGES
from twinning.discussions.services import forum_create
from twinning.documents.services import library_create
from twinning.events.models import (
    COURSE_KINDS,
    EVENT_KINDS,
    ONLINE_CAPACITY_MAX,
    CalendarFeed,
    Event,
    Invitation,
    Registration,
    new_feed_token,
)
from twinning.events.permissions import can_manage_event, can_organise, can_view_event, is_adult
from twinning.events.selectors import LIVE_STATES, registration_window, user_zone
from twinning.network.selectors import contact_ids, is_blocked_between
from twinning.notifications.services import notifications_mark_read_about, notify
from twinning.profiles.permissions import visible_profiles
from twinning.progress.services import progress_record

State = Registration.State
TITLE_MAX = Event._meta.get_field("title").max_length or 200
DESCRIPTION_MAX = 10_000
PLACE_MAX = Event._meta.get_field("place").max_length or 300
REASON_MAX = Event._meta.get_field("cancel_reason").max_length or 500
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "format",
    "place",
    "starts_at",
    "ends_at",
    "time_zone",
    "language",
    "visibility",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
)
ATTENDANCE_PROGRESS: dict[str, str | None] = {
    Event.Kind.ONLINE_SEMINAR: "seminar_attended",
    Event.Kind.LEARNING_EVENT: None,  # a learning event counts when completed (learning.services)
}
"""The progress action that taking part records, by kind of event (default: event_attended)."""
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
FIRST_YEAR = 2000
LAST_YEAR = 2999
"""Times typed outside these years are mistakes. Refusing them also keeps every sum on an event's times (a
day after its end, two weeks to mark activities) inside what a datetime holds: year 9999 in New York is
already past it in UTC."""


# --- helpers -----------------------------------------------------------------------------


def event_url(event: Event) -> str:
    """The event's page; a course's is its page in Professional development (the learning app)."""
    try:
        if event.is_course:
            return reverse("learning:course", kwargs={"pk": event.pk})
        return reverse("events:detail", kwargs={"pk": event.pk})
    except NoReverseMatch:  # the pages are mounted by the events urls
        return f"/events/{event.pk}/"


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionRefused()


def _clean_text(value: str, *, field: str, max_length: int, required: str | None) -> str:
    value = (value or "").strip()
    if field in ("title", "place"):
        value = " ".join(value.split())
    if not value and required:
        raise DomainError(required, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("At most %(max)d characters; this has %(length)d.") % {"max": max_length, "length": len(value)},
            field=field,
        )
    if "\x00" in value:
        raise DomainError(_("This text contains a character that cannot be stored."), field=field)
    return value


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as bad:
        raise DomainError(_("Choose a time zone from the list."), field="time_zone") from bad


def to_utc(value: dt.datetime | None, time_zone: str, *, field: str) -> dt.datetime:
    """A time typed in `time_zone` (naive) or any aware time, as an aware UTC time, between FIRST_YEAR and
    LAST_YEAR."""
    if value is None:
        raise DomainError(_("Give a date and time."), field=field)
    if not isinstance(value, dt.datetime):
        raise DomainError(_("Give a date and time."), field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, _zone(time_zone))
    try:
        value = value.astimezone(dt.UTC)
    except OverflowError as overflow:
        raise _out_of_range(field) from overflow
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise _out_of_range(field)
    return value


def _out_of_range(field: str) -> DomainError:
    return DomainError(
        _("Give a date between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
        field=field,
    )


def local_time_text(value: dt.datetime, user: User) -> str:
    """`value` in `user`'s time zone, in the active language's format, with the zone's name."""
    zone = user_zone(user)
    return f"{formats.date_format(value.astimezone(zone), 'DATETIME_FORMAT')} ({zone.key})"


def _new_video_room() -> str:
    return f"twinning-{secrets.token_urlsafe(18)}"


def _check_and_clean(event: Event) -> None:
    """Every rule of a valid event; the times are already UTC."""
    event.title = _clean_text(event.title, field="title", max_length=TITLE_MAX, required=_("Give the event a title."))
    event.description = _clean_text(
        event.description, field="description", max_length=DESCRIPTION_MAX, required=_("Describe the event.")
    )
    event.place = _clean_text(event.place, field="place", max_length=PLACE_MAX, required=None)
    if event.kind not in Event.Kind.values:
        raise DomainError(_("Choose a type of event from the list."), field="kind")
    if event.is_course and event.format != Event.Format.ONLINE:
        raise DomainError(_("Learning events and online seminars take place online."), field="format")
    if event.format not in Event.Format.values:
        raise DomainError(_("Choose online or face to face."), field="format")
    if event.visibility not in Event.Visibility.values:
        raise DomainError(_("Choose public or private."), field="visibility")
    if event.language not in dict(LANGUAGES):
        raise DomainError(_("Choose a language from the list."), field="language")
    _zone(event.time_zone)
    if event.format == Event.Format.FACE_TO_FACE and not event.place:
        raise DomainError(_("Say where a face-to-face event takes place."), field="place")
    if event.format == Event.Format.ONLINE:
        event.place = ""
    try:
        capacity = int(event.capacity)
    except (TypeError, ValueError) as bad:
        raise DomainError(_("Give the number of places."), field="capacity") from bad
    if capacity < 1:
        raise DomainError(_("An event has at least one place."), field="capacity")
    if event.format == Event.Format.ONLINE and capacity > ONLINE_CAPACITY_MAX:
        raise DomainError(
            _("An online event has at most %(max)d places (the video room's limit).") % {"max": ONLINE_CAPACITY_MAX},
            field="capacity",
        )
    event.capacity = capacity
    if event.ends_at <= event.starts_at:
        raise DomainError(_("The event ends after it starts."), field="ends_at")
    if event.registration_closes_at <= event.registration_opens_at:
        raise DomainError(_("Registration closes after it opens."), field="registration_closes_at")
    if event.registration_closes_at > event.ends_at:
        raise DomainError(_("Registration closes at the latest when the event ends."), field="registration_closes_at")
    try:
        event.full_clean(exclude=["forum", "library", "organiser", "video_room"])
    except ValidationError as invalid:
        field, messages = next(iter(invalid.message_dict.items()))
        raise DomainError(" ".join(messages), field=field if field != "__all__" else None) from invalid


# --- organising --------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor: User,
    title: str,
    description: str,
    kind: str,
    format: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    language: str,
    visibility: str,
    capacity: int,
    registration_opens_at: dt.datetime,
    registration_closes_at: dt.datetime,
    course: bool = False,
) -> Event:
    """A validated teacher organises an event; naive times are read in `time_zone` (the organiser's).

    With `course`, the event underlies a learning event or an online seminar
    of Professional development (`kind` one of COURSE_KINDS): support staff
    organise those, through `learning.services.course_create`.
    """
    if course:
        _require(is_support_staff(actor))
        if kind not in COURSE_KINDS:
            raise DomainError(_("Choose learning event or online seminar."), field="kind")
    else:
        if not can_organise(actor):
            raise PermissionRefused(_("Events are organised by validated teachers."))
        if kind not in EVENT_KINDS:
            raise DomainError(_("Choose a type of event from the list."), field="kind")
    _zone(time_zone)
    event = Event(
        title=title,
        description=description,
        kind=kind,
        format=format,
        place=place or "",
        time_zone=time_zone,
        language=language,
        visibility=visibility,
        capacity=capacity,
        starts_at=to_utc(starts_at, time_zone, field="starts_at"),
        ends_at=to_utc(ends_at, time_zone, field="ends_at"),
        registration_opens_at=to_utc(registration_opens_at, time_zone, field="registration_opens_at"),
        registration_closes_at=to_utc(registration_closes_at, time_zone, field="registration_closes_at"),
        organiser=actor,
    )
    _check_and_clean(event)
    event.forum = forum_create(purpose="event_forum")
    event.library = library_create(purpose="event_documents")
    event.video_room = _new_video_room()
    event.save()
    if not course:
        progress_record(user=actor, kind="event_organised", key=str(event.pk))
    return event


def _lock(event: Event) -> Event:
    locked = Event.objects.select_for_update().filter(pk=event.pk).first()
    if locked is None:
        raise PermissionRefused()
    return locked


def _live_registrations(event: Event, states: tuple[str, ...] = LIVE_STATES):  # type: ignore[no-untyped-def]
    return Registration.objects.filter(event_id=event.pk, state__in=states).select_related("user").order_by("pk")


@transaction.atomic
def event_update(*, actor: User, event: Event, **fields: Any) -> Event:
    """The organiser changes the event (a cancelled or finished one no longer). The capacity never goes
    below the seats taken; raising it offers the new seats to the waiting list. A new time tells the
    participants."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"event_update() got unexpected fields: {sorted(unknown)}")
    _require(can_manage_event(actor, event))
    event = _lock(event)
    now = timezone.now()
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event is cancelled: it can no longer be changed."), code="cancelled")
    if event.ends_at <= now:
        raise DomainError(_("This event is over: it can no longer be changed."), code="over")
    before = {name: getattr(event, name) for name in EDITABLE_FIELDS}
    time_zone = fields.get("time_zone", event.time_zone)
    _zone(time_zone)
    for name, value in fields.items():
        if name in TIME_FIELDS:
            value = to_utc(value, time_zone, field=name)
        elif name == "place":
            value = value or ""
        setattr(event, name, value)
    _check_and_clean(event)
    if (event.kind in COURSE_KINDS) != (before["kind"] in COURSE_KINDS):
        raise DomainError(_("An event cannot become a course, nor a course an event."), field="kind")
    if event.capacity < event.seats_taken:
        raise DomainError(
            _("%(taken)d places are already taken: the event needs at least that many.") % {"taken": event.seats_taken},
            field="capacity",
        )
    event.save()
    if event.capacity > before["capacity"]:
        _serve_line(event, now=now)
    if event.starts_at != before["starts_at"] or event.ends_at != before["ends_at"]:
        for registration in _live_registrations(event, (State.REGISTERED, State.OFFERED)):
            notify(
                recipient=registration.user,
                kind="event_changed",
                actor=actor,
                url=event_url(event),
                params={"event": event.title},
            )
    event.refresh_from_db()
    return event


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """The organiser cancels an event not yet over: every registration ends and everyone is told why."""
    _require(can_manage_event(actor, event))
    reason = _clean_text(reason, field="reason", max_length=REASON_MAX, required=_("Say why the event is cancelled."))
    event = _lock(event)
    now = timezone.now()
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event is already cancelled."), code="cancelled")
    if event.ends_at <= now:
        raise DomainError(_("This event is over: it can no longer be cancelled."), code="over")
    people = [registration.user for registration in _live_registrations(event)]
    _live_registrations(event).update(state=State.CANCELLED, ended_at=now)
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason
    event.seats_taken = 0
    event.waiting_count = 0
    event.save(update_fields=["status", "cancel_reason", "seats_taken", "waiting_count", "updated_at"])
    for person in people:
        notify(
            recipient=person,
            kind="event_cancelled",
            actor=actor,
            url=event_url(event),
            params={"event": event.title, "reason": reason},
        )
    return event


def _may_invite(actor: User, invitee: User) -> bool:
    """Another validated teacher, not blocked either way, among the actor's contacts or whose profile the
    actor may see (the same rule as the search that picks them)."""
    if not can_organise(invitee) or invitee.pk == actor.pk or is_blocked_between(actor, invitee):
        return False
    if User.objects.filter(pk=invitee.pk, pk__in=contact_ids(actor)).exists():
        return True
    return visible_profiles(actor).filter(user_id=invitee.pk).exists()


@transaction.atomic
def event_invite(*, actor: User, event: Event, invitee: User) -> Invitation:
    """The organiser invites a teacher (to a private event: the only way in; to a public one: a nudge)."""
    _require(can_manage_event(actor, event))
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event is cancelled."), code="cancelled")
    if event.ends_at <= timezone.now():
        raise DomainError(_("This event is over."), code="over")
    if not _may_invite(actor, invitee):
        raise DomainError(_("This teacher cannot be invited."), field="invitee")
    invitation = Invitation(event=event, invitee=invitee, invited_by=actor)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exists:
        raise DomainError(
            _("%(name)s is already invited.") % {"name": invitee.full_name}, field="invitee", code="invited"
        ) from exists
    notify(recipient=invitee, kind="event_invitation", actor=actor, url=event_url(event), params={"event": event.title})
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation, now: dt.datetime | None = None) -> None:
    """The organiser takes an invitation back. For a private event the teacher no longer sees it: their
    registration, if any, ends (a held seat goes to the first in line) and the invitation's notice is marked
    read. On a public event the registration stays (everyone may register there). Refused once the event
    is over."""
    now = now or timezone.now()
    event = invitation.event
    _require(can_manage_event(actor, event))
    event = _lock(event)
    if event.ends_at <= now:
        raise DomainError(_("This event is over."), code="over")
    if not Invitation.objects.filter(pk=invitation.pk).delete()[0]:
        raise DomainError(_("This invitation was already withdrawn."), code="withdrawn")
    invitee = invitation.invitee
    notifications_mark_read_about(recipient=invitee, kind="event_invitation", url=event_url(event))
    notify(
        recipient=invitee,
        kind="event_invitation_withdrawn",
        actor=actor,
        url=reverse("events:index"),
        params={"event": event.title},
    )
    if event.visibility != Event.Visibility.PRIVATE:
        return
    current = Registration.objects.filter(event_id=event.pk, user_id=invitee.pk, state__in=LIVE_STATES).first()
    if current is None:
        return
    Registration.objects.filter(pk=current.pk, state=current.state).update(state=State.CANCELLED, ended_at=now)
    if current.state == State.WAITING:
        Event.objects.filter(pk=event.pk, waiting_count__gt=0).update(waiting_count=F("waiting_count") - 1)
    else:
        _release_seat(event.pk)
        _serve_line(event, now=now)
    if current.state == State.OFFERED:
        notifications_mark_read_about(recipient=invitee, kind="event_place_offered", url=event_url(event))


# --- registrations -----------------------------------------------------------------------


def _claim_seat(event_id: int) -> bool:
    """Takes one seat if one is free: a single conditional UPDATE (see the module's docstring)."""
    return bool(
        Event.objects.filter(pk=event_id, status=Event.Status.SCHEDULED, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
    )


def _release_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def _check_may_register(actor: User, event: Event, now: dt.datetime) -> None:
    if not is_adult(actor) or not can_view_event(actor, event):
        raise PermissionRefused()
    if event.organiser_id == actor.pk:
        raise DomainError(_("You organise this event: you host it without registering."), code="organiser")
    if not can_organise(actor):
        raise DomainError(_("You can register for events once your account is validated."), code="not_validated")
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event is cancelled."), code="cancelled")
    window = registration_window(event, now)
    if window.state == "before":
        raise DomainError(
            _("Registration opens on %(date)s.") % {"date": local_time_text(window.opens_at, actor)}, code="not_open"
        )
    if window.state == "closed":
        raise DomainError(_("Registration is closed."), code="closed")


def _live_registration(event_id: int, user_id: int) -> Registration | None:
    return Registration.objects.filter(event_id=event_id, user_id=user_id, state__in=LIVE_STATES).first()


def _already_registered(registration: Registration | None) -> DomainError:
    if registration is not None and registration.state == State.WAITING:
        return DomainError(_("You are already on the waiting list for this event."), code="duplicate")
    if registration is not None and registration.state == State.OFFERED:
        return DomainError(_("A place is already offered to you: accept it on the event's page."), code="duplicate")
    return DomainError(_("You are already registered for this event."), code="duplicate")


@transaction.atomic
def register(*, actor: User, event: Event, now: dt.datetime | None = None) -> Registration:
    """Registers `actor`: REGISTERED when a seat is claimed, otherwise WAITING (in line, served in order).

    Refused (`PermissionRefused`) for a private event without an invitation;
    `DomainError` outside the window, for the organiser, for a cancelled event
    or a second registration (the unique constraint backs the check, so two
    clicks at once make one row).
    """
    now = now or timezone.now()
    _check_may_register(actor, event, now)
    existing = _live_registration(event.pk, actor.pk)
    if existing is not None:
        raise _already_registered(existing)
    claimed = _claim_seat(event.pk)
    registration = Registration(event_id=event.pk, user=actor, state=State.REGISTERED if claimed else State.WAITING)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as duplicate:  # a second click at the same moment: the claim rolls back too
        raise _already_registered(_live_registration(event.pk, actor.pk)) from duplicate
    if not claimed:
        Event.objects.filter(pk=event.pk).update(waiting_count=F("waiting_count") + 1)
    return registration


def _offer(event: Event, registration: Registration, now: dt.datetime) -> bool:
    expires = now + dt.timedelta(hours=settings.EVENTS_OFFER_HOURS)
    updated = Registration.objects.filter(pk=registration.pk, state=State.WAITING).update(
        state=State.OFFERED, offered_at=now, offer_expires_at=expires
    )
    if not updated:
        return False
    Event.objects.filter(pk=event.pk, waiting_count__gt=0).update(waiting_count=F("waiting_count") - 1)
    notify(
        recipient=registration.user,
        kind="event_place_offered",
        url=event_url(event),
        params={"event": event.title},
    )
    return True


def _serve_line(event: Event, *, now: dt.datetime) -> int:
    """Offers every free seat to the first in line, in order; the caller holds the event's row lock.
    Returns how many offers were made."""
    offered = 0
    if event.status != Event.Status.SCHEDULED or event.ends_at <= now:
        return 0
    for registration in (
        Registration.objects.filter(event_id=event.pk, state=State.WAITING)
        .select_related("user")
        .order_by("created_at", "pk")
        .iterator(chunk_size=50)
    ):
        if not _claim_seat(event.pk):
            break
        if _offer(event, registration, now):
            offered += 1
        else:
            _release_seat(event.pk)
    return offered


@transaction.atomic
def registration_cancel(*, actor: User, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The teacher gives up their place, offer or waiting: a freed seat goes to the first in line."""
    now = now or timezone.now()
    _require(is_adult(actor) and registration.user_id == actor.pk)
    event = _lock(registration.event)
    if event.starts_at <= now:
        raise DomainError(_("The event has started: the registration stays."), code="started")
    current = Registration.objects.filter(pk=registration.pk).values_list("state", flat=True).first()
    if current not in LIVE_STATES:
        raise DomainError(_("This registration is already ended."), code="ended")
    Registration.objects.filter(pk=registration.pk, state=current).update(state=State.CANCELLED, ended_at=now)
    if current == State.WAITING:
        Event.objects.filter(pk=event.pk, waiting_count__gt=0).update(waiting_count=F("waiting_count") - 1)
    else:
        _release_seat(event.pk)
        _serve_line(event, now=now)
    registration.refresh_from_db()
    return registration


@transaction.atomic
def offer_accept(*, actor: User, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The teacher takes the seat offered to them, before the offer expires."""
    now = now or timezone.now()
    _require(is_adult(actor) and registration.user_id == actor.pk)
    updated = Registration.objects.filter(
        pk=registration.pk, state=State.OFFERED, offer_expires_at__gt=now, event__status=Event.Status.SCHEDULED
    ).update(state=State.REGISTERED)
    if not updated:
        raise DomainError(_("This offer has expired or was already answered."), code="offer_gone")
    registration.refresh_from_db()
    return registration


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Turns the offers past their expiry to EXPIRED and passes each seat to the next in line (or frees it).
    Safe to run twice at once: each offer is claimed by a conditional UPDATE. Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    due = list(
        Registration.objects.filter(state=State.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", "event_id")
    )
    for pk, event_id in due:
        with transaction.atomic():
            event = Event.objects.select_for_update().filter(pk=event_id).first()
            if event is None:
                continue
            if not Registration.objects.filter(pk=pk, state=State.OFFERED, offer_expires_at__lte=now).update(
                state=State.EXPIRED, ended_at=now
            ):
                continue
            expired += 1
            _release_seat(event.pk)
            _serve_line(event, now=now)
    return expired


@transaction.atomic
def attendance_mark(*, actor: User, event: Event, user: User, attended: bool) -> Registration:
    """The organiser records whether a registered teacher took part, once the event has started."""
    _require(can_manage_event(actor, event))
    if event.status == Event.Status.CANCELLED:
        raise DomainError(_("This event is cancelled."), code="cancelled")
    if event.starts_at > timezone.now():
        raise DomainError(_("Attendance is recorded once the event has started."), code="not_started")
    registration = (
        Registration.objects.select_for_update()
        .filter(event_id=event.pk, user_id=user.pk, state=State.REGISTERED)
        .first()
    )
    if registration is None:
        raise DomainError(_("This teacher is not registered for the event."), field="user")
    registration.attended = attended
    registration.save(update_fields=["attended"])
    progress_kind = ATTENDANCE_PROGRESS.get(event.kind, "event_attended")
    if attended and progress_kind:
        progress_record(user=user, kind=progress_kind, key=str(event.pk))
    return registration


# --- calendar feed -----------------------------------------------------------------------


def feed_for(*, user: User) -> CalendarFeed:
    """The teacher's personal feed, made on first use (its token is the only key: the feed needs no login)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_renew(*, user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on (for a leaked address)."""
    feed = feed_for(user=user)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed
