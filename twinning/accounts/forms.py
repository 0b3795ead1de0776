from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User, time_zone_choices


class SignupNamesForm(forms.Form):
    """The names allauth's sign-up form asks for besides email and password."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)

    def signup(self, request: object, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language", "time_zone"]
        widgets = {"time_zone": forms.Select(choices=time_zone_choices)}
