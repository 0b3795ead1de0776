"""Small helpers for the event templates."""

from django import template

from twinning.events.models import Event, Registration

register = template.Library()


@register.filter
def places_left(event: Event) -> int:
    return max(event.capacity - event.seats_taken, 0)


@register.filter
def registration_state_label(state: str) -> str:
    """The label of a registration state ("" for none), e.g. for My events."""
    if not state:
        return ""
    return str(Registration.State(state).label)
