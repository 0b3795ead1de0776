"""Reads that gather pieces of several apps for one page."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User
from twinning.profiles.models import Profile
from twinning.progress.selectors import progress_summary
from twinning.schools.models import Employment


@dataclass(frozen=True)
class ChecklistItem:
    """One step of getting started: done or not, and where to go to do it."""

    key: str
    label: Promise
    done: bool
    url_name: str = ""
    url_label: Promise | None = None
    note: str = ""


@dataclass(frozen=True)
class ValidationStatus:
    """Where the user stands with validation, and whom the open requests wait for."""

    validated: bool
    has_school: bool
    pending: list[Employment] = field(default_factory=list)
    rejected: list[Employment] = field(default_factory=list)

    @property
    def waiting(self) -> bool:
        return bool(self.pending)


def current_employments(*, user: User) -> list[Employment]:
    """The user's current school rows with their schools, in one query."""
    today = timezone.localdate()
    return list(
        Employment.objects.filter(teacher=user)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("school")
        .order_by("-start_date", "-pk")
    )


def home_dashboard(*, user: User) -> dict[str, object]:
    """The signed-in home page: validation status, the getting-started checklist and progress.

    A fixed number of queries (employments, profile, email, progress), whatever
    the length of the user's school history.
    """
    employments = current_employments(user=user)
    profile = Profile.objects.filter(user=user).first()
    email_verified = EmailAddress.objects.filter(user=user, verified=True).exists()

    validated_rows = [e for e in employments if e.validation == Employment.Validation.VALIDATED]
    status = ValidationStatus(
        validated=user.is_validated or bool(validated_rows),
        has_school=bool(employments),
        pending=[e for e in employments if e.validation == Employment.Validation.PENDING],
        rejected=[e for e in employments if e.validation == Employment.Validation.REJECTED],
    )

    has_photo = bool(profile and profile.photo)
    has_about = bool(profile and profile.about.strip())
    has_teaching = bool(profile and profile.subjects and profile.languages)
    checklist = [
        ChecklistItem("email", _("Confirm your email address"), email_verified, "account_email", _("Email settings")),
        ChecklistItem("school", _("Add your school"), status.has_school, "schools:add", _("Add a school")),
        ChecklistItem("validation", _("Get validated at your school"), status.validated),
        ChecklistItem("photo", _("Add a profile photo"), has_photo, "profiles:photo", _("Add a photo")),
        ChecklistItem("about", _("Write a few lines about yourself"), has_about, "profiles:edit", _("Edit profile")),
        ChecklistItem(
            "teaching",
            _("Say which subjects you teach and which languages you speak"),
            has_teaching,
            "profiles:edit",
            _("Edit profile"),
        ),
    ]
    return {
        "validation": status,
        "employments": employments,
        "checklist": checklist,
        "checklist_done": sum(item.done for item in checklist),
        "checklist_total": len(checklist),
        "progress": progress_summary(user=user),
        "profile": profile,
    }
