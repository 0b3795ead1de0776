"""The head teacher's one-click link: sent by email in the school's language, good once, refused when
tampered with, expired, about another step, or when the school's head-teacher address changed."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.core import mail, signing

from tests.projects.factories import make_pending_project
from tests.schools.factories import SchoolFactory
from twinning.core.errors import DomainError
from twinning.projects import services
from twinning.projects.models import ApprovalStep, Project
from twinning.projects.services.pipeline import HEAD_TEACHER_LINK_SALT

K = ApprovalStep.Kind


@pytest.fixture
def pending(teacher_es, teacher_fr):
    return make_pending_project(teacher_es, teacher_fr)


def _head_step(project: Project) -> ApprovalStep:
    return project.steps.select_related("school").get(kind=K.HEAD_TEACHER)


def test_the_email_goes_to_the_schools_head_teacher_in_its_language(
    teacher_es, teacher_fr, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    sent = [m for m in mail.outbox if m.to == [step.school.head_teacher_email]]
    assert len(sent) == 1
    token_link = "/projects/confirm/"
    assert token_link in sent[0].body
    assert project.title in sent[0].body


def test_a_good_link_approves_once(pending):
    step = _head_step(pending)
    token = services.head_teacher_link_token(step)
    assert services.step_for_head_teacher_token(token=token) == step
    services.step_decide_by_head_teacher_link(token=token, approve=True)
    step.refresh_from_db()
    assert (step.state, step.decided_via, step.decided_by) == ("approved", "email_link", None)
    with pytest.raises(DomainError) as exc:
        services.step_decide_by_head_teacher_link(token=token, approve=False, comment="No")
    assert exc.value.code == "used"


def test_a_refusal_by_link_needs_a_reason_and_stops_the_project(pending):
    token = services.head_teacher_link_token(_head_step(pending))
    with pytest.raises(DomainError):
        services.step_decide_by_head_teacher_link(token=token, approve=False)
    services.step_decide_by_head_teacher_link(token=token, approve=False, comment="Not this year")
    pending.refresh_from_db()
    assert pending.status == Project.Status.STOPPED
    assert "Not this year" in pending.stopped_reason


def test_a_tampered_link_is_refused(pending):
    token = services.head_teacher_link_token(_head_step(pending))
    with pytest.raises(DomainError) as exc:
        services.step_for_head_teacher_token(token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert exc.value.code == "invalid"


def test_an_expired_link_is_refused(pending, settings):
    step = _head_step(pending)
    token = services.head_teacher_link_token(step)
    settings.PROJECTS_HEAD_TEACHER_LINK_DAYS = 30
    later = dt.datetime.now().timestamp() + 31 * 86400
    with mock.patch.object(time, "time", return_value=later), pytest.raises(DomainError) as exc:
        services.step_for_head_teacher_token(token=token)
    assert exc.value.code == "expired"


def test_a_link_for_another_step_is_refused(pending):
    national = pending.steps.get(kind=K.NATIONAL)
    school = _head_step(pending).school
    forged = signing.dumps({"s": national.pk, "a": "x"}, salt=HEAD_TEACHER_LINK_SALT)
    with pytest.raises(DomainError):
        services.step_for_head_teacher_token(token=forged)
    assert school is not None


def test_a_changed_head_teacher_address_voids_the_link(pending):
    step = _head_step(pending)
    token = services.head_teacher_link_token(step)
    school = step.school
    school.head_teacher_email = "new.head@school.example.org"
    school.save()
    with pytest.raises(DomainError) as exc:
        services.step_for_head_teacher_token(token=token)
    assert exc.value.code == "invalid"


def test_no_email_for_an_unverified_school(teacher_fr, django_capture_on_commit_callbacks):
    from tests.accounts.factories import UserFactory
    from tests.schools.factories import EmploymentFactory

    founder = UserFactory(is_validated=True)
    EmploymentFactory(teacher=founder, school=SchoolFactory(country="IT", is_verified=False))
    with django_capture_on_commit_callbacks(execute=True):
        project = make_pending_project(founder, teacher_fr)
    step = _head_step(project)
    assert not [m for m in mail.outbox if m.to == [step.school.head_teacher_email]]
