"""Video rooms of online events: who may join when, and the address of the room.

Two integrations, chosen by `settings.VIDEO_BACKEND`:

- "bbb": a BigBlueButton server. Every API call carries a checksum, the hex
  digest of `<call name><query string><shared secret>` (SHA-1 unless
  `BBB_CHECKSUM_ALGORITHM` says otherwise), exactly as BigBlueButton's API
  documentation specifies. Our server calls `create` (idempotent: on an
  existing meeting it answers SUCCESS again) and then hands the browser a
  signed `join` URL, so the shared secret never leaves the server. It also
  calls `getMeetingInfo` to learn who is in the room, for the organiser's
  attendance (`attendance_from_video`).
- "jitsi": a Jitsi Meet room at `JITSI_URL` + the event's random room name,
  for operators without BigBlueButton. Jitsi has no API that tells who is in
  a room, so attendance is ticked by hand there.
"""

import hashlib
import hmac
import logging
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import IO, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.events.models import Event, Registration
from twinning.events.permissions import can_manage_event
from twinning.events.services import attendance_mark, event_url
from twinning.notifications.emails import recipient_language

logger = logging.getLogger(__name__)

BBB_TIMEOUT_SECONDS = 10
BBB_ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")
# getMeetingInfo lists every attendee (up to ONLINE_CAPACITY_MAX + the organiser, a few hundred bytes each)
BBB_MAX_ANSWER_BYTES = 256 * 1024
ATTENDANCE_FROM_VIDEO_AFTER_END = timedelta(days=1)
"""How long after its end the organiser may still read an event's attendance from its video room."""
USER_ID_DIGITS = 18  # our userIDs are primary keys; longer numbers are not ours (and not a bigint)


class VideoRoomUnavailable(DomainError):
    """The video server could not be reached or refused the call; the page says so instead of failing."""

    def __init__(self, detail: str = "", *, message: str = "") -> None:
        super().__init__(message or str(_("The video room is not available right now. Please try again in a moment.")))
        self.detail = detail  # for the logs only, never shown


class VideoRoom(Protocol):
    """A video server: gives the address at which one person enters an event's room, and tells who is in
    it when it can (`meeting_attendees` raises VideoRoomUnavailable when it cannot)."""

    def join_url(self, *, event: Event, user: User, moderator: bool) -> str: ...

    def meeting_attendees(self, event: Event) -> set[str]: ...


# --- who may join, and when -------------------------------------------------------------------


def join_opens_at(event: Event) -> datetime:
    return event.starts_at - timedelta(minutes=settings.EVENTS_JOIN_OPENS_MINUTES)


def is_moderator(user: User, event: Event) -> bool:
    """Organisers run the room (moderators); everyone else joins as a viewer."""
    return user.is_authenticated and user.pk == event.organiser_id


def can_join(user: User, event: Event, now: datetime) -> bool:
    """An online, scheduled event's room is open to its organiser and its registered participants
    from EVENTS_JOIN_OPENS_MINUTES before the start until the end (the end itself is closed).
    Waiting, offered and cancelled registrations do not open it.
    """
    if not user.is_authenticated:
        return False
    if event.format != Event.Format.ONLINE or event.status != Event.Status.SCHEDULED:
        return False
    if not (join_opens_at(event) <= now < event.ends_at):
        return False
    if is_moderator(user, event):
        return True
    return Registration.objects.filter(event=event, user=user, state=Registration.State.REGISTERED).exists()


def welcome_text(event: Event) -> str:
    """The short greeting BigBlueButton shows in the room's chat, in the organiser's preferred language
    (the meeting is created once for everyone, so it cannot follow each reader's language; the organiser
    chose the event's audience). No user text in it: the server shows it as HTML."""
    with translation.override(recipient_language(event.organiser)):
        return str(_("Welcome! The event's forum and documents stay open on its page, before and after."))


# --- BigBlueButton ------------------------------------------------------------------------------


def bbb_checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """The API checksum: hex digest of the call name, the query string (without checksum) and the secret."""
    if algorithm not in BBB_ALGORITHMS:
        raise ImproperlyConfigured(f"BBB_CHECKSUM_ALGORITHM must be one of {', '.join(BBB_ALGORITHMS)}")
    return hashlib.new(algorithm, f"{call}{query}{secret}".encode()).hexdigest()


def bbb_query(params: list[tuple[str, str]]) -> str:
    """The query string in the given order, encoded like BigBlueButton's own examples (space as +)."""
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote_plus)


Opener = Callable[..., IO[bytes]]


class BigBlueButton:
    """BigBlueButton's API: `create` called from our server, a signed `join` URL for the browser."""

    def __init__(
        self,
        *,
        url: str,
        secret: str,
        algorithm: str = "sha1",
        timeout: float = BBB_TIMEOUT_SECONDS,
        opener: Opener | None = None,
    ) -> None:
        if not url or not secret:
            raise ImproperlyConfigured("VIDEO_BACKEND=bbb needs BBB_URL and BBB_SECRET")
        self.api_url = url if url.endswith("/") else url + "/"
        self._secret = secret
        self.algorithm = algorithm
        self.timeout = timeout
        self._open: Opener = opener or urllib.request.urlopen

    def __repr__(self) -> str:  # never print the secret, not even in a traceback
        return f"BigBlueButton(url={self.api_url!r})"

    def signed_url(self, call: str, params: list[tuple[str, str]]) -> str:
        query = bbb_query(params)
        checksum = bbb_checksum(call, query, self._secret, self.algorithm)
        return f"{self.api_url}{call}?{query}&checksum={checksum}"

    def _password(self, event: Event, role: str) -> str:
        # Servers before role-based joining (BigBlueButton < 2.7) tell moderators from viewers by
        # password. Derived from the secret so every create call sends the same ones, yet the
        # secret cannot be recovered from them.
        digest = hmac.new(self._secret.encode(), f"{role}:{event.video_room}".encode(), hashlib.sha256)
        return digest.hexdigest()[:20]

    def create_params(self, event: Event) -> list[tuple[str, str]]:
        return [
            ("name", event.title),
            ("meetingID", event.video_room),
            ("attendeePW", self._password(event, "attendee")),
            ("moderatorPW", self._password(event, "moderator")),
            # the organiser comes on top of the places
            ("maxParticipants", str(event.capacity + 1)),
            # leaving the room brings people back to the event's page
            ("logoutURL", settings.SITE_URL + event_url(event)),
            ("welcome", welcome_text(event)),
        ]

    def join_params(self, *, event: Event, user: User, moderator: bool) -> list[tuple[str, str]]:
        role = "moderator" if moderator else "attendee"
        return [
            ("fullName", user.full_name or str(user)),
            ("meetingID", event.video_room),
            ("role", "MODERATOR" if moderator else "VIEWER"),
            ("password", self._password(event, role)),
            ("userID", str(user.pk)),
            ("redirect", "true"),
        ]

    def create_url(self, event: Event) -> str:
        return self.signed_url("create", self.create_params(event))

    def _call(self, call: str, url: str, event: Event) -> ET.Element:
        """The server's XML answer to one signed call, or VideoRoomUnavailable when it cannot be had."""
        try:
            with self._open(url, timeout=self.timeout) as response:
                body = response.read(BBB_MAX_ANSWER_BYTES)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            # HTTPError is a URLError; the URL (with its checksum) is not logged
            logger.warning("BigBlueButton %s for event %s failed: %s", call, event.pk, type(exc).__name__)
            raise VideoRoomUnavailable(type(exc).__name__) from exc
        try:
            # The operator's own server; ElementTree resolves no external entities and expat >= 2.4
            # stops entity expansion attacks; the answer is read up to a small size only.
            return ET.fromstring(body)  # noqa: S314
        except ET.ParseError as exc:
            logger.warning("BigBlueButton %s for event %s: the answer is not XML", call, event.pk)
            raise VideoRoomUnavailable("not XML") from exc

    def _refused(self, call: str, event: Event, root: ET.Element) -> VideoRoomUnavailable:
        returncode = (root.findtext("returncode") or "").strip()
        key = (root.findtext("messageKey") or "").strip()
        logger.warning("BigBlueButton refused %s for event %s: %s %s", call, event.pk, returncode, key)
        return VideoRoomUnavailable(key or returncode)

    def create(self, event: Event) -> None:
        """Make sure the meeting exists on the server (idempotent), or raise VideoRoomUnavailable."""
        root = self._call("create", self.create_url(event), event)
        if (root.findtext("returncode") or "").strip() != "SUCCESS":
            raise self._refused("create", event, root)

    def join_url(self, *, event: Event, user: User, moderator: bool) -> str:
        self.create(event)
        return self.signed_url("join", self.join_params(event=event, user=user, moderator=moderator))

    def meeting_info_url(self, event: Event) -> str:
        # The meeting ID alone: the moderator password early servers wanted here is deprecated in the API.
        return self.signed_url("getMeetingInfo", [("meetingID", event.video_room)])

    def meeting_attendees(self, event: Event) -> set[str]:
        """The userIDs of the people in the room right now (`getMeetingInfo`'s <attendees>): ours are user
        primary keys, given at join. A meeting that is not running, or no longer or not yet exists on the
        server (FAILED with messageKey notFound), has nobody in it: an empty set, not an error."""
        root = self._call("getMeetingInfo", self.meeting_info_url(event), event)
        returncode = (root.findtext("returncode") or "").strip()
        if returncode != "SUCCESS":
            if returncode == "FAILED" and (root.findtext("messageKey") or "").strip() == "notFound":
                return set()
            raise self._refused("getMeetingInfo", event, root)
        if (root.findtext("running") or "").strip().lower() != "true":
            return set()
        user_ids = (attendee.findtext("userID") or "" for attendee in root.iterfind("attendees/attendee"))
        return {user_id.strip() for user_id in user_ids if user_id.strip()}


# --- Jitsi Meet ---------------------------------------------------------------------------------


class Jitsi:
    """A Jitsi Meet room named by the event's random, unique room name; the display name is prefilled."""

    def __init__(self, *, url: str) -> None:
        if not url:
            raise ImproperlyConfigured("VIDEO_BACKEND=jitsi needs JITSI_URL")
        self.base_url = url if url.endswith("/") else url + "/"

    def join_url(self, *, event: Event, user: User, moderator: bool) -> str:
        # Jitsi reads config overrides from the fragment, as JSON values; the fragment never
        # reaches the server. Moderation is Jitsi's own (the first to enter), nothing to send.
        name = '"' + (user.full_name or str(user)).replace("\\", "\\\\").replace('"', '\\"') + '"'
        fragment = "userInfo.displayName=" + urllib.parse.quote(name, safe="")
        return f"{self.base_url}{urllib.parse.quote(event.video_room, safe='')}#{fragment}"

    def meeting_attendees(self, event: Event) -> set[str]:
        """Jitsi Meet has no server API that tells who is in a room."""
        raise VideoRoomUnavailable(
            "jitsi has no attendance",
            message=str(_("This video server does not tell who is in the room: tick attendance by hand.")),
        )


def video_room() -> VideoRoom:
    """The video server configured by VIDEO_BACKEND ("bbb" or "jitsi")."""
    backend = settings.VIDEO_BACKEND
    if backend == "bbb":
        return BigBlueButton(
            url=settings.BBB_URL,
            secret=settings.BBB_SECRET,
            algorithm=getattr(settings, "BBB_CHECKSUM_ALGORITHM", "sha1"),
        )
    if backend == "jitsi":
        return Jitsi(url=settings.JITSI_URL)
    raise ImproperlyConfigured(f"Unknown VIDEO_BACKEND {backend!r}: use 'bbb' or 'jitsi'")


def join_url_for(*, event: Event, user: User) -> str:
    """The room address for this person, as moderator when they organise the event."""
    return video_room().join_url(event=event, user=user, moderator=is_moderator(user, event))


# --- attendance from the room -------------------------------------------------------------------


def _video_attendance_refusal(event: Event, now: datetime) -> DomainError | None:
    """Why the room's attendance cannot be read for `event` at `now`, or None when it can."""
    if event.status == Event.Status.CANCELLED:
        return DomainError(str(_("This event is cancelled.")), code="cancelled")
    if event.format != Event.Format.ONLINE:
        return DomainError(str(_("This event has no video room.")), code="not_online")
    if event.starts_at > now:
        return DomainError(str(_("Attendance is recorded once the event has started.")), code="not_started")
    if now > event.ends_at + ATTENDANCE_FROM_VIDEO_AFTER_END:
        return DomainError(
            str(_("The video room's attendance can be read until a day after the event ends.")), code="too_late"
        )
    return None


def can_mark_from_video(user: User, event: Event, now: datetime) -> bool:
    """Whether the participants page offers `user` to read attendance from the video room: the organiser of
    an online event, from its start until a day after its end, when the server is BigBlueButton (the only
    one that tells who is in a room). `attendance_from_video` applies the same rules."""
    return (
        settings.VIDEO_BACKEND == "bbb"
        and can_manage_event(user, event)
        and _video_attendance_refusal(event, now) is None
    )


def _our_user_ids(attendees: set[str]) -> set[int]:
    # Guests or other applications may join with userIDs that are not ours: they are left out.
    ours = (user_id for user_id in attendees if len(user_id) <= USER_ID_DIGITS)
    return {int(user_id) for user_id in ours if user_id.isascii() and user_id.isdigit()}


def attendance_from_video(*, actor: User, event: Event, now: datetime | None = None) -> int:
    """The organiser marks as attended every teacher REGISTERED for the event whom the video server reports
    in the room (by the userID given at join, the teacher's id), through `attendance_mark`, so each records
    its progress action. Waiting or offered teachers, the organiser and unknown people in the room are left
    out; nobody is unmarked (the server only lists who is there now). Allowed from the start of an online,
    not cancelled event until a day after its end. Returns how many were newly marked.

    The server is asked before any row is locked, so a slow server holds no lock; VideoRoomUnavailable
    (a DomainError) when it cannot answer, or cannot tell (Jitsi).
    """
    now = now or timezone.now()
    if not can_manage_event(actor, event):
        raise PermissionRefused()
    refusal = _video_attendance_refusal(event, now)
    if refusal is not None:
        raise refusal
    user_ids = _our_user_ids(video_room().meeting_attendees(event))
    if not user_ids:
        return 0
    with transaction.atomic():
        present = (
            Registration.objects.select_for_update(of=("self",))
            .filter(event_id=event.pk, state=Registration.State.REGISTERED, attended=False, user_id__in=user_ids)
            .select_related("user")
            .order_by("pk")
        )
        marked = 0
        for registration in present:
            attendance_mark(actor=actor, event=event, user=registration.user, attended=True)
            marked += 1
    return marked
