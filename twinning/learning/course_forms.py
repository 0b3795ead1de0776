"""Forms of the course pages: the organiser's course form (local times + a time zone, as for events), an
activity, and the catalogue's filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import LANGUAGES
from twinning.events.forms import LocalDateTimeField, as_local, read_local_times, time_zone_field
from twinning.events.models import ONLINE_CAPACITY_MAX, Event
from twinning.learning.courses import ACTIVITIES_REQUIRED_MAX
from twinning.learning.models import Course, CourseActivity

COURSE_KIND_CHOICES = [
    (Event.Kind.LEARNING_EVENT, _("Learning event: a course over days or weeks, with weekly activities")),
    (Event.Kind.ONLINE_SEMINAR, _("Online seminar: one session in a video room")),
]
TIME_FIELDS = ("starts_at", "ends_at", "applications_open_at", "applications_close_at")
# The service checks the event's times under the event's names; the form shows them on its own fields.
SERVICE_FIELDS = {"registration_opens_at": "applications_open_at", "registration_closes_at": "applications_close_at"}
WINDOW_CHOICES = [
    ("", _("Open or not")),
    ("open", _("Applications open")),
    ("upcoming", _("Applications not open yet")),
    ("closed", _("Applications closed")),
]


class CourseForm(forms.Form):
    """What the organiser says about a course; dates and times are read in the chosen time zone.

    The kind is chosen once: editing shows it without letting it change.
    """

    kind = forms.ChoiceField(label=_("Type"), choices=COURSE_KIND_CHOICES, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What participants will learn and do, and what they should prepare."),
    )
    audience = forms.CharField(
        label=_("For whom"),
        max_length=Course._meta.get_field("audience").max_length,
        help_text=_("Who the course is meant for, e.g. “Primary teachers new to projects”."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *LANGUAGES])
    time_zone = time_zone_field()
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=ONLINE_CAPACITY_MAX,
    )
    applications_open_at = LocalDateTimeField(label=_("Applications open"))
    applications_close_at = LocalDateTimeField(
        label=_("Applications close"), help_text=_("No later than the start of the course.")
    )
    activities_required = forms.IntegerField(
        label=_("Activities to complete"),
        min_value=0,
        max_value=ACTIVITIES_REQUIRED_MAX,
        required=False,
        help_text=_("A learning event is completed by doing this many of its activities; leave 0 for a seminar."),
    )

    def __init__(
        self, *args: Any, organiser_zone: str = "Europe/Brussels", course: Course | None = None, **kwargs: Any
    ) -> None:
        if course is not None and "initial" not in kwargs:
            event = course.event
            zone = event.time_zone
            kwargs["initial"] = {
                "kind": event.kind,
                "title": event.title,
                "description": event.description,
                "audience": course.audience,
                "language": event.language,
                "time_zone": zone,
                "starts_at": as_local(event.starts_at, zone),
                "ends_at": as_local(event.ends_at, zone),
                "capacity": event.capacity,
                "applications_open_at": as_local(event.registration_opens_at, zone),
                "applications_close_at": as_local(event.registration_closes_at, zone),
                "activities_required": course.activities_required,
            }
        super().__init__(*args, **kwargs)
        self.course = course
        if course is not None:
            self.fields["kind"].disabled = True  # a learning event stays one, a seminar too
            self.fields["kind"].help_text = _("The type of a course cannot change.")
        self.fields["time_zone"].initial = self.initial.get("time_zone") or organiser_zone
        # Filled here, not on the class, so the text is translated in the reader's language.
        self.fields["capacity"].help_text = gettext("Courses take place online: at most %(max)s places.") % {
            "max": ONLINE_CAPACITY_MAX
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("activities_required") is None:
            data["activities_required"] = 0
        if not read_local_times(data, TIME_FIELDS):
            return data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The course must end after it starts."))
        opens, closes = data.get("applications_open_at"), data.get("applications_close_at")
        if opens and closes and closes <= opens:
            self.add_error("applications_close_at", _("Applications must close after they open."))
        if closes and starts and closes > starts:
            self.add_error("applications_close_at", _("Applications must close by the start of the course."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the course services take it (the kind only when creating)."""
        data = dict(self.cleaned_data)
        if self.course is not None:
            data.pop("kind", None)
        return data


class ActivityForm(forms.Form):
    """A week's activity of a learning event; its instructions open the activity's discussion."""

    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=1000)
    title = forms.CharField(label=_("Title"), max_length=CourseActivity._meta.get_field("title").max_length)
    instructions = forms.CharField(
        label=_("What to do"),
        max_length=CourseActivity._meta.get_field("instructions").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Participants read this as the first post of the activity's discussion and answer there."),
    )


class CourseFilterForm(forms.Form):
    """Filters of the catalogue (all optional)."""

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            ("", _("Any type")),
            (Event.Kind.LEARNING_EVENT, Event.Kind.LEARNING_EVENT.label),
            (Event.Kind.ONLINE_SEMINAR, Event.Kind.ONLINE_SEMINAR.label),
        ],
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *LANGUAGES], required=False)
    window = forms.ChoiceField(label=_("Applications"), choices=WINDOW_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Only my applications"), required=False)
