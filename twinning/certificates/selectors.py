"""What a teacher may have a certificate for, read in a fixed number of queries.

Three kinds of subject give a certificate:

- an event attended: a registration that is still `registered` and marked
  `attended` by the organiser, at an event that has started and was not
  cancelled (any kind but a learning event, so online seminars count);
- a learning event completed: a `CourseCompletion` of a course whose event is
  a learning event and was not cancelled;
- a closed project taken part in: the project is `closed` and the teacher's
  partner row is still `active` (closing a project keeps its partners' rows
  active; a partner who left or was removed before the end has none).

The dates a certificate shows: an event's and a course's first and last day in
the event's own time zone; a project's from its approval to its end, in the
holder's time zone.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from twinning.accounts.models import User
from twinning.certificates.models import Certificate
from twinning.events.models import Event, Registration
from twinning.events.selectors import user_zone
from twinning.learning.models import CourseCompletion
from twinning.projects.models import Partner, Project

Kind = Certificate.Kind


@dataclass
class Eligible:
    """A subject the user may download a certificate for, with the certificate once issued."""

    kind: str
    subject_id: int
    title: str
    starts_on: dt.date
    ends_on: dt.date
    certificate: Certificate | None = None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def download_url(self) -> str:
        return reverse("certificates:download", kwargs={"kind": self.kind, "subject_id": self.subject_id})


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # a zone the server's database no longer knows
        return ZoneInfo("UTC")


def _event_eligible(kind: str, event: Event) -> Eligible:
    zone = _zone(event.time_zone)
    return Eligible(
        kind=kind,
        subject_id=event.pk,
        title=event.title,
        starts_on=event.starts_at.astimezone(zone).date(),
        ends_on=event.ends_at.astimezone(zone).date(),
    )


def _project_eligible(project: Project, zone: ZoneInfo) -> Eligible:
    opened = project.opened_at or project.created_at
    closed = project.closed_at or project.updated_at
    return Eligible(
        kind=Kind.PROJECT_PARTICIPATION,
        subject_id=project.pk,
        title=project.title,
        starts_on=opened.astimezone(zone).date(),
        ends_on=closed.astimezone(zone).date(),
    )


def _attended(user: User, now: dt.datetime):  # type: ignore[no-untyped-def]
    return (
        Registration.objects.filter(user_id=user.pk, state=Registration.State.REGISTERED, attended=True)
        .exclude(event__kind=Event.Kind.LEARNING_EVENT)
        .exclude(event__status=Event.Status.CANCELLED)
        .filter(event__starts_at__lte=now)
    )


def _completed(user: User):  # type: ignore[no-untyped-def]
    return CourseCompletion.objects.filter(user_id=user.pk, course__event__kind=Event.Kind.LEARNING_EVENT).exclude(
        course__event__status=Event.Status.CANCELLED
    )


def _partnered(user: User):  # type: ignore[no-untyped-def]
    return Partner.objects.filter(teacher_id=user.pk, state=Partner.State.ACTIVE, project__status=Project.Status.CLOSED)


def _may_hold(user: User) -> bool:
    """Certificates are for signed-in adults; pupils have none."""
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)


def eligible_subject(*, user: User, kind: str, subject_id: int, now: dt.datetime | None = None) -> Eligible | None:
    """The subject of `kind` and `subject_id` when `user` may have its certificate now, else None (one query)."""
    if not _may_hold(user):
        return None
    now = now or timezone.now()
    if kind == Kind.EVENT_ATTENDANCE:
        registration = _attended(user, now).filter(event_id=subject_id).select_related("event").first()
        return _event_eligible(kind, registration.event) if registration else None
    if kind == Kind.COURSE_COMPLETION:
        completion = _completed(user).filter(course_id=subject_id).select_related("course__event").first()
        return _event_eligible(kind, completion.course.event) if completion else None
    if kind == Kind.PROJECT_PARTICIPATION:
        partner = _partnered(user).filter(project_id=subject_id).select_related("project").first()
        return _project_eligible(partner.project, user_zone(user)) if partner else None
    return None


def eligible_certificates(*, user: User, now: dt.datetime | None = None) -> list[Eligible]:
    """Everything `user` may download a certificate for, most recent first, each with its certificate when
    already issued. Four queries, whatever the number of events, courses and projects."""
    if not _may_hold(user):
        return []
    now = now or timezone.now()
    rows = [
        _event_eligible(Kind.EVENT_ATTENDANCE, registration.event)
        for registration in _attended(user, now).select_related("event")
    ]
    rows += [
        _event_eligible(Kind.COURSE_COMPLETION, completion.course.event)
        for completion in _completed(user).select_related("course__event")
    ]
    zone = user_zone(user)
    rows += [_project_eligible(partner.project, zone) for partner in _partnered(user).select_related("project")]
    issued = {
        (certificate.kind, certificate.subject_id): certificate
        for certificate in Certificate.objects.filter(holder_id=user.pk)
    }
    for row in rows:
        row.certificate = issued.get((row.kind, row.subject_id))
    rows.sort(key=lambda row: (row.ends_on, row.starts_on, row.kind, row.subject_id), reverse=True)
    return rows


def issued_on(certificate: Certificate) -> dt.date:
    """The day a certificate was issued, in the site's time zone: the PDF and the verification page agree,
    whoever looks."""
    return timezone.localtime(certificate.issued_at, timezone.get_default_timezone()).date()
