"""Who sees an event and who may act on it.

Public events are seen by every signed-in adult (teachers and support staff);
a private event only by its organiser and the teachers it invites. Pupils see
no events. Pages answer 404 wherever `can_view_event` is false, so a private
event's existence stays hidden.
"""

from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.events.models import Event, Invitation


def is_adult(user: User) -> bool:
    """A signed-in, active account that is not a pupil's."""
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)


def can_organise(user: User) -> bool:
    """Any validated teacher organises events."""
    return is_adult(user) and user.is_validated


def visible_events(viewer: User) -> QuerySet[Event]:
    """The events `viewer` may see (cancelled ones included: their page says so)."""
    if not is_adult(viewer):
        return Event.objects.none()
    invited = Invitation.objects.filter(invitee_id=viewer.pk).values("event_id")
    return Event.objects.filter(Q(visibility=Event.Visibility.PUBLIC) | Q(organiser_id=viewer.pk) | Q(pk__in=invited))


def is_invited(user: User, event: Event) -> bool:
    return Invitation.objects.filter(event_id=event.pk, invitee_id=user.pk).exists()


def can_view_event(viewer: User, event: Event) -> bool:
    if not is_adult(viewer):
        return False
    if event.visibility == Event.Visibility.PUBLIC or event.organiser_id == viewer.pk:
        return True
    return is_invited(viewer, event)


def can_manage_event(user: User, event: Event) -> bool:
    """The organiser edits, cancels, invites and records attendance."""
    return is_adult(user) and event.organiser_id == user.pk


def can_register(user: User, event: Event) -> bool:
    """Who may ask for a place (the window and the seats are the services' business): a validated teacher
    who sees the event and is not its organiser (the organiser hosts it)."""
    return can_organise(user) and event.organiser_id != user.pk and can_view_event(user, event)
