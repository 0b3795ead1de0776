"""Forms of the support back office's project pages: step decisions and project kits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.projects.kits import KIT_FIELDS
from twinning.projects.models import Kit


class StepApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2_000,
        required=False,
        help_text=_("The founders see it in the project's approval steps."),
    )


class StepRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the founders"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say clearly why the project cannot be approved; the founders read it as you write it."),
    )


class KitForm(forms.ModelForm):
    """The content of a kit; the service checks it again and records who wrote it."""

    class Meta:
        model = Kit
        fields = list(KIT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "aims": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 8}),
            "expected_results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "activities": _("What the pupils do, step by step; founders get it as the project's work process."),
        }
