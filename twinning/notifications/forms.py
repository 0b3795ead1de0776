"""The email preferences form: one choice of delivery per kind of notification."""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.notifications.kinds import KINDS, Delivery


class PreferencesForm(forms.Form):
    """One required radio group per kind, named by the kind, in the registry's order."""

    def __init__(self, *args: object, current: Mapping[str, Delivery], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind, definition in KINDS.items():
            self.fields[kind] = forms.ChoiceField(
                label=definition.label,
                choices=Delivery.choices,
                initial=current.get(kind, definition.default),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how to hear about this."),
                    "invalid_choice": _("Choose one of the ways offered."),
                },
            )
