"""The upload form: it parses input; `check_upload` and the services decide what is accepted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.documents.services import DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH


class UploadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Leave it empty to use the file's name."),
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX_LENGTH}),
    )
    # Empty files reach `check_upload`, which refuses them with the same words as every other refusal.
    file = forms.FileField(
        label=_("File"), allow_empty_file=True, error_messages={"required": _("Choose a file to share.")}
    )
