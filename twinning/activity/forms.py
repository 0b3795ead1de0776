"""Activity forms: they parse input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.activity.models import POST_MAX_LENGTH


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Post to your profile"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write something before posting.")},
        help_text=_("Your followers and contacts see it on their Home page. Up to 3,000 characters."),
    )
    # A plain file field: the image module, not the browser's claims, decides what the file is.
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image. It is resized, and its hidden data (such as location) removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
