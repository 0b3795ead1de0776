"""People who sign in to Twinning, and the support services some of them staff."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import ALL_REGIONS, COUNTRIES


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name or name == "UTC"]


def validate_time_zone(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: teachers, head teachers, support staff and pupils.

    The email address is the login of adults. `is_validated` is kept by the
    schools app's services: true while at least one current employment has
    been confirmed. Pupils (`is_pupil`) are made by a teacher inside a
    TwinSpace (see `twinspace.Pupil`): they log in with a login name at the
    pupils' login, and their `email` is a reserved `.invalid` address that
    no mail can reach, kept only because the column is unique and required.
    """

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    is_validated = models.BooleanField(
        _("validated"), default=False, help_text=_("Confirmed as working at one of their current schools.")
    )
    is_pupil = models.BooleanField(
        _("pupil"),
        default=False,
        help_text=_("A pupil account made by a teacher inside a TwinSpace: no email, no profile, no search."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        """The name others see; an account deleted by its owner keeps no name and shows "Former member"."""
        return f"{self.first_name} {self.last_name}".strip() or gettext("Former member")

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name


class SupportService(models.Model):
    """A central, national or regional support service and the officers who staff it.

    A national service covers one country; a regional one covers a region of
    that country; the central service covers every country. Staff are assigned
    in the admin site.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central Support Service")
        NATIONAL = "national", _("National Support Service")
        REGIONAL = "regional", _("Regional representative")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=ALL_REGIONS, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_services", blank=True, verbose_name=_("officers")
    )

    class Meta:
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        constraints = [
            models.CheckConstraint(
                name="support_scope_matches_kind",
                condition=(
                    Q(kind="central", country="", region="")
                    | Q(kind="national", region="") & ~Q(country="")
                    | Q(kind="regional") & ~Q(country="") & ~Q(region="")
                ),
            ),
            models.UniqueConstraint(fields=["kind", "country", "region"], name="one_service_per_scope"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from twinning.core.vocabularies import region_belongs_to

        if self.kind == self.Kind.CENTRAL and (self.country or self.region):
            raise ValidationError(_("The central service covers every country: leave country and region empty."))
        if self.kind == self.Kind.NATIONAL and (not self.country or self.region):
            raise ValidationError(_("A national service needs a country and no region."))
        if self.kind == self.Kind.REGIONAL:
            if not self.country or not self.region:
                raise ValidationError(_("A regional service needs a country and a region."))
            if not region_belongs_to(self.region, self.country):
                raise ValidationError({"region": _("This region is not in the chosen country.")})
