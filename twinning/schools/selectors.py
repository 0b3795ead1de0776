"""Reading schools, school histories and the support queues."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from twinning.accounts.models import User
from twinning.core.vocabularies import COUNTRY_NAMES
from twinning.schools.models import Employment, School
from twinning.schools.permissions import employments_decidable_by, schools_verifiable_by

# A teacher may ask for a new head-teacher link at most this often.
HEAD_TEACHER_LINK_RESEND_AFTER = timedelta(days=1)


def current_employment_q(prefix: str = "") -> Q:
    """Rows still running today: no end date, or an end date not yet past."""
    today = timezone.localdate()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})


def school_search(*, q: str = "", country: str = "") -> QuerySet[School]:
    """Schools whose name contains `q` (any case), optionally in one country, by name.

    The country filter and the name ordering follow the (country, name) index,
    so a search inside a country reads only that country's rows in order.
    """
    schools = School.objects.all()
    # PostgreSQL refuses NUL characters in text parameters.
    q = q.replace("\x00", "").strip()
    country = country.replace("\x00", "").strip().upper()
    if country:
        schools = schools.filter(country=country)
    if q:
        schools = schools.filter(name__icontains=q)
    return schools.order_by("name", "pk")


def school_get(*, pk: int) -> School:
    """One school, public to everyone (unverified ones are shown as such)."""
    return School.objects.get(pk=pk)


def employment_history(*, user: User) -> QuerySet[Employment]:
    """A teacher's school history, newest first, with what each row page shows."""
    return Employment.objects.filter(teacher=user).select_related("school", "decided_by").order_by("-start_date", "-pk")


def current_employments(*, user: User) -> QuerySet[Employment]:
    return employment_history(user=user).filter(current_employment_q())


def is_head_teacher_of(user: User, school: School) -> bool:
    """A head teacher is derived from employment: a current, validated head-teacher row at the school."""
    if not user.is_authenticated:
        return False
    return (
        Employment.objects.filter(
            teacher=user,
            school=school,
            role=Employment.Role.HEAD_TEACHER,
            validation=Employment.Validation.VALIDATED,
        )
        .filter(current_employment_q())
        .exists()
    )


def validation_queue(*, officer: User) -> QuerySet[Employment]:
    """Current rows waiting for validation in the officer's scope, oldest first."""
    return (
        Employment.objects.filter(validation=Employment.Validation.PENDING)
        .filter(current_employment_q())
        .filter(employments_decidable_by(officer))
        .select_related("teacher", "school")
        .order_by("created_at", "pk")
    )


def unverified_schools(*, officer: User) -> QuerySet[School]:
    """Schools registered in the officer's scope and not verified yet, oldest first."""
    return (
        School.objects.filter(is_verified=False)
        .filter(schools_verifiable_by(officer))
        .select_related("registered_by")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class WaitingFor:
    """Who can validate a pending row: the support service, and maybe the head teacher by link."""

    country_name: str
    head_teacher_name: str
    head_teacher_email: str
    link_sent_at: datetime | None
    can_resend: bool


def employment_waiting_for(employment: Employment) -> WaitingFor | None:
    """Whom a pending row waits for; None once decided. Reads only the row and its school."""
    if employment.validation != Employment.Validation.PENDING:
        return None
    school = employment.school
    return WaitingFor(
        country_name=str(COUNTRY_NAMES.get(school.country, school.country)),
        head_teacher_name=school.head_teacher_name,
        head_teacher_email=school.head_teacher_email,
        link_sent_at=employment.head_teacher_link_sent_at,
        can_resend=bool(
            employment.head_teacher_link_sent_at
            and timezone.now() - employment.head_teacher_link_sent_at >= HEAD_TEACHER_LINK_RESEND_AFTER
        ),
    )
