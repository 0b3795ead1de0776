"""Forms of the partner-finding forums: they parse input; the services decide and save."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import AGE_BANDS, COUNTRIES, LANGUAGES, SUBJECTS
from twinning.forums.models import Category, Idea


def _checkboxes(choices: Any, label: Any, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        required=required,
        label=label,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )


class IdeaForm(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.none(), label=_("Forum"), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Your idea"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What you would like to do with your pupils, and what you expect from partners."),
    )
    age_bands = _checkboxes(AGE_BANDS, _("Pupils' ages"), required=True)
    subjects = _checkboxes(SUBJECTS, _("Subjects"))
    languages = _checkboxes(LANGUAGES, _("Languages of the project"), required=True)
    countries_wanted = forms.MultipleChoiceField(
        choices=COUNTRIES,
        required=False,
        label=_("Partner countries wanted"),
        help_text=_("Leave empty if any country suits you."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=300,
        required=False,
        help_text=_("Words others may search for, separated by commas."),
    )
    availability = forms.CharField(
        label=_("When I can start"),
        max_length=200,
        required=False,
        help_text=_("For example: from September, for one year."),
    )

    def __init__(self, *args: Any, categories: QuerySet[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(idea: Idea) -> dict[str, Any]:
        return {
            "category": idea.category_id,
            "title": idea.title,
            "description": idea.description,
            "age_bands": idea.age_bands,
            "subjects": idea.subjects,
            "languages": idea.languages,
            "countries_wanted": idea.countries_wanted,
            "keywords": idea.keywords,
            "availability": idea.availability,
        }


def _any(label: Any, choices: Any) -> list[Any]:
    return [("", label), *choices]


class IdeaFilterForm(forms.Form):
    """The keywords and filters of the idea search, shown on the forums' pages; it only builds the
    query string of the search page (`search:ideas`), which checks it. The names are that page's."""

    q = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Keywords, e.g. climate, robots")}),
    )
    age = forms.ChoiceField(label=_("Pupils' age"), required=False, choices=_any(_("Any age"), AGE_BANDS))
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_any(_("Any language"), LANGUAGES))
    country = forms.ChoiceField(label=_("Partner country"), required=False, choices=_any(_("Any country"), COUNTRIES))
    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=_any(_("Any subject"), SUBJECTS))

    def __init__(self, *, category: Category | None, countries: list[str]) -> None:
        # A national forum searches the reader's own country unless they choose another one.
        initial = {"country": countries[0]} if countries else {}
        super().__init__(initial=initial, auto_id="idea-filter-%s")
        self.category = category


# The parameters of the search page that a link back to its results keeps.
SEARCH_PARAMS = ("q", "category", "age", "language", "country", "subject", "closed", "page")


def search_back_query(raw: str) -> str:
    """The query string of the idea search a reader came from (`?from=` on an idea's address), reduced to
    the search's own parameters, one short value each; "" when there is nothing to go back to."""
    if not raw or len(raw) > 1000:
        return ""
    given = QueryDict(raw)
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        value = given.get(name, "")
        if value and len(value) <= 100 and "\x00" not in value:
            kept[name] = value
    return kept.urlencode()
