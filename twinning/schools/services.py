"""Changes to schools and school histories, and the validation of teachers.

A teacher is validated while at least one current row of their school history
has been confirmed, by the support service covering the school or by the
school's head teacher through a signed one-click link. `user.is_validated` is
recomputed by `teacher_validation_refresh` after every change, nowhere else.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.vocabularies import REGIONS, region_belongs_to
from twinning.progress.services import progress_record
from twinning.schools.models import Employment, School
from twinning.schools.permissions import can_change_employment, can_decide_employment, can_verify_school
from twinning.schools.selectors import HEAD_TEACHER_LINK_RESEND_AFTER, current_employment_q

HEAD_TEACHER_LINK_SALT = "twinning.schools.head-teacher-confirmation"


class LinkError(DomainError):
    """A head teacher's link that cannot be used: `code` is "invalid", "expired" or "used"."""


# --- is_validated -------------------------------------------------------------


def teacher_validation_refresh(*, user: User) -> bool:
    """The one place `is_validated` is computed: true iff a current row (no end date,
    or an end date not yet past) is validated. Saves only when the value changes."""
    validated = (
        Employment.objects.filter(teacher=user, validation=Employment.Validation.VALIDATED)
        .filter(current_employment_q())
        .exists()
    )
    if user.is_validated != validated:
        user.is_validated = validated
        # A save (not QuerySet.update) so that derived data listening to saves, the search
        # index, sees the change; update_fields keeps the write to this one column.
        user.save(update_fields=["is_validated"])
    return validated


# --- schools ------------------------------------------------------------------


def _check_region(*, country: str, region: str) -> None:
    if country in REGIONS:
        if not region:
            raise DomainError(_("Choose the region of the school."), field="region")
        if not region_belongs_to(region, country):
            raise DomainError(_("This region is not in the chosen country."), field="region")
    elif region:
        raise DomainError(_("Leave the region empty: this country is not divided into regions here."), field="region")


@transaction.atomic
def school_register(
    *,
    actor: User,
    name: str,
    country: str,
    region: str = "",
    city: str,
    address: str = "",
    postcode: str = "",
    school_type: str,
    age_bands: list[str],
    website: str = "",
    head_teacher_name: str,
    head_teacher_email: str,
    role: str = Employment.Role.TEACHER,
    start_date: date | None = None,
) -> School:
    """Registers a school that is not in Twinning yet and adds it to the actor's history.

    The school stays unverified until a support officer of its country (or
    region, or the central service) verifies it. The region is required, and
    must belong to the country, where the country is organised by regions.
    A school with the same name in the same city and country is refused:
    the teacher should pick it from the search instead.
    """
    school = School(
        name=name.strip(),
        country=country,
        region=region,
        city=city.strip(),
        address=address.strip(),
        postcode=postcode.strip(),
        school_type=school_type,
        age_bands=list(age_bands),
        website=website.strip(),
        head_teacher_name=head_teacher_name.strip(),
        head_teacher_email=head_teacher_email.strip().lower(),
        is_verified=False,
        registered_by=actor,
    )
    school.full_clean()
    _check_region(country=school.country, region=school.region)
    if not school.age_bands:
        raise DomainError(_("Tick at least one age range of the pupils."), field="age_bands")
    duplicate = School.objects.filter(
        country=school.country, name__iexact=school.name, city__iexact=school.city
    ).exists()
    if duplicate:
        raise DomainError(
            _("This school is already registered in this city: find it with the search and choose it."), field="name"
        )
    school.save()
    employment_add(actor=actor, school=school, role=role, start_date=start_date or timezone.localdate())
    return school


@transaction.atomic
def school_verify(*, actor: User, school: School) -> School:
    """A support officer covering the school's country or region (or the central
    service) confirms that the school exists. Teachers already waiting there
    are then sent the head teacher's link, whose address is now trusted."""
    if not can_verify_school(actor, school):
        raise PermissionRefused()
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.is_verified:
        raise DomainError(_("This school is already verified."), code="already_verified")
    school.is_verified = True
    school.verified_at = timezone.now()
    school.verified_by = actor
    school.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    waiting = (
        Employment.objects.filter(
            school=school, validation=Employment.Validation.PENDING, head_teacher_link_sent_at__isnull=True
        )
        .filter(current_employment_q())
        .select_related("teacher", "school")
    )
    for employment in waiting:
        _enqueue_head_teacher_link(employment)
    return school


# --- school history -----------------------------------------------------------


def head_teacher_link_allowed(employment: Employment) -> bool:
    """The link goes only to an address the support service has seen (a verified
    school), and never to the teacher's own address: nobody confirms themselves."""
    school = employment.school
    return school.is_verified and school.head_teacher_email.strip().lower() != employment.teacher.email.lower()


def _enqueue_head_teacher_link(employment: Employment) -> None:
    if not head_teacher_link_allowed(employment):
        return
    from twinning.schools.tasks import send_head_teacher_link

    employment_id = employment.pk
    transaction.on_commit(lambda: send_head_teacher_link.enqueue(employment_id))


def _enqueue_decision(employment: Employment) -> None:
    from twinning.schools.tasks import send_employment_decision

    employment_id = employment.pk
    transaction.on_commit(lambda: send_employment_decision.enqueue(employment_id))


@transaction.atomic
def employment_add(*, actor: User, school: School, role: str, start_date: date) -> Employment:
    """Adds a row to the actor's school history, waiting for validation.

    Earlier rows are never changed, and several schools may be current at
    once; the same school cannot be current twice. The start date may not be
    in the future. The school's head teacher is emailed a one-click link.
    """
    if start_date > timezone.localdate():
        raise DomainError(_("The start date cannot be in the future."), field="start_date")
    already = Employment.objects.filter(teacher=actor, school=school).filter(current_employment_q()).exists()
    if already:
        raise DomainError(
            _("This school is already current in your history. End that row first to add it again."),
            code="duplicate",
        )
    employment = Employment(
        teacher=actor, school=school, role=role, start_date=start_date, validation=Employment.Validation.PENDING
    )
    employment.full_clean()
    try:
        with transaction.atomic():
            employment.save()
    except IntegrityError as exc:
        raise DomainError(_("This school is already a current school in your history."), code="duplicate") from exc
    progress_record(user=actor, kind="school_added", key=str(school.pk))
    _enqueue_head_teacher_link(employment)
    return employment


@transaction.atomic
def employment_end(*, actor: User, employment: Employment, end_date: date) -> Employment:
    """The teacher says they left a school: the row gets an end date (from its start
    date up to today) and stays in the history. Validation is recomputed."""
    if not can_change_employment(actor, employment):
        raise PermissionRefused()
    employment = Employment.objects.select_for_update().select_related("school").get(pk=employment.pk)
    if employment.end_date is not None:
        raise DomainError(_("This row already has an end date."), code="already_ended")
    if end_date < employment.start_date:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    if end_date > timezone.localdate():
        raise DomainError(_("The end date cannot be in the future."), field="end_date")
    employment.end_date = end_date
    employment.full_clean()
    employment.save(update_fields=["end_date", "updated_at"])
    teacher_validation_refresh(user=actor)
    return employment


@transaction.atomic
def employment_resend_head_teacher_link(*, actor: User, employment: Employment) -> Employment:
    """A waiting teacher may ask for a new link (at most once a day), when a link can go at all."""
    if not can_change_employment(actor, employment):
        raise PermissionRefused()
    employment = Employment.objects.select_for_update().select_related("school", "teacher").get(pk=employment.pk)
    if employment.validation != Employment.Validation.PENDING or not employment.is_current:
        raise DomainError(_("This row is not waiting for validation."), code="not_pending")
    if not head_teacher_link_allowed(employment):
        raise DomainError(_("A link cannot be sent for this school: its support service will validate you."))
    sent = employment.head_teacher_link_sent_at
    if sent and timezone.now() - sent < HEAD_TEACHER_LINK_RESEND_AFTER:
        raise DomainError(_("The link was sent less than a day ago. Please wait before asking again."))
    employment.head_teacher_link_sent_at = None
    employment.save(update_fields=["head_teacher_link_sent_at", "updated_at"])
    _enqueue_head_teacher_link(employment)
    return employment


# --- decisions ----------------------------------------------------------------


def _decide(employment: Employment, *, validated: bool, via: str, actor: User | None, note: str = "") -> None:
    employment.validation = Employment.Validation.VALIDATED if validated else Employment.Validation.REJECTED
    employment.validated_via = via
    employment.decided_by = actor
    employment.decided_at = timezone.now()
    employment.decision_note = note
    employment.full_clean()
    employment.save(
        update_fields=["validation", "validated_via", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    teacher_validation_refresh(user=employment.teacher)
    _enqueue_decision(employment)


def _lock_pending(employment: Employment) -> Employment:
    employment = Employment.objects.select_for_update().select_related("school", "teacher").get(pk=employment.pk)
    if employment.validation != Employment.Validation.PENDING:
        raise DomainError(_("This row has already been decided."), code="already_decided")
    return employment


@transaction.atomic
def employment_validate(*, actor: User, employment: Employment) -> Employment:
    """A support officer whose scope covers the school confirms that the teacher works there."""
    if not can_decide_employment(actor, employment):
        raise PermissionRefused()
    employment = _lock_pending(employment)
    _decide(employment, validated=True, via=Employment.ValidatedVia.SUPPORT, actor=actor)
    return employment


@transaction.atomic
def employment_reject(*, actor: User, employment: Employment, note: str) -> Employment:
    """A support officer whose scope covers the school says the teacher could not be
    confirmed there; the note tells the teacher why, so it is required."""
    if not can_decide_employment(actor, employment):
        raise PermissionRefused()
    note = note.strip()
    if not note:
        raise DomainError(_("Write a short note for the teacher."), field="note")
    employment = _lock_pending(employment)
    _decide(employment, validated=False, via=Employment.ValidatedVia.SUPPORT, actor=actor, note=note)
    return employment


def _address_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def head_teacher_token(employment: Employment) -> str:
    """The signed link payload: the row and the address it went to (a changed address voids old links)."""
    payload = {"e": employment.pk, "a": _address_digest(employment.school.head_teacher_email)}
    return signing.dumps(payload, salt=HEAD_TEACHER_LINK_SALT)


def head_teacher_link_employment(*, token: str) -> Employment:
    """The pending row a head teacher's link is about; raises LinkError when it cannot be used."""
    try:
        payload = signing.loads(token, salt=HEAD_TEACHER_LINK_SALT, max_age=settings.HEAD_TEACHER_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError(_("This link has expired."), code="expired") from exc
    except signing.BadSignature as exc:
        raise LinkError(_("This link is not valid."), code="invalid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), int):
        raise LinkError(_("This link is not valid."), code="invalid")
    employment = Employment.objects.select_related("school", "teacher").filter(pk=payload["e"]).first()
    if employment is None or payload.get("a") != _address_digest(employment.school.head_teacher_email):
        raise LinkError(_("This link is not valid."), code="invalid")
    if employment.validation != Employment.Validation.PENDING or not employment.is_current:
        raise LinkError(_("This link has already been used, or the request was settled another way."), code="used")
    return employment


@transaction.atomic
def employment_confirm_by_head_teacher(*, token: str, confirm: bool) -> Employment:
    """The head teacher answers through the emailed link: yes or no. No account is needed;
    the signature, the 14-day limit and the row still waiting make the link work once."""
    employment = head_teacher_link_employment(token=token)
    employment = Employment.objects.select_for_update().select_related("school", "teacher").get(pk=employment.pk)
    if employment.validation != Employment.Validation.PENDING:
        raise LinkError(_("This link has already been used, or the request was settled another way."), code="used")
    _decide(employment, validated=confirm, via=Employment.ValidatedVia.HEAD_TEACHER, actor=None)
    return employment


# --- emails (called by tasks) -------------------------------------------------


def employment_send_head_teacher_link(*, employment_id: int) -> bool:
    """Sends the head teacher's link once: the row is claimed before sending, released if sending fails."""
    from twinning.schools import emails

    employment = Employment.objects.select_related("school", "teacher").filter(pk=employment_id).first()
    if employment is None or not head_teacher_link_allowed(employment):
        return False
    now = timezone.now()
    claimed = Employment.objects.filter(
        pk=employment_id, validation=Employment.Validation.PENDING, head_teacher_link_sent_at__isnull=True
    ).update(head_teacher_link_sent_at=now)
    if not claimed:
        return False
    try:
        emails.send_head_teacher_link(employment=employment, token=head_teacher_token(employment))
    except Exception:
        Employment.objects.filter(pk=employment_id, head_teacher_link_sent_at=now).update(
            head_teacher_link_sent_at=None
        )
        raise
    return True


def employment_notify_decision(*, employment_id: int) -> bool:
    """Tells the teacher the decision on a row, once."""
    from twinning.schools import emails

    employment = Employment.objects.select_related("school", "teacher").filter(pk=employment_id).first()
    if employment is None or employment.validation == Employment.Validation.PENDING:
        return False
    now = timezone.now()
    claimed = Employment.objects.filter(pk=employment_id, decision_notified_at__isnull=True).update(
        decision_notified_at=now
    )
    if not claimed:
        return False
    try:
        emails.send_decision(employment=employment)
    except Exception:
        Employment.objects.filter(pk=employment_id, decision_notified_at=now).update(decision_notified_at=None)
        raise
    return True


def validation_error_messages(exc: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as field -> messages, for the API."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
