"""Issuing certificates: refused until the condition of each kind holds, allowed once it does, one row per
holder and subject, and the codes that verify."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.certificates.factories import (
    applied_learning_event,
    attended_event,
    closed_project,
    completed_course,
    do_activity,
    move_to_past,
    open_project,
    project_teacher,
    registered_at_started_event,
)
from tests.events.factories import make_event, make_teacher
from tests.learning.factories import make_course
from twinning.certificates import services
from twinning.certificates.models import CODE_ALPHABET, Certificate
from twinning.certificates.selectors import eligible_certificates, eligible_subject
from twinning.core.errors import PermissionRefused
from twinning.events.models import Event, Registration
from twinning.events.services import attendance_mark, event_cancel, register
from twinning.projects import services as projects

pytestmark = pytest.mark.django_db

Kind = Certificate.Kind
EVENT, COURSE, PROJECT = Kind.EVENT_ATTENDANCE, Kind.COURSE_COMPLETION, Kind.PROJECT_PARTICIPATION


def _refused(user, kind, subject_id):
    with pytest.raises(PermissionRefused):
        services.certificate_issue(user=user, kind=kind, subject_id=subject_id)
    assert not Certificate.objects.filter(holder=user).exists()


# --- events attended -------------------------------------------------------------------------


def test_an_event_certificate_waits_for_the_attendance():
    teacher = make_teacher(first_name="Lucía", last_name="García")
    event, _registration = registered_at_started_event(teacher, title="Eco-schools workshop")
    _refused(teacher, EVENT, event.pk)

    attendance_mark(actor=event.organiser, event=event, user=teacher, attended=True)
    certificate = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)

    assert certificate.holder == teacher
    assert certificate.holder_name == "Lucía García"
    assert certificate.title == "Eco-schools workshop"


def test_attendance_taken_back_refuses_again():
    teacher = make_teacher()
    event = attended_event(teacher)
    attendance_mark(actor=event.organiser, event=event, user=teacher, attended=False)
    _refused(teacher, EVENT, event.pk)


def test_a_teacher_on_the_waiting_list_has_no_certificate():
    first, waiting = make_teacher(), make_teacher()
    event = make_event(capacity=1)
    register(actor=first, event=event)
    registration = register(actor=waiting, event=event)
    assert registration.state == Registration.State.WAITING
    move_to_past(event)
    # Even a stray "attended" mark on a waiting row gives nothing: only a place at the event counts.
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    _refused(waiting, EVENT, event.pk)


def test_a_cancelled_event_gives_no_certificate():
    teacher = make_teacher()
    event = attended_event(teacher)
    event_cancel(actor=event.organiser, event=event, reason="The speaker fell ill.")
    _refused(teacher, EVENT, event.pk)


def test_the_cancellation_itself_refuses_even_with_the_attendance_kept():
    teacher = make_teacher()
    event = attended_event(teacher)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    _refused(teacher, EVENT, event.pk)


def test_an_attended_online_seminar_gives_an_attendance_certificate():
    teacher = make_teacher()
    seminar = make_course(kind=Event.Kind.ONLINE_SEMINAR, title="Safe internet in class")
    register(actor=teacher, event=seminar.event)
    move_to_past(seminar.event)
    attendance_mark(actor=seminar.event.organiser, event=seminar.event, user=teacher, attended=True)

    certificate = services.certificate_issue(user=teacher, kind=EVENT, subject_id=seminar.pk)

    assert certificate.title == "Safe internet in class"


def test_attending_a_learning_event_is_not_completing_it():
    teacher = make_teacher()
    course = applied_learning_event(teacher)
    attendance_mark(actor=course.event.organiser, event=course.event, user=teacher, attended=True)
    _refused(teacher, EVENT, course.pk)
    _refused(teacher, COURSE, course.pk)


def test_event_dates_are_the_days_in_the_events_time_zone():
    teacher = make_teacher()
    event = make_event(time_zone="Pacific/Auckland")
    register(actor=teacher, event=event)
    # 22:30 to 23:30 UTC on 2 March is 11:30 to 12:30 on 3 March in Auckland.
    starts_at = dt.datetime(2026, 3, 2, 22, 30, tzinfo=dt.UTC)
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        registration_opens_at=starts_at - dt.timedelta(days=5),
        registration_closes_at=starts_at,
    )
    event.refresh_from_db()
    attendance_mark(actor=event.organiser, event=event, user=teacher, attended=True)

    certificate = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)

    assert certificate.starts_on == certificate.ends_on == dt.date(2026, 3, 3)


# --- learning events completed ------------------------------------------------------------------


def test_a_course_certificate_waits_for_the_completion():
    teacher = make_teacher()
    course = applied_learning_event(teacher, title="Project-based learning")
    _refused(teacher, COURSE, course.pk)
    do_activity(teacher, course, 1)
    _refused(teacher, COURSE, course.pk)

    do_activity(teacher, course, 2)
    certificate = services.certificate_issue(user=teacher, kind=COURSE, subject_id=course.pk)

    assert certificate.title == "Project-based learning"
    zone = zoneinfo.ZoneInfo(course.event.time_zone)
    assert certificate.starts_on == course.event.starts_at.astimezone(zone).date()
    assert certificate.ends_on == course.event.ends_at.astimezone(zone).date()
    assert certificate.ends_on - certificate.starts_on == dt.timedelta(weeks=3)


def test_another_participants_completion_is_not_mine():
    done, other = make_teacher(), make_teacher()
    course = completed_course(done)
    _refused(other, COURSE, course.pk)


def test_an_event_id_is_not_a_course_certificate():
    teacher = make_teacher()
    event = attended_event(teacher)
    _refused(teacher, COURSE, event.pk)


# --- projects ------------------------------------------------------------------------------------


def test_a_project_certificate_waits_for_the_end_of_the_project():
    founder, cofounder, partner = project_teacher("ES"), project_teacher("FR"), project_teacher("IT")
    project = open_project(founder, cofounder, partners=(partner,), title="Water in our towns")
    for teacher in (founder, cofounder, partner):
        _refused(teacher, PROJECT, project.pk)

    projects.project_close(actor=founder, project=project)

    for teacher in (founder, cofounder, partner):
        certificate = services.certificate_issue(user=teacher, kind=PROJECT, subject_id=project.pk)
        assert certificate.title == "Water in our towns"
    project.refresh_from_db()
    zone = zoneinfo.ZoneInfo(founder.time_zone)
    assert certificate.starts_on == project.opened_at.astimezone(zone).date()
    assert certificate.ends_on == project.closed_at.astimezone(zone).date()


def test_a_partner_who_left_before_the_end_has_no_certificate():
    founder, cofounder, leaver = project_teacher("ES"), project_teacher("FR"), project_teacher("IT")
    project = open_project(founder, cofounder, partners=(leaver,))
    projects.partner_leave(actor=leaver, project=project)
    projects.project_close(actor=founder, project=project)
    _refused(leaver, PROJECT, project.pk)


def test_a_teacher_outside_the_project_has_no_certificate():
    founder, cofounder = project_teacher("ES"), project_teacher("FR")
    project = closed_project(founder, cofounder)
    _refused(project_teacher("DE"), PROJECT, project.pk)


# --- whoever asks ------------------------------------------------------------------------------------


def test_pupils_and_unknown_kinds_are_refused():
    teacher = make_teacher()
    event = attended_event(teacher)
    _refused(teacher, "participation", event.pk)
    _refused(teacher, EVENT, event.pk + 1000)
    pupil = UserFactory(is_pupil=True)
    Registration.objects.filter(user=teacher).update(user=pupil)
    _refused(pupil, EVENT, event.pk)
    assert eligible_certificates(user=pupil) == []
    assert eligible_subject(user=pupil, kind=EVENT, subject_id=event.pk) is None


def test_the_same_certificate_on_every_download():
    teacher = make_teacher()
    event = attended_event(teacher)
    first = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)
    teacher.first_name = "Renamed"
    teacher.save()
    Event.objects.filter(pk=event.pk).update(title="A new title")

    again = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)

    assert again.pk == first.pk
    assert again.code == first.code
    assert again.issued_at == first.issued_at
    # What was printed stays what the certificate says.
    assert again.title != "A new title"
    assert not again.holder_name.startswith("Renamed")
    assert Certificate.objects.count() == 1


def test_one_certificate_per_kind_and_subject():
    teacher = make_teacher()
    seminar = make_course(kind=Event.Kind.ONLINE_SEMINAR)
    register(actor=teacher, event=seminar.event)
    move_to_past(seminar.event)
    attendance_mark(actor=seminar.event.organiser, event=seminar.event, user=teacher, attended=True)
    event = attended_event(teacher)
    a = services.certificate_issue(user=teacher, kind=EVENT, subject_id=seminar.pk)
    b = services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)
    assert a.code != b.code
    assert Certificate.objects.filter(holder=teacher).count() == 2


def test_the_language_is_the_holders_preferred_one():
    spanish = make_teacher(preferred_language="es")
    english = make_teacher(preferred_language="en")
    event = make_event()
    for teacher in (spanish, english):
        register(actor=teacher, event=event)
    move_to_past(event)
    for teacher in (spanish, english):
        attendance_mark(actor=event.organiser, event=event, user=teacher, attended=True)

    assert services.certificate_issue(user=spanish, kind=EVENT, subject_id=event.pk).language == "es"
    assert services.certificate_issue(user=english, kind=EVENT, subject_id=event.pk).language == "en"


# --- the list of what I may download -------------------------------------------------------------------


def test_eligible_certificates_lists_each_kind_with_the_issued_one():
    teacher = project_teacher("ES")
    event = attended_event(teacher, title="Workshop")
    course = completed_course(teacher, title="Course")
    project = closed_project(teacher, project_teacher("FR"), title="Project")
    attended_event(make_teacher())  # someone else's
    issued = services.certificate_issue(user=teacher, kind=COURSE, subject_id=course.pk)

    rows = {(row.kind, row.subject_id): row for row in eligible_certificates(user=teacher)}

    assert set(rows) == {(EVENT, event.pk), (COURSE, course.pk), (PROJECT, project.pk)}
    assert rows[(COURSE, course.pk)].certificate == issued
    assert rows[(EVENT, event.pk)].certificate is None
    assert rows[(PROJECT, project.pk)].title == "Project"
    assert rows[(EVENT, event.pk)].download_url == f"/certificates/event_attendance/{event.pk}.pdf"


def test_an_event_not_started_is_not_listed():
    teacher = make_teacher()
    event = attended_event(teacher)
    later = timezone.now() + dt.timedelta(days=30)
    Event.objects.filter(pk=event.pk).update(starts_at=later, ends_at=later + dt.timedelta(hours=1))
    assert eligible_certificates(user=teacher) == []


# --- verification codes ------------------------------------------------------------------------------------


@pytest.fixture
def issued():
    teacher = make_teacher()
    event = attended_event(teacher)
    return services.certificate_issue(user=teacher, kind=EVENT, subject_id=event.pk)


def test_the_genuine_code_verifies_however_it_is_typed(issued):
    code = issued.code
    for typed in (code, code.lower(), code.replace("-", ""), " " + code.replace("-", " ") + " ", code[:9] + code[10:]):
        assert services.verify(typed) == issued, typed


def test_forged_codes_do_not_verify(issued):
    changed = issued.code[:-1] + next(c for c in CODE_ALPHABET if c != issued.code[-1])
    forged = [
        changed,
        "K7QD-XM2P-9RTA-HC4W" if issued.code != "K7QD-XM2P-9RTA-HC4W" else "HC4W-9RTA-XM2P-K7QD",
        issued.code + "A",
        issued.code[:-1],
        issued.code.replace(issued.code[0], "0"),
        "' OR 1=1 --",
        "",
        issued.code * 10,
    ]
    for code in forged:
        assert services.verify(code) is None, code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "garbage",
        "K7QD-XM2P-9RTA-HC4",
        "K7QD-XM2P-9RTA-HC4WX",
        "K7QD-XM2P-9RTA-HC41",
        "K7QD_XM2P_9RTA_HC4W",
        "Ω" * 16,
    ],
)
def test_a_malformed_code_is_refused_without_a_query(typed, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.verify(typed) is None


def test_codes_are_normalised_to_the_printed_form():
    assert services.normalise_code(" k7qd xm2p 9rta hc4w ") == "K7QD-XM2P-9RTA-HC4W"
    assert services.normalise_code("k7qdxm2p9rtahc4w") == "K7QD-XM2P-9RTA-HC4W"
    assert services.normalise_code("K7QD-XM2P-9RTA-HC4O") is None  # no letter O in codes
