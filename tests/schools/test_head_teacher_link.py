"""The head teacher's signed one-click link: works once, expires, refuses tampering, never acts on GET."""

import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.schools import services
from twinning.schools.models import Employment


@pytest.fixture
def pending_row(db):
    school = SchoolFactory(country="ES", region="ES-AN", head_teacher_name="Ms Ana Torres")
    return EmploymentFactory(school=school, validation=Employment.Validation.PENDING, teacher__is_validated=False)


def link_path(row: Employment) -> str:
    return reverse("schools:head_teacher_confirm", args=[services.head_teacher_token(row)])


def test_get_shows_the_question_and_changes_nothing(client, pending_row):
    response = client.get(link_path(pending_row))
    assert response.status_code == 200
    html = response.content.decode()
    assert pending_row.teacher.full_name in html
    assert pending_row.school.name in html
    assert "Yes, this person works here" in html
    assert "No, not at this school" in html
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.PENDING


def test_yes_validates_the_teacher_and_the_link_then_stops_working(
    client, pending_row, django_capture_on_commit_callbacks
):
    path = link_path(pending_row)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"answer": "yes"})
    assert response.status_code == 200
    pending_row.refresh_from_db()
    pending_row.teacher.refresh_from_db()
    assert pending_row.validation == Employment.Validation.VALIDATED
    assert pending_row.validated_via == Employment.ValidatedVia.HEAD_TEACHER
    assert pending_row.decided_at is not None
    assert pending_row.decided_by is None
    assert pending_row.teacher.is_validated is True
    assert [m.to for m in mail.outbox] == [[pending_row.teacher.email]]

    again = client.post(path, {"answer": "no"})
    assert again.status_code == 410
    assert client.get(path).status_code == 410
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.VALIDATED


def test_no_marks_the_row_not_confirmed(client, pending_row):
    client.post(link_path(pending_row), {"answer": "no"})
    pending_row.refresh_from_db()
    pending_row.teacher.refresh_from_db()
    assert pending_row.validation == Employment.Validation.REJECTED
    assert pending_row.teacher.is_validated is False


def test_expired_link_is_refused_and_changes_nothing(client, pending_row):
    signed_at = time.time() - settings.HEAD_TEACHER_LINK_MAX_AGE - 60
    with mock.patch("time.time", return_value=signed_at):
        path = link_path(pending_row)
    response = client.post(path, {"answer": "yes"})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.PENDING


def test_link_still_works_just_before_it_expires(client, pending_row):
    signed_at = time.time() - settings.HEAD_TEACHER_LINK_MAX_AGE + 60
    with mock.patch("time.time", return_value=signed_at):
        path = link_path(pending_row)
    assert client.post(path, {"answer": "yes"}).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_tampered_link_is_refused(client, pending_row, tamper):
    token = tamper(services.head_teacher_token(pending_row))
    response = client.post(reverse("schools:head_teacher_confirm", args=[token]), {"answer": "yes"})
    assert response.status_code == 400
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.PENDING


def test_link_for_another_row_cannot_be_forged_with_another_salt(client, pending_row):
    from django.core import signing

    forged = signing.dumps({"e": pending_row.pk, "a": "0" * 16})
    response = client.post(reverse("schools:head_teacher_confirm", args=[forged]), {"answer": "yes"})
    assert response.status_code == 400


def test_a_changed_head_teacher_address_voids_old_links(client, pending_row):
    path = link_path(pending_row)
    pending_row.school.head_teacher_email = "new-head@school.example.org"
    pending_row.school.save()
    assert client.post(path, {"answer": "yes"}).status_code == 400


def test_link_is_refused_once_support_has_decided(client, pending_row, nss_officer_es):
    path = link_path(pending_row)
    services.employment_validate(actor=nss_officer_es, employment=pending_row)
    assert client.post(path, {"answer": "no"}).status_code == 410
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.VALIDATED


def test_unknown_answer_changes_nothing(client, pending_row):
    assert client.post(link_path(pending_row), {"answer": "maybe"}).status_code == 400
    pending_row.refresh_from_db()
    assert pending_row.validation == Employment.Validation.PENDING


def test_emailed_link_works_and_cannot_be_resent_at_once(db, django_capture_on_commit_callbacks, client):
    school = SchoolFactory(country="ES", region="ES-AN")
    row = EmploymentFactory(school=school, validation=Employment.Validation.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        services.employment_resend_head_teacher_link(actor=row.teacher, employment=row)
    message = mail.outbox[0]
    assert message.to == [school.head_teacher_email]
    path = re.search(r"https?://[^/\s]+(/schools/confirm/\S+/)", message.body).group(1)
    assert client.get(path).status_code == 200
    # A second request within a day is refused: the head teacher is not spammed.
    with pytest.raises(services.DomainError):
        services.employment_resend_head_teacher_link(actor=row.teacher, employment=row)


def test_email_language_follows_the_school_country(db):
    from twinning.schools.emails import school_language

    assert school_language(SchoolFactory(country="ES", region="ES-AN")) == "es"
    # No French interface yet: English.
    assert school_language(SchoolFactory(country="FR")) == "en"


@pytest.mark.parametrize(("country", "region", "language"), [("ES", "ES-MD", "es"), ("IT", "", "en")])
def test_head_teacher_email_is_rendered_in_the_school_language(db, country, region, language):
    from django.utils import translation

    from twinning.schools import emails

    seen = []

    def fake_render(template_name, context):
        seen.append(translation.get_language())
        return "rendered"

    row = EmploymentFactory(school=SchoolFactory(country=country, region=region), validation="pending")
    with mock.patch.object(emails, "render_to_string", side_effect=fake_render):
        assert services.employment_send_head_teacher_link(employment_id=row.pk) is True
    assert seen == [language, language]
    assert len(mail.outbox) == 1
