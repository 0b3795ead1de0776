from django import forms
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.core.vocabularies import LANGUAGES, SUBJECTS
from twinning.groups.models import Group, Membership
from twinning.network.selectors import contact_ids


class _ContactChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.full_name


class GroupRequestForm(forms.Form):
    """What a teacher says about the group they ask for (the central service creates with the same form)."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who the group is for and what members will find there."),
    )
    aims = forms.CharField(label=_("Aims"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 4}))
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *SUBJECTS])
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *LANGUAGES])
    kind = forms.ChoiceField(label=_("Who may join"), choices=Group.Kind.choices, widget=forms.RadioSelect)
    proposed_moderators = _ContactChoice(
        label=_("Proposed moderators (among your contacts)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["proposed_moderators"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=contact_ids(user), is_active=True, is_pupil=False
        ).order_by("last_name", "first_name")


class GroupRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the group is not approved"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The teacher who asked for the group will read this."),
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", _("Any topic")), *SUBJECTS], required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("Any language")), *LANGUAGES], required=False)
    kind = forms.ChoiceField(label=_("Open or closed"), choices=[("", _("Both")), *Group.Kind.choices], required=False)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What to do"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
