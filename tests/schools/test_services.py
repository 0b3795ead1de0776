"""School history, validation and school registration services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory, SchoolFactory, school_form_data
from twinning.core.errors import DomainError, PermissionRefused
from twinning.progress.models import ProgressAction
from twinning.schools import services
from twinning.schools.models import Employment, School
from twinning.schools.selectors import employment_history, is_head_teacher_of, school_search

TODAY = timezone.localdate


def register_kwargs(**overrides: object) -> dict[str, object]:
    data = school_form_data(**overrides)
    data["start_date"] = datetime.date.fromisoformat(str(data["start_date"]))
    return data


# --- adding and ending rows -------------------------------------------------


def test_add_creates_pending_row_records_progress_and_emails_head_teacher(db, django_capture_on_commit_callbacks):
    teacher = UserFactory()
    school = SchoolFactory(country="ES", region="ES-AN")
    with django_capture_on_commit_callbacks(execute=True):
        employment = services.employment_add(
            actor=teacher, school=school, role=Employment.Role.TEACHER, start_date=TODAY()
        )
    assert employment.validation == Employment.Validation.PENDING
    assert ProgressAction.objects.filter(user=teacher, kind="school_added", key=str(school.pk)).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [school.head_teacher_email]
    employment.refresh_from_db()
    assert employment.head_teacher_link_sent_at is not None
    teacher.refresh_from_db()
    assert teacher.is_validated is False


def test_history_is_never_overwritten_and_several_schools_can_be_current(teacher_es):
    first = teacher_es.employments.get()
    second_school = SchoolFactory(country="ES", region="ES-MD")
    services.employment_add(
        actor=teacher_es, school=second_school, role=Employment.Role.OTHER_STAFF, start_date=TODAY()
    )
    rows = list(employment_history(user=teacher_es))
    assert len(rows) == 2
    first.refresh_from_db()
    assert first.validation == Employment.Validation.VALIDATED
    assert first.end_date is None
    assert all(row.is_current for row in rows)


def test_adding_the_same_current_school_twice_is_refused(teacher_es):
    school = teacher_es.employments.get().school
    with pytest.raises(DomainError) as excinfo:
        services.employment_add(actor=teacher_es, school=school, role=Employment.Role.TEACHER, start_date=TODAY())
    assert excinfo.value.code == "duplicate"
    assert teacher_es.employments.count() == 1


def test_a_school_left_earlier_can_be_added_again_as_a_new_row(teacher_es):
    row = teacher_es.employments.get()
    row.start_date = TODAY() - datetime.timedelta(days=400)
    row.save()
    services.employment_end(actor=teacher_es, employment=row, end_date=TODAY() - datetime.timedelta(days=100))
    services.employment_add(actor=teacher_es, school=row.school, role=Employment.Role.TEACHER, start_date=TODAY())
    assert teacher_es.employments.count() == 2


def test_start_date_in_the_future_is_refused(db):
    teacher = UserFactory()
    with pytest.raises(DomainError):
        services.employment_add(
            actor=teacher, school=SchoolFactory(), role="teacher", start_date=TODAY() + datetime.timedelta(days=3)
        )
    assert not Employment.objects.filter(teacher=teacher).exists()


def test_ending_the_only_validated_row_unvalidates_the_teacher(teacher_es):
    row = teacher_es.employments.get()
    row.start_date = TODAY() - datetime.timedelta(days=30)
    row.save()
    assert teacher_es.is_validated
    services.employment_end(actor=teacher_es, employment=row, end_date=TODAY() - datetime.timedelta(days=1))
    teacher_es.refresh_from_db()
    assert teacher_es.is_validated is False
    row.refresh_from_db()
    assert row.end_date == TODAY() - datetime.timedelta(days=1)
    assert row.validation == Employment.Validation.VALIDATED


@pytest.mark.parametrize(
    ("days_after_start", "error_field"),
    [(-1, "end_date"), (400, "end_date")],
    ids=["before-start", "in-the-future"],
)
def test_end_date_out_of_range_is_refused(teacher_es, days_after_start, error_field):
    row = teacher_es.employments.get()
    row.start_date = TODAY() - datetime.timedelta(days=10)
    row.save()
    with pytest.raises(DomainError) as excinfo:
        services.employment_end(
            actor=teacher_es, employment=row, end_date=row.start_date + datetime.timedelta(days=days_after_start)
        )
    assert excinfo.value.field == error_field
    row.refresh_from_db()
    assert row.end_date is None


def test_only_the_teacher_ends_their_row(teacher_es, teacher_fr):
    row = teacher_es.employments.get()
    with pytest.raises(PermissionRefused):
        services.employment_end(actor=teacher_fr, employment=row, end_date=TODAY())
    row.refresh_from_db()
    assert row.end_date is None


def test_changing_school_asks_validation_at_the_new_school(
    teacher_es, nss_officer_fr, django_capture_on_commit_callbacks
):
    old = teacher_es.employments.get()
    old.start_date = TODAY() - datetime.timedelta(days=365)
    old.save()
    new_school = SchoolFactory(country="FR")
    with django_capture_on_commit_callbacks(execute=True):
        new = services.employment_add(actor=teacher_es, school=new_school, role="teacher", start_date=TODAY())
        services.employment_end(actor=teacher_es, employment=old, end_date=TODAY() - datetime.timedelta(days=1))
    teacher_es.refresh_from_db()
    assert new.validation == Employment.Validation.PENDING
    assert teacher_es.is_validated is False
    assert [m.to for m in mail.outbox] == [[new_school.head_teacher_email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_validate(actor=nss_officer_fr, employment=new)
    teacher_es.refresh_from_db()
    assert teacher_es.is_validated is True


# --- support decisions --------------------------------------------------------


def test_validate_records_who_and_when_and_tells_the_teacher(
    pending_teacher_es, nss_officer_es, django_capture_on_commit_callbacks
):
    row = pending_teacher_es.employments.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_validate(actor=nss_officer_es, employment=row)
    row.refresh_from_db()
    pending_teacher_es.refresh_from_db()
    assert row.validation == Employment.Validation.VALIDATED
    assert row.validated_via == Employment.ValidatedVia.SUPPORT
    assert row.decided_by == nss_officer_es
    assert row.decided_at is not None
    assert pending_teacher_es.is_validated is True
    assert [m.to for m in mail.outbox] == [[pending_teacher_es.email]]
    # Telling the teacher is safe to repeat: the second run sends nothing.
    assert services.employment_notify_decision(employment_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_decision_email_is_in_the_teachers_language(
    pending_teacher_es, nss_officer_es, django_capture_on_commit_callbacks
):
    pending_teacher_es.preferred_language = "es"
    pending_teacher_es.save()
    row = pending_teacher_es.employments.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_reject(actor=nss_officer_es, employment=row, note="No consta en el centro.")
    body = mail.outbox[0].body
    assert "No consta en el centro." in body
    assert pending_teacher_es.employments.get().validation == Employment.Validation.REJECTED


def test_reject_needs_a_note_and_changes_nothing_without_it(pending_teacher_es, nss_officer_es):
    row = pending_teacher_es.employments.get()
    with pytest.raises(DomainError):
        services.employment_reject(actor=nss_officer_es, employment=row, note="   ")
    row.refresh_from_db()
    assert row.validation == Employment.Validation.PENDING


def test_a_decided_row_cannot_be_decided_again(pending_teacher_es, nss_officer_es):
    row = pending_teacher_es.employments.get()
    services.employment_validate(actor=nss_officer_es, employment=row)
    with pytest.raises(DomainError):
        services.employment_reject(actor=nss_officer_es, employment=row, note="Changed my mind")
    row.refresh_from_db()
    assert row.validation == Employment.Validation.VALIDATED


def test_an_officer_cannot_decide_outside_their_scope(pending_teacher_es, nss_officer_fr, teacher_es):
    row = pending_teacher_es.employments.get()
    for actor in (nss_officer_fr, teacher_es):
        with pytest.raises(PermissionRefused):
            services.employment_validate(actor=actor, employment=row)
    row.refresh_from_db()
    assert row.validation == Employment.Validation.PENDING


def test_is_validated_true_iff_a_current_row_is_validated(db):
    teacher = UserFactory(is_validated=True)
    past = EmploymentFactory(
        teacher=teacher,
        start_date=TODAY() - datetime.timedelta(days=900),
        end_date=TODAY() - datetime.timedelta(days=400),
    )
    assert services.teacher_validation_refresh(user=teacher) is False
    EmploymentFactory(teacher=teacher, validation=Employment.Validation.PENDING)
    assert services.teacher_validation_refresh(user=teacher) is False
    EmploymentFactory(teacher=teacher, validation=Employment.Validation.REJECTED)
    assert services.teacher_validation_refresh(user=teacher) is False
    teacher.refresh_from_db()
    assert teacher.is_validated is False
    EmploymentFactory(teacher=teacher, start_date=past.start_date, end_date=TODAY())  # leaves today: still current
    assert services.teacher_validation_refresh(user=teacher) is True
    teacher.refresh_from_db()
    assert teacher.is_validated is True


def test_head_teacher_is_derived_from_a_current_validated_head_teacher_row(head_teacher_es, teacher_es):
    school = head_teacher_es.employments.get().school
    assert is_head_teacher_of(head_teacher_es, school) is True
    assert is_head_teacher_of(teacher_es, school) is False
    assert is_head_teacher_of(teacher_es, teacher_es.employments.get().school) is False
    pending = UserFactory()
    EmploymentFactory(teacher=pending, school=school, role="head_teacher", validation="pending")
    assert is_head_teacher_of(pending, school) is False


# --- registering and verifying schools ---------------------------------------


def test_register_school_adds_an_unverified_school_and_the_employment(db, django_capture_on_commit_callbacks):
    teacher = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        school = services.school_register(actor=teacher, **register_kwargs())
    assert school.is_verified is False
    assert school.registered_by == teacher
    row = teacher.employments.get()
    assert row.school == school
    assert row.validation == Employment.Validation.PENDING
    # The head teacher's address of an unverified school is the teacher's word only: no link yet.
    assert mail.outbox == []


def test_verifying_a_school_sends_the_waiting_teachers_links(db, nss_officer_es, django_capture_on_commit_callbacks):
    teacher = UserFactory()
    school = services.school_register(actor=teacher, **register_kwargs())
    with django_capture_on_commit_callbacks(execute=True):
        services.school_verify(actor=nss_officer_es, school=school)
    school.refresh_from_db()
    assert school.is_verified
    assert school.verified_by == nss_officer_es
    assert school.verified_at is not None
    assert [m.to for m in mail.outbox] == [[school.head_teacher_email]]


def test_no_link_goes_to_the_teachers_own_address(db, django_capture_on_commit_callbacks):
    teacher = UserFactory(email="head@school.example.org")
    school = SchoolFactory(head_teacher_email="head@school.example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_add(actor=teacher, school=school, role="head_teacher", start_date=TODAY())
    assert mail.outbox == []


def test_school_verify_outside_scope_is_refused(db, nss_officer_fr):
    school = SchoolFactory(country="ES", region="ES-AN", is_verified=False)
    with pytest.raises(PermissionRefused):
        services.school_verify(actor=nss_officer_fr, school=school)
    school.refresh_from_db()
    assert school.is_verified is False


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"city": ""}, "city"),
        ({"school_type": ""}, "school_type"),
        ({"head_teacher_name": ""}, "head_teacher_name"),
        ({"region": ""}, "region"),
        ({"region": "BE-VLG"}, "region"),
        ({"country": "FR", "region": "ES-AN"}, "region"),
        ({"website": "not a website"}, "website"),
        ({"head_teacher_email": "not-an-email"}, "head_teacher_email"),
        ({"age_bands": []}, "age_bands"),
        ({"age_bands": ["99-100"]}, "age_bands"),
        ({"country": "XX"}, "country"),
    ],
    ids=lambda v: str(v),
)
def test_invalid_school_is_refused_and_nothing_is_stored(db, overrides, field):
    teacher = UserFactory()
    with pytest.raises((DomainError, ValidationError)) as excinfo:
        services.school_register(actor=teacher, **register_kwargs(**overrides))
    exc = excinfo.value
    fields = set(exc.error_dict) if isinstance(exc, ValidationError) else {exc.field}
    assert field in fields
    assert not School.objects.exists()
    assert not Employment.objects.exists()


def test_duplicate_school_in_the_same_city_is_refused(db):
    SchoolFactory(name="IES Averroes", city="Córdoba", country="ES", region="ES-AN")
    with pytest.raises(DomainError):
        services.school_register(actor=UserFactory(), **register_kwargs(name="ies averroes", city="CóRDOBA"))
    assert School.objects.count() == 1


def test_school_search_is_case_insensitive_and_filters_by_country(db):
    SchoolFactory(name="Liceo Galileo Galilei", country="IT")
    SchoolFactory(name="Lycée Galilée", country="FR")
    SchoolFactory(name="Escuela Galileo", country="ES", region="ES-AN")
    assert [s.name for s in school_search(q="galil")] == ["Escuela Galileo", "Liceo Galileo Galilei", "Lycée Galilée"]
    assert [s.name for s in school_search(q="GALILEO", country="it")] == ["Liceo Galileo Galilei"]
    assert list(school_search(q="galileo\x00", country="FR")) == []
