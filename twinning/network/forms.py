from django import forms
from django.utils.translation import gettext_lazy as _


class InvitationForm(forms.Form):
    """The optional note that goes with a contact invitation."""

    note = forms.CharField(
        label=_("A note for them (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are and why you would like to be in contact, in 500 characters at most."),
    )
