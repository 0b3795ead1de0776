"""The teacher profile: what others see of a teacher, and who may see it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.fields import CodeListField
from twinning.core.models import TimeStampedModel
from twinning.core.vocabularies import AGE_BANDS, LANGUAGES, SUBJECTS


class Audience(models.TextChoices):
    """Who may see a piece of a profile, from widest to narrowest."""

    EVERYONE = "everyone", _("Everyone on the internet")
    MEMBERS = "members", _("Signed-in members")
    CONTACTS = "contacts", _("My contacts only")
    NOBODY = "nobody", _("Nobody")


def photo_path(instance: "Profile", filename: str) -> str:
    return f"profiles/{instance.user_id}/photo-{filename}"


class Profile(TimeStampedModel):
    """A teacher's public face: about text, teaching, interests, availability and privacy.

    Created with the account. Photos are re-encoded on upload (EXIF dropped)
    and a square thumbnail is kept beside them.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path, blank=True)
    about = models.TextField(_("about me"), max_length=3000, blank=True)
    subjects = CodeListField(_("subjects I teach"), vocabulary=SUBJECTS)
    languages = CodeListField(_("languages I speak"), vocabulary=LANGUAGES)
    age_bands = CodeListField(_("my pupils' ages"), vocabulary=AGE_BANDS)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    available_for_projects = models.BooleanField(_("I'm available for a project"), default=True)
    available_for_plus = models.BooleanField(_("I'm available for an eTwinning Plus project"), default=False)

    visibility = models.CharField(
        _("who sees my profile"),
        max_length=10,
        choices=[c for c in Audience.choices if c[0] != Audience.NOBODY],
        default=Audience.MEMBERS,
    )
    hide_from_search_engines = models.BooleanField(_("hide my profile from search engines"), default=True)
    email_visibility = models.CharField(
        _("who sees my email address"), max_length=10, choices=Audience.choices[1:], default=Audience.CONTACTS
    )
    messages_from = models.CharField(
        _("who may message me"), max_length=10, choices=Audience.choices[1:], default=Audience.MEMBERS
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(fields=["visibility", "hide_from_search_engines"], name="profile_public_idx")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_complete(self) -> bool:
        return bool(self.photo and self.about and self.subjects and self.languages and self.age_bands)
