"""Forms for writing messages: they parse input; the services decide who may write to whom."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from twinning.accounts.models import User
from twinning.messaging.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH


def _body_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
        error_messages={"required": _("Write your message before sending it.")},
    )


class NewConversationForm(forms.Form):
    """Recipients (ticked among the people offered), an optional subject and the first message."""

    recipients = forms.TypedMultipleChoiceField(
        label=_("To"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one person to write to."),
            "invalid_choice": _("You cannot write to one of the people chosen. Reload the page and try again."),
        },
    )
    subject = forms.CharField(label=_("Subject (optional)"), max_length=SUBJECT_MAX_LENGTH, required=False)
    body = _body_field(_("Message"))

    def __init__(self, *args: object, people: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["recipients"].choices = [(person.pk, person.full_name or person.email) for person in people]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))
