"""Events: online or face-to-face meetings any teacher organises, with registrations that never
exceed capacity, a waiting list, invitations for private events, a video room, a forum and documents.

Seats are counted on the event row (`seats_taken`) and claimed with a
conditional UPDATE inside the registering transaction, so simultaneous
registrations can never take more seats than `capacity` (see `services.py`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from twinning.accounts.models import validate_time_zone
from twinning.core.vocabularies import LANGUAGES
from twinning.discussions.models import Forum
from twinning.documents.models import Library

ONLINE_CAPACITY_MAX = 100

COURSE_KINDS = ("learning_event", "online_seminar")
"""Kinds of the courses of Professional development (the learning app): they use an event's dates,
places, application window, video room and forum, but show in the course catalogue, not the events calendar."""


class Event(models.Model):
    """One event, from its announcement to its end (or cancellation)."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training session")
        SCHOOL_PRESENTATION = "school_presentation", _("School presentation")
        PROJECT_PRESENTATION = "project_presentation", _("Project presentation")
        PARTNER_SEARCH = "partner_search", _("Partner-search session")
        LEARNING_EVENT = "learning_event", _("Learning event")
        ONLINE_SEMINAR = "online_seminar", _("Online seminar")

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        FACE_TO_FACE = "face_to_face", _("Face to face")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: every teacher can see it and register")
        PRIVATE = "private", _("Private: invited teachers only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("event status", "Scheduled")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.ONLINE)
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Address, for a face-to-face event."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Brussels",
        validators=[validate_time_zone],
        help_text=_("The organiser's time zone; every reader sees the times in their own."),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    capacity = models.PositiveIntegerField(_("places"))
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=500, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organised_events", verbose_name=_("organiser")
    )
    forum = models.OneToOneField(Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("forum"))
    library = models.OneToOneField(Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("documents"))
    video_room = models.CharField(
        _("video room"), max_length=80, unique=True, help_text=_("The meeting's identifier on the video server.")
    )
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0)
    waiting_count = models.PositiveIntegerField(_("on the waiting list"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(name="event_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(
                name="event_registration_window_ordered",
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
            ),
            models.CheckConstraint(name="event_has_places", condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="online_event_capacity_limit",
                condition=~Q(format="online") | Q(capacity__lte=ONLINE_CAPACITY_MAX),
            ),
            models.CheckConstraint(name="event_never_overbooked", condition=Q(seats_taken__lte=models.F("capacity"))),
        ]
        indexes = [
            models.Index(fields=["visibility", "status", "starts_at"], name="event_calendar_idx"),
            # The list and the calendar read events not over yet (or ending after a day): without it, every
            # public event ever held is read (measured: 49 -> 34 ms at 20,000 events, docs/performance.md).
            models.Index(fields=["visibility", "ends_at"], name="event_upcoming_idx"),
            models.Index(fields=["organiser", "starts_at"], name="event_organiser_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_course(self) -> bool:
        return self.kind in COURSE_KINDS


EVENT_KINDS = tuple(kind for kind in Event.Kind.values if kind not in COURSE_KINDS)
"""The kinds a teacher organises as an event."""
EVENT_KIND_CHOICES = [(kind, label) for kind, label in Event.Kind.choices if kind not in COURSE_KINDS]


class Registration(models.Model):
    """A teacher's place at an event: registered, waiting in line, offered a freed seat, or gone.

    At most one live row (registered, waiting or offered) per teacher and
    event. Waiting rows are served in `created_at` order; an offer holds a
    seat until `offer_expires_at`.
    """

    class State(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("event registration state", "Registered")
        WAITING = "waiting", pgettext_lazy("event registration state", "On the waiting list")
        OFFERED = "offered", pgettext_lazy("event registration state", "Offered a place")
        CANCELLED = "cancelled", pgettext_lazy("event registration state", "Cancelled")
        EXPIRED = "expired", pgettext_lazy("event registration state", "Offer expired")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("participant"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(state__in=["registered", "waiting", "offered"]),
                name="one_live_registration",
            ),
            models.CheckConstraint(
                name="offer_has_expiry",
                condition=~Q(state="offered") | Q(offer_expires_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state", "created_at"], name="registration_line_idx"),
            models.Index(fields=["user", "state"], name="registration_user_idx"),
            models.Index(fields=["state", "offer_expires_at"], name="registration_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.event} ({self.state})"


class Invitation(models.Model):
    """An invitation to a private event: only invited teachers (and the organiser) see and register."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event"))
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_invitations",
        verbose_name=_("invited teacher"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        constraints = [models.UniqueConstraint(fields=["event", "invitee"], name="one_invitation_per_event")]
        indexes = [models.Index(fields=["invitee", "event"], name="event_invitation_invitee_idx")]

    def __str__(self) -> str:
        return f"{self.invitee} to {self.event}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a teacher's calendar feed of their events (revocable by making a new one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("teacher")
    )
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}'s calendar"
