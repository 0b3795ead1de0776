"""Forms of the TwinSpace pages: they parse input; the services decide who may do what."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from twinning.twinspace.models import PUPIL_ROLES, TEACHER_ROLES, Role
from twinning.twinspace.pupils import MAX_PUPILS_AT_ONCE


def _nicknames_help() -> str:
    # Rendered when shown, in the teacher's language, with the number filled in.
    return _("At most %(max)d at once. Use nicknames, not the pupils' full names.") % {"max": MAX_PUPILS_AT_ONCE}


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Your post"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5_000}),
        error_messages={"required": _("Write something first.")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2_000}),
        error_messages={"required": _("Write something first.")},
    )


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "You can use paragraphs, headings, lists, bold, italics, links, quotes, tables and images "
            "from this TwinSpace's materials. Anything else is removed when the page is saved."
        ),
    )
    publish = forms.BooleanField(
        label=_("Published (members can read it; otherwise a draft for teachers)"), required=False
    )
    public = forms.BooleanField(label=_("Public (anyone can read it, even without an account)"), required=False)
    parental_consent = forms.BooleanField(label=_("Parental consent on file"), required=False)

    def __init__(self, *args: object, can_publish: bool, can_make_public: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["parental_consent"].help_text = _(
            "Needed to publish a page that shows images: tick it once the parents of every pupil shown have agreed."
        )
        if not can_publish:
            del self.fields["publish"]
        if not can_make_public:
            del self.fields["public"]


def _role_choices(roles: tuple[Role, ...]) -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in roles]


class TeacherRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices(TEACHER_ROLES))


class PupilRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices(PUPIL_ROLES))


class VisitorForm(forms.Form):
    """A teacher to add as a visitor: an email address, or one of the administrator's contacts."""

    email = forms.EmailField(label=_("Email address of a teacher on Twinning"), required=False)
    contact = forms.TypedChoiceField(label=_("Or one of your contacts"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, contacts: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contact"].choices = [("", "—")] + [(c.pk, c.full_name or c.email) for c in contacts]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("email") and not data.get("contact"):
            raise forms.ValidationError(_("Give an email address or choose a contact."))
        return data


class PupilsForm(forms.Form):
    nicknames = forms.CharField(
        label=_("Nicknames, one per line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=lazy(_nicknames_help, str)(),
        error_messages={"required": _("Write one nickname per line.")},
    )


class PupilLoginForm(forms.Form):
    login = forms.CharField(
        label=_("Login name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
