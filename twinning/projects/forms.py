"""Project forms: they parse what a teacher typed; the services decide and save."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import AGE_BANDS, LANGUAGES, SUBJECTS
from twinning.projects.models import Project
from twinning.projects.services.founding import PROJECT_FIELDS


def _checkboxes(choices: Any, label: Any, help_text: Any = "", *, required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        required=required,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )


def _text(label: Any, max_length: int, help_text: Any = "", rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ProjectForm(forms.Form):
    """What a project is about: the found page and the edit page share it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences; other teachers see them in the project search."),
    )
    description = _text(_("Description"), 10_000, _("What the pupils will do together, and why."), rows=8)
    aims = _text(_("Aims"), 5_000, _("What the pupils should learn or be able to do at the end."))
    work_process = _text(_("Work process"), 5_000, _("The steps, who does what and how the partners work together."))
    expected_results = _text(_("Expected results"), 5_000, _("What the project will produce or show."))
    subjects = _checkboxes(SUBJECTS, _("Subjects"))
    age_bands = _checkboxes(AGE_BANDS, _("Pupils' ages"))
    languages = _checkboxes(LANGUAGES, _("Languages of the project"))
    planned_start = forms.DateField(label=_("Planned start"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_end = forms.DateField(label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"}))
    open_to_plus = forms.BooleanField(
        label=_("Open to eTwinning Plus partners"),
        required=False,
        help_text=_("Teachers from eTwinning Plus countries can be invited only when this is ticked."),
    )
    is_public = forms.BooleanField(
        label=_("Show this project to everyone"),
        required=False,
        help_text=_(
            "Once the project is approved, its title, summary, image, countries and partner schools can be "
            "seen and found by anyone. The rest stays with the partners."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The end cannot come before the start."))
        return cleaned

    def project_fields(self) -> dict[str, Any]:
        """The cleaned values as keyword arguments of the project services."""
        return {name: self.cleaned_data[name] for name in PROJECT_FIELDS}

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        return {name: getattr(project, name) for name in PROJECT_FIELDS}


class FoundProjectForm(ProjectForm):
    """The found page adds the image and remembers the kit it started from."""

    # A plain file field: the image module, not the browser's claims, decides what the file is.
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("Optional. A JPEG, PNG or WebP picture that shows what the project is about."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    kit = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MainImageForm(forms.Form):
    """The project's main picture, shown in lists and on its page."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("A JPEG, PNG or WebP picture. It is resized, and its hidden data (such as location) removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class ImageForm(MainImageForm):
    """One more picture for the project's gallery."""

    caption = forms.CharField(label=_("Caption (optional)"), max_length=200, required=False)


class InviteForm(forms.Form):
    """Whom to invite into the project, with an optional note."""

    teacher = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("A note for them (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(forms.Form):
    """An optional reason, when declining an invitation."""

    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The founders see it."),
    )


class StepDecisionForm(forms.Form):
    """A head teacher's decision; a rejection needs its reason, which the founders see."""

    decision = forms.ChoiceField(
        choices=[("approve", _("Confirm")), ("reject", _("Reject"))], widget=forms.HiddenInput, required=True
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional when you confirm; needed when you reject. The founders see it."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why you reject the project: the founders need to know."))
        return cleaned

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class KitFilterForm(forms.Form):
    """Filters of the kit list."""

    subject = forms.ChoiceField(label=_("Subject"), required=False, choices=[("", _("Any subject")), *SUBJECTS])
    age = forms.ChoiceField(label=_("Pupils' ages"), required=False, choices=[("", _("Any age")), *AGE_BANDS])


class ProjectSearchForm(forms.Form):
    """The small search box of the Projects tab; the search page does the rest."""

    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
