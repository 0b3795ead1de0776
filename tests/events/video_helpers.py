"""Events built straight on the models for the video tests, so they depend on nothing but the schema."""

import secrets
from datetime import UTC, datetime, timedelta

from twinning.accounts.models import User
from twinning.discussions.services import forum_create
from twinning.documents.services import library_create
from twinning.events.models import Event, Registration

START = datetime(2031, 3, 10, 16, 0, tzinfo=UTC)


def online_event(organiser: User, **fields: object) -> Event:
    starts_at = fields.pop("starts_at", START)
    assert isinstance(starts_at, datetime)
    values: dict[str, object] = {
        "title": "Storytelling across borders",
        "description": "An hour to share ideas.",
        "kind": Event.Kind.WORKSHOP,
        "format": Event.Format.ONLINE,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=1),
        "time_zone": "Europe/Madrid",
        "language": "en",
        "visibility": Event.Visibility.PUBLIC,
        "capacity": 30,
        "registration_opens_at": starts_at - timedelta(days=20),
        "registration_closes_at": starts_at - timedelta(hours=1),
        "organiser": organiser,
        "video_room": "twinning-" + secrets.token_urlsafe(12),
    }
    values.update(fields)
    return Event.objects.create(
        forum=forum_create(purpose="event_forum"), library=library_create(purpose="event_documents"), **values
    )


def registration(event: Event, user: User, state: str = Registration.State.REGISTERED) -> Registration:
    extra: dict[str, object] = {}
    if state == Registration.State.OFFERED:
        extra["offer_expires_at"] = event.starts_at
    return Registration.objects.create(event=event, user=user, state=state, **extra)
