"""Forms of the event pages: the organiser's event form (local times + a time zone), filters, cancel, invite."""

import datetime
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import time_zone_choices
from twinning.core.vocabularies import LANGUAGES
from twinning.events.models import EVENT_KIND_CHOICES, ONLINE_CAPACITY_MAX, Event

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time typed in the event's zone: kept naive here, made aware by the form."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
    input_formats = [LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value: Any) -> datetime.datetime | None:
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        if value in self.empty_values:
            return None
        text = str(value).strip()
        for fmt in self.input_formats:
            try:
                return datetime.datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def as_local(moment: datetime.datetime, zone: str) -> str:
    """`moment` on the wall clock of `zone`, as a LocalDateTimeField shows it (a form's initial value)."""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(zone)).strftime(LOCAL_FORMAT)


def time_zone_field() -> forms.ChoiceField:
    """The zone a form's LocalDateTimeFields are typed in (events and courses)."""
    return forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("The dates and times below are read in this zone; every reader sees them in their own."),
    )


def read_local_times(data: dict[str, Any], names: Iterable[str]) -> bool:
    """Makes the times `names` of a form's cleaned `data` aware in the zone chosen in its "time_zone" field, in
    place. False when no zone was chosen (that field says why) and the times stay naive."""
    zone_name = data.get("time_zone")
    if not zone_name:
        return False
    zone = zoneinfo.ZoneInfo(zone_name)
    for name in names:
        value = data.get(name)
        if isinstance(value, datetime.datetime):
            data[name] = timezone.make_aware(value.replace(tzinfo=None), zone)
    return True


class EventForm(forms.Form):
    """What the organiser says about an event; dates and times are read in the chosen time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What participants will do and what they should prepare."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=EVENT_KIND_CHOICES)
    format = forms.ChoiceField(
        label=_("Format"), choices=Event.Format.choices, widget=forms.RadioSelect, initial=Event.Format.ONLINE
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("The address, for a face-to-face event."),
    )
    time_zone = time_zone_field()
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *LANGUAGES])
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        choices=Event.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Event.Visibility.PUBLIC,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=10_000,
    )
    registration_opens_at = LocalDateTimeField(label=_("Registration opens"))
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"), help_text=_("No later than the end of the event.")
    )

    def __init__(self, *args: Any, organiser_zone: str = "Europe/Brussels", event: Event | None = None, **kwargs: Any):
        if event is not None and "initial" not in kwargs:
            zone = event.time_zone
            kwargs["initial"] = {
                "title": event.title,
                "description": event.description,
                "kind": event.kind,
                "format": event.format,
                "place": event.place,
                "time_zone": zone,
                "language": event.language,
                "visibility": event.visibility,
                "capacity": event.capacity,
                **{name: as_local(getattr(event, name), zone) for name in TIME_FIELDS},
            }
        super().__init__(*args, **kwargs)
        # Filled here, not on the class, so the text is translated in the reader's language.
        self.fields["capacity"].help_text = gettext("At most %(max)s for an online event.") % {
            "max": ONLINE_CAPACITY_MAX
        }
        self.fields["time_zone"].initial = self.initial.get("time_zone") or organiser_zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not read_local_times(data, TIME_FIELDS):
            return data
        if data.get("format") == Event.Format.FACE_TO_FACE and not (data.get("place") or "").strip():
            self.add_error("place", _("Give the address of a face-to-face event."))
        capacity = data.get("capacity")
        if data.get("format") == Event.Format.ONLINE and capacity and capacity > ONLINE_CAPACITY_MAX:
            self.add_error(
                "capacity",
                _("An online event has at most %(max)s places.") % {"max": ONLINE_CAPACITY_MAX},
            )
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Registration must close by the end of the event."))
        return data


class FilterForm(forms.Form):
    """Filters of the list and the calendar (all optional)."""

    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Any type")), *EVENT_KIND_CHOICES], required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *LANGUAGES], required=False)
    format = forms.ChoiceField(
        label=_("Online or face to face"), choices=[("", _("Both")), *Event.Format.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the range comes before its start."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the event is cancelled"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone registered or waiting reads this."),
    )
