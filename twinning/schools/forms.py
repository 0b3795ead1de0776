"""Forms of the schools app: they parse and show errors; services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import AGE_BANDS, ALL_REGIONS, COUNTRIES, REGIONS, SCHOOL_TYPES, region_belongs_to
from twinning.schools.models import Employment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class SchoolSearchForm(forms.Form):
    q = forms.CharField(label=_("School name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any country")), *COUNTRIES])

    @property
    def has_query(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["q"].strip() or self.cleaned_data["country"])


class EmploymentFields(forms.Form):
    role = forms.ChoiceField(label=_("Your role at this school"), choices=Employment.Role.choices, initial="teacher")
    start_date = forms.DateField(
        label=_("Since when?"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("The day you started working there, roughly if you do not remember."),
    )


class SchoolRegisterForm(EmploymentFields):
    name = forms.CharField(label=_("Name of the school"), max_length=255)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRIES])
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", "—"), *ALL_REGIONS],
        help_text=_("Needed for countries whose support service works by region, such as Spain."),
    )
    city = forms.CharField(label=_("Town or city"), max_length=120)
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    school_type = forms.ChoiceField(label=_("Type of school"), choices=[("", "—"), *SCHOOL_TYPES])
    age_bands = forms.MultipleChoiceField(
        label=_("Pupils' ages"), choices=AGE_BANDS, widget=forms.CheckboxSelectMultiple
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    head_teacher_name = forms.CharField(label=_("Head teacher's name"), max_length=200)
    head_teacher_email = forms.EmailField(
        label=_("Head teacher's email"),
        help_text=_("Once the school is verified, we ask the head teacher at this address to confirm new teachers."),
    )

    field_order = [
        "name", "country", "region", "city", "address", "postcode", "school_type", "age_bands", "website",
        "head_teacher_name", "head_teacher_email", "role", "start_date",
    ]  # fmt: skip

    def clean(self) -> dict:
        data = super().clean() or {}
        country, region = data.get("country", ""), data.get("region", "")
        if country in REGIONS and not region:
            self.add_error("region", _("Choose the region of the school."))
        elif region and not region_belongs_to(region, country):
            self.add_error("region", _("This region is not in the chosen country."))
        return data


class EmploymentAddForm(EmploymentFields):
    pass


class EmploymentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day at this school"), widget=DateInput(), initial=timezone.localdate)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the teacher"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say briefly why the teacher could not be confirmed at this school."),
    )
