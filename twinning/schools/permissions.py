"""Who may act on schools and school-history rows.

Each rule is a yes/no check and a queryset filter that agree: views fetch the
object through the filter (so an out-of-scope row is a 404) and services
check the yes/no answer before changing anything.
"""

from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.schools.models import Employment, School


def can_decide_employment(user: User, employment: Employment) -> bool:
    """A support officer decides the rows of schools inside their scope (country, region, or central)."""
    school = employment.school
    return support_scope(user).covers(country=school.country, region=school.region)


def employments_decidable_by(user: User) -> Q:
    return support_scope(user).filter("school__country", "school__region")


def can_verify_school(user: User, school: School) -> bool:
    """A support officer verifies the schools inside their scope."""
    return support_scope(user).covers(country=school.country, region=school.region)


def schools_verifiable_by(user: User) -> Q:
    return support_scope(user).filter("country", "region")


def can_change_employment(user: User, employment: Employment) -> bool:
    """Only the teacher changes their own school history (ends a row, asks for a new link)."""
    return user.is_authenticated and employment.teacher_id == user.pk


def employments_changeable_by(user: User) -> QuerySet[Employment]:
    if not user.is_authenticated:
        return Employment.objects.none()
    return Employment.objects.filter(teacher=user)
