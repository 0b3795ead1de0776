"""iCalendar (RFC 5545) for events: one event's .ics download and a teacher's personal feed.

Written by hand because the format is small: content lines end in CRLF and are
folded at 75 octets (a continuation line starts with one space, never inside
a UTF-8 character); TEXT values escape backslash, semicolon, comma and line
breaks; every time is written in UTC (`...Z`), so no VTIMEZONE is needed and
each calendar application shows the reader's own zone.
"""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings

from twinning.events.models import Event

PRODID = "-//Twinning//Events//EN"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded so that no physical line passes 75 octets (RFC 5545 §3.1)."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = " ", 1
            limit = LINE_OCTETS
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def utc_stamp(moment: datetime.datetime) -> str:
    """A DATE-TIME in UTC form, e.g. ``20270314T083000Z``."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(event: Event) -> str:
    """Stable across downloads and feeds, so calendar applications update the event instead of doubling it."""
    host = urlsplit(settings.SITE_URL).hostname or "twinning"
    return f"event-{event.pk}@{host}"


def event_lines(event: Event, *, url: str, now: datetime.datetime) -> list[str]:
    """The VEVENT of `event`; `url` is the event's absolute address (online events' location)."""
    description = event.description
    if url:
        description = f"{description}\n\n{url}" if description else url
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if event.format == Event.Format.FACE_TO_FACE and event.place:
        lines.append(f"LOCATION:{escape_text(event.place)}")
    if url:
        lines.append(f"URL:{url}")
    if event.status == Event.Status.CANCELLED:
        lines.append("STATUS:CANCELLED")
    else:
        lines.append("STATUS:CONFIRMED")
    lines.append(f"LAST-MODIFIED:{utc_stamp(event.updated_at or now)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[Event],
    *,
    url_for: Callable[[Event], str],
    now: datetime.datetime,
    name: str = "",
) -> str:
    """A VCALENDAR holding `events`, folded, with CRLF line ends (the whole body of a text/calendar answer)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(event_lines(event, url=url_for(event), now=now))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
