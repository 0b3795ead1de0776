"""Search forms: they parse the query string and say clearly what is wrong with it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import (
    AGE_BANDS,
    COUNTRIES,
    COUNTRY_NAMES,
    LANGUAGES,
    REGIONS,
    SCHOOL_TYPES,
    SUBJECTS,
    region_belongs_to,
)
from twinning.forums.models import Category
from twinning.projects.models import Project
from twinning.search.backends.base import IdeaFilters, PeopleFilters, ProjectFilters, SchoolFilters
from twinning.search.documents import query_terms


def _choices(empty_label, choices) -> list:
    return [("", empty_label), *choices]


def _words_field(label) -> forms.CharField:
    """The search box of a search form."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _one(data: dict, name: str) -> tuple[str, ...]:
    """A single-choice filter as the backends take it: the chosen code, or no code."""
    return (data[name],) if data.get(name) else ()


def _region_choices() -> list:
    return [("", _("Any region"))] + [(COUNTRY_NAMES[country], list(regions)) for country, regions in REGIONS.items()]


class PeopleSearchForm(forms.Form):
    q = _words_field(_("Name or school"))
    country = forms.ChoiceField(label=_("Country"), required=False, choices=_choices(_("Any country"), COUNTRIES))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_region_choices)
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=_choices(_("Any subject"), SUBJECTS))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_choices(_("Any language"), LANGUAGES))
    age_band = forms.ChoiceField(label=_("Pupils' age"), required=False, choices=_choices(_("Any age"), AGE_BANDS))
    school_type = forms.ChoiceField(
        label=_("Type of school"), required=False, choices=_choices(_("Any type"), SCHOOL_TYPES)
    )
    partners = forms.BooleanField(
        label=_("Looking for project partners"),
        required=False,
        help_text=_("Only validated teachers who say they are available for a project."),
    )
    plus = forms.BooleanField(label=_("Available for eTwinning Plus"), required=False)
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=100,
        help_text=_("Words from the teacher's interests or “about me” text."),
    )

    def clean(self) -> dict:
        data = super().clean()
        country, region = data.get("country"), data.get("region")
        if region and country and not region_belongs_to(region, country):
            self.add_error("region", _("This region is not in the chosen country."))
        return data

    @property
    def has_search(self) -> bool:
        """Whether there is something to search for: a word or at least one filter."""
        if not self.is_valid():
            return False
        data = self.cleaned_data
        return bool(query_terms(data["q"])) or not self.filters().is_empty

    def filters(self) -> PeopleFilters:
        data = self.cleaned_data
        return PeopleFilters(
            countries=_one(data, "country"),
            regions=_one(data, "region"),
            subjects=_one(data, "subject"),
            languages=_one(data, "language"),
            age_bands=_one(data, "age_band"),
            school_types=_one(data, "school_type"),
            partners=bool(data.get("partners")),
            plus=bool(data.get("plus")),
            keywords=data.get("keywords", "") if query_terms(data.get("keywords", "")) else "",
        )


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label=_("School name"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=_choices(_("Any country"), COUNTRIES))
    city = forms.CharField(label=_("Town or city"), required=False, max_length=120)
    school_type = forms.ChoiceField(
        label=_("Type of school"), required=False, choices=_choices(_("Any type"), SCHOOL_TYPES)
    )

    @property
    def has_search(self) -> bool:
        if not self.is_valid():
            return False
        data = self.cleaned_data
        return bool(query_terms(data["q"]) or query_terms(data["city"]) or data["country"] or data["school_type"])

    def filters(self) -> SchoolFilters:
        data = self.cleaned_data
        return SchoolFilters(
            countries=_one(data, "country"),
            school_types=_one(data, "school_type"),
            city=data["city"],
        )


# Everyone finds open and closed projects; members also find their own drafts, pending and stopped ones.
PUBLIC_STATUSES = [Project.Status.OPEN, Project.Status.CLOSED]
MEMBER_STATUSES = [*PUBLIC_STATUSES, Project.Status.PENDING, Project.Status.DRAFT, Project.Status.STOPPED]


class ProjectSearchForm(forms.Form):
    q = _words_field(_("Keywords"))
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=_choices(_("Any subject"), SUBJECTS))
    age = forms.ChoiceField(label=_("Pupils' age"), required=False, choices=_choices(_("Any age"), AGE_BANDS))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_choices(_("Any language"), LANGUAGES))
    country = forms.ChoiceField(label=_("Country"), required=False, choices=_choices(_("Any country"), COUNTRIES))
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, member: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        statuses = MEMBER_STATUSES if member else PUBLIC_STATUSES
        self.fields["status"].choices = _choices(_("Any status"), [(status.value, status.label) for status in statuses])
        if member:
            self.fields["status"].help_text = _("Drafts, pending projects and those not approved: only your own.")

    def filters(self) -> ProjectFilters:
        data = self.cleaned_data
        return ProjectFilters(
            subjects=_one(data, "subject"),
            age_bands=_one(data, "age"),
            languages=_one(data, "language"),
            countries=_one(data, "country"),
            statuses=_one(data, "status"),
        )


class IdeaSearchForm(forms.Form):
    """The project-idea search (partner-finding forums): keywords and filters, open ideas unless asked."""

    q = _words_field(_("Keywords"))
    category = forms.ModelChoiceField(
        label=_("Forum"),
        required=False,
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("Any forum"),
    )
    age = forms.ChoiceField(label=_("Pupils' age"), required=False, choices=_choices(_("Any age"), AGE_BANDS))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_choices(_("Any language"), LANGUAGES))
    country = forms.ChoiceField(
        label=_("Partner country"), required=False, choices=_choices(_("Any country"), COUNTRIES)
    )
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=_choices(_("Any subject"), SUBJECTS))
    closed = forms.BooleanField(
        label=_("Include closed ideas"), required=False, help_text=_("Ideas whose authors have found their partners.")
    )

    def filters(self) -> IdeaFilters:
        data = self.cleaned_data
        category = data.get("category")
        return IdeaFilters(
            categories=(category.pk,) if category else (),
            age_bands=_one(data, "age"),
            languages=_one(data, "language"),
            countries=_one(data, "country"),
            subjects=_one(data, "subject"),
            include_closed=bool(data.get("closed")),
        )


# Deeper pages are not offered: refine the search instead of paging through thousands of people.
MAX_PAGE = 500


def page_number(raw: str | None) -> int:
    """The page asked for in the query string; anything that is not a sensible number means the first."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)
