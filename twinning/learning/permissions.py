"""Who learns and who runs courses.

Self-learning modules and the course catalogue are for signed-in adults
(teachers and support staff); pupils never see them. Courses (learning events
and online seminars) are organised by support staff; the organiser of a
course manages it (edits it, adds its activities, records attendance).
"""

from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.events.models import COURSE_KINDS, Event
from twinning.events.permissions import is_adult
from twinning.learning.models import Course


def can_learn(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)


def can_organise_courses(user: User) -> bool:
    """Support staff (an officer of any support service) organise learning events and online seminars."""
    return is_adult(user) and is_support_staff(user)


def can_manage_course(user: User, course: Course) -> bool:
    """The organiser of the course's event."""
    return is_adult(user) and course.event.organiser_id == user.pk


def visible_courses(viewer: User) -> QuerySet[Course]:
    """The courses `viewer` may see: every course of a public event (they all are, as `course_create` makes
    them) and the ones they organise; nothing for pupils and inactive accounts. Cancelled ones included."""
    if not can_learn(viewer):
        return Course.objects.none()
    return Course.objects.filter(event__kind__in=COURSE_KINDS).filter(
        Q(event__visibility=Event.Visibility.PUBLIC) | Q(event__organiser_id=viewer.pk)
    )


def can_view_course(viewer: User, course: Course) -> bool:
    """Agrees with `visible_courses`."""
    if not can_learn(viewer) or course.event.kind not in COURSE_KINDS:
        return False
    return course.event.visibility == Event.Visibility.PUBLIC or course.event.organiser_id == viewer.pk
