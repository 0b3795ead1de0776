"""An event's Forum and Documents: the shared engines, with the event's rules.

Everyone who may see the event reads its forum and documents, before and
after it takes place; the organiser and the teachers holding a place (or in
line for one) write; the organiser moderates. A cancelled event keeps its
forum and documents readable, and closed to new writing.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.views import ForumPlace
from twinning.documents.permissions import LibraryAccess
from twinning.documents.views import LibraryPlace
from twinning.events.models import Event, Registration
from twinning.events.permissions import can_manage_event, visible_events

LAYOUT = "events/_layout.html"
WRITING_STATES = (Registration.State.REGISTERED, Registration.State.WAITING, Registration.State.OFFERED)


@dataclass(frozen=True)
class EventAccess:
    """What one user may do on one event's pages (the page's tabs and buttons follow it)."""

    can_manage: bool
    can_write: bool

    @property
    def can_read(self) -> bool:
        return True  # only built for an event the user sees


def event_for(user: User, pk: int) -> Event:
    """The event `pk` if `user` may see it, else 404 (a private event not for them does not exist)."""
    return get_object_or_404(visible_events(user).select_related("organiser"), pk=pk)


def event_access(user: User, event: Event) -> EventAccess:
    manage = can_manage_event(user, event)
    live = event.status != Event.Status.CANCELLED
    holds_place = Registration.objects.filter(event_id=event.pk, user_id=user.pk, state__in=WRITING_STATES).exists()
    return EventAccess(can_manage=manage and live, can_write=live and (manage or holds_place))


def managed_event(user: User, pk: int) -> Event:
    """The event `pk` for its organiser; 404 for anyone else."""
    event = event_for(user, pk)
    if not can_manage_event(user, event):
        raise Http404
    return event


def resolve_forum(request: HttpRequest, kwargs: dict[str, Any]) -> ForumPlace:
    user: User = request.user  # type: ignore[assignment]
    event = event_for(user, kwargs["pk"])
    access = event_access(user, event)
    return ForumPlace(
        forum=event.forum,
        access=ForumAccess(
            can_read=True,
            can_start_thread=access.can_write,
            can_reply=access.can_write,
            can_moderate=can_manage_event(user, event),
        ),
        layout=LAYOUT,
        context={"event": event, "event_access": access, "tab": "forum"},
        title=_("Forum"),
        can_read_user=lambda reader: visible_events(reader).filter(pk=event.pk).exists(),
    )


def resolve_library(request: HttpRequest, kwargs: dict[str, Any]) -> LibraryPlace:
    user: User = request.user  # type: ignore[assignment]
    event = event_for(user, kwargs["pk"])
    access = event_access(user, event)
    return LibraryPlace(
        library=event.library,
        access=LibraryAccess(can_read=True, can_upload=access.can_write, can_manage=can_manage_event(user, event)),
        layout=LAYOUT,
        context={"event": event, "event_access": access, "tab": "documents"},
        title=_("Documents"),
    )
