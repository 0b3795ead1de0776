from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.privacy.services import confirmation_word


class DeleteAccountForm(forms.Form):
    """The current password and the confirmation word; the service checks both."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(label=_("Confirmation"), max_length=40)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["confirmation"].label = gettext("Type %(word)s to confirm") % {"word": confirmation_word()}
        self.fields["confirmation"].widget.attrs["autocomplete"] = "off"
