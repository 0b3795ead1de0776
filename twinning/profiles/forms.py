"""Profile forms: they parse input; the services decide and save."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.errors import DomainError
from twinning.core.vocabularies import AGE_BANDS, LANGUAGES, SUBJECTS
from twinning.profiles.models import Audience, Profile
from twinning.profiles.services import INTEREST_MAX_LENGTH, INTERESTS_MAX_COUNT, interests_normalise


def _checkboxes(choices: Any, label: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )


class ProfileForm(forms.Form):
    about = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Who you are, what you teach and what kind of project you would like to do. Up to 3,000 characters."
        ),
    )
    subjects = _checkboxes(SUBJECTS, _("Subjects I teach"))
    languages = _checkboxes(LANGUAGES, _("Languages I speak"))
    age_bands = _checkboxes(AGE_BANDS, _("My pupils' ages"))
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=2000,
    )
    available_for_projects = forms.BooleanField(label=_("I'm available for a project"), required=False)
    available_for_plus = forms.BooleanField(
        label=_("I'm available for an eTwinning Plus project"),
        required=False,
        help_text=_("Teachers from eTwinning Plus countries may then invite you into projects open to them."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted here, per request, so the text follows the active language.
        self.fields["interests"].help_text = _(
            "Keywords separated by commas, for example: robotics, climate, storytelling. "
            "At most %(count)s, each up to %(length)s characters."
        ) % {"count": INTERESTS_MAX_COUNT, "length": INTEREST_MAX_LENGTH}

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, Any]:
        return {
            "about": profile.about,
            "subjects": profile.subjects,
            "languages": profile.languages,
            "age_bands": profile.age_bands,
            "interests": ", ".join(profile.interests),
            "available_for_projects": profile.available_for_projects,
            "available_for_plus": profile.available_for_plus,
        }

    def clean_interests(self) -> list[str]:
        try:
            return interests_normalise(self.cleaned_data["interests"])
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class PrivacyForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who sees my profile"),
        choices=[c for c in Audience.choices if c[0] != Audience.NOBODY],
        widget=forms.RadioSelect(attrs={"class": "choices choices--single"}),
    )
    hide_from_search_engines = forms.BooleanField(
        label=_("Hide my profile from search engines"),
        required=False,
        help_text=_("Only matters when everyone may see your profile: search engines are then asked not to list it."),
    )
    email_visibility = forms.ChoiceField(
        label=_("Who sees my email address"),
        choices=Audience.choices[1:],
        widget=forms.RadioSelect(attrs={"class": "choices choices--single"}),
    )
    messages_from = forms.ChoiceField(
        label=_("Who may message me"),
        choices=Audience.choices[1:],
        widget=forms.RadioSelect(attrs={"class": "choices choices--single"}),
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, Any]:
        return {
            "visibility": profile.visibility,
            "hide_from_search_engines": profile.hide_from_search_engines,
            "email_visibility": profile.email_visibility,
            "messages_from": profile.messages_from,
        }


class PhotoForm(forms.Form):
    # A plain file field: the photo module, not the browser's claims, decides what the file is.
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP image. It is resized, and its hidden data (such as location) removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
