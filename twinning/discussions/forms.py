"""Forms of the forum pages: they parse input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.discussions.services import BODY_MAX_LENGTH, REASON_MAX_LENGTH, TITLE_MAX_LENGTH


def _body_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX_LENGTH}),
        error_messages={"required": _("Write your message before posting it.")},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the thread a title.")},
    )
    body = _body_field(_("Message"))  # type: ignore[arg-type]


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))  # type: ignore[arg-type]
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = _body_field(_("Message"))  # type: ignore[arg-type]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX_LENGTH}),
        error_messages={"required": _("Say what is wrong with this message.")},
    )
