"""Events for tests: organised through the service, so they have their forum, library and video room."""

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.accounts.factories import UserFactory
from twinning.accounts.models import User
from twinning.events.models import Event, Registration
from twinning.events.services import event_create, register

_counter = {"n": 0}


def make_event(*, organiser: User | None = None, **fields: Any) -> Event:
    """An online public workshop starting in a week, registration open from an hour ago until it starts,
    20 places; `fields` override any `event_create` argument (naive times are read in `time_zone`)."""
    _counter["n"] += 1
    organiser = organiser or UserFactory(is_validated=True)
    now = timezone.now()
    starts_at = fields.pop("starts_at", now + dt.timedelta(days=7))
    values: dict[str, Any] = {
        "title": f"Event {_counter['n']}",
        "description": "An hour to share ideas about teaching with partners.",
        "kind": Event.Kind.WORKSHOP,
        "format": Event.Format.ONLINE,
        "place": "",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=1),
        "time_zone": "Europe/Brussels",
        "language": "en",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": 20,
        "registration_opens_at": now - dt.timedelta(hours=1),
        "registration_closes_at": starts_at,
    }
    values.update(fields)
    return event_create(actor=organiser, **values)


def make_teacher(**fields: Any) -> User:
    """A validated teacher (who may organise and register)."""
    fields.setdefault("is_validated", True)
    return UserFactory(**fields)  # type: ignore[no-any-return]


def register_many(event: Event, count: int) -> list[Registration]:
    """`count` fresh validated teachers register, one after the other."""
    return [register(actor=make_teacher(), event=event) for _ in range(count)]
