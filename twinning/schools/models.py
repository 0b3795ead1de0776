"""Schools and each teacher's school history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.fields import CodeListField
from twinning.core.models import TimeStampedModel
from twinning.core.vocabularies import AGE_BAND_NAMES, AGE_BANDS, ALL_REGIONS, COUNTRIES, SCHOOL_TYPES


class School(TimeStampedModel):
    """A school where teachers work.

    Registered by any teacher; unverified until the support service of its
    country verifies it. The head teacher's name and email are the ones given
    at registration: confirmation links for new teachers go to that address.
    """

    name = models.CharField(_("name"), max_length=255)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    region = models.CharField(_("region"), max_length=8, choices=ALL_REGIONS, blank=True)
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    school_type = models.CharField(_("type of school"), max_length=20, choices=SCHOOL_TYPES)
    age_bands = CodeListField(_("pupils' ages"), vocabulary=AGE_BANDS)
    website = models.URLField(_("website"), blank=True)
    head_teacher_name = models.CharField(_("head teacher's name"), max_length=200)
    head_teacher_email = models.EmailField(_("head teacher's email"))
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["country", "name"], name="school_country_name_idx"),
            models.Index(fields=["country", "is_verified", "created_at"], name="school_verification_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def age_band_labels(self) -> list[str]:
        """The pupils' ages taught, as their labels in the reader's language."""
        return [str(AGE_BAND_NAMES[code]) for code in self.age_bands if code in AGE_BAND_NAMES]


class Employment(TimeStampedModel):
    """One row of a teacher's school history: a school, a role, and dates.

    Rows are never overwritten: a move adds a row and ends the old one. Each
    row is validated on its own, by the school's national (or regional)
    support service or by the head teacher through a one-time signed link.
    """

    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        HEAD_TEACHER = "head_teacher", _("Head teacher")
        OTHER_STAFF = "other_staff", _("Other staff")

    class Validation(models.TextChoices):
        PENDING = "pending", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Not confirmed")

    class ValidatedVia(models.TextChoices):
        SUPPORT = "support", _("Support service")
        HEAD_TEACHER = "head_teacher", _("Head teacher")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments", verbose_name=_("teacher")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="employments", verbose_name=_("school"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    validation = models.CharField(
        _("validation"), max_length=10, choices=Validation.choices, default=Validation.PENDING
    )
    validated_via = models.CharField(_("validated by"), max_length=20, choices=ValidatedVia.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    head_teacher_link_sent_at = models.DateTimeField(_("head teacher's link sent at"), null=True, blank=True)
    decision_notified_at = models.DateTimeField(_("teacher told of the decision at"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("school history")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="employment_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["teacher", "school"],
                condition=Q(end_date__isnull=True),
                name="one_current_employment_per_school",
            ),
        ]
        indexes = [
            models.Index(fields=["validation", "created_at"], name="employment_queue_idx"),
            models.Index(fields=["school", "end_date"], name="employment_school_idx"),
            # The support queue counts and lists a country's pending rows without reading its validated ones.
            models.Index(fields=["school"], condition=Q(validation="pending"), name="employment_pending_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} @ {self.school}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()

    @property
    def is_head_teacher(self) -> bool:
        return self.role == self.Role.HEAD_TEACHER and self.is_current
