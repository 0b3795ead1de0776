"""The pipeline's edges: the head teacher's link emailed once per request, a stopped project closing
its waiting invitations, and head-teacher steps no head teacher can decide going to the National
Support Service of their country (and the central one) instead."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from tests.projects.factories import _head_teacher_of, make_pending_project
from twinning.core.errors import DomainError, PermissionRefused
from twinning.notifications.models import Notification
from twinning.projects import services
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.projects.permissions import can_decide_step
from twinning.projects.selectors import has_no_head_teacher, step_queue
from twinning.projects.services import steps_send_reminders
from twinning.schools.models import School

K = ApprovalStep.Kind
S = ApprovalStep.State


def _head_step(project: Project) -> ApprovalStep:
    return project.steps.select_related("school", "partner__teacher").get(kind=K.HEAD_TEACHER)


def _links_to(step: ApprovalStep) -> list:
    return [m for m in mail.outbox if m.to == [step.school.head_teacher_email]]


# --- the head teacher's link: once per request ------------------------------------------------


def test_a_retried_sending_does_not_email_the_link_twice(teacher_es, teacher_fr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    assert len(_links_to(step)) == 1
    step.refresh_from_db()
    assert step.link_sent_at is not None

    assert services.step_send_head_teacher_link(step_id=step.pk) is False  # the task retried
    assert len(_links_to(step)) == 1


def test_a_reminder_sends_the_link_again_once(teacher_es, teacher_fr, django_capture_on_commit_callbacks, settings):
    import datetime as dt

    from django.utils import timezone

    settings.PROJECTS_REMINDER_AFTER_DAYS = 7
    with django_capture_on_commit_callbacks(execute=True):
        project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    later = timezone.now() + dt.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert steps_send_reminders(now=later) >= 1
    assert len(_links_to(step)) == 2  # the reminder resends on purpose
    assert services.step_send_head_teacher_link(step_id=step.pk, reminder=True) is False  # its retry does not
    assert len(_links_to(step)) == 2


def test_a_failed_sending_can_be_retried(teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)  # on-commit callbacks not run: nothing sent yet
    step = _head_step(project)
    with (
        mock.patch("twinning.projects.emails.EmailMessage.send", side_effect=OSError("mail server down")),
        pytest.raises(OSError, match="mail server down"),
    ):
        services.step_send_head_teacher_link(step_id=step.pk)
    step.refresh_from_db()
    assert step.link_sent_at is None
    assert services.step_send_head_teacher_link(step_id=step.pk) is True
    assert len(_links_to(step)) == 1


# --- a stopped project closes its waiting invitations -----------------------------------------


def test_a_rejection_closes_the_cofounders_waiting_invitation(client, teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)
    invitation = Partner.objects.get(project=project, teacher=teacher_fr)
    notice = Notification.objects.get(recipient=teacher_fr, kind="project_cofounder_invitation")
    assert notice.read_at is None

    national = project.steps.get(kind=K.NATIONAL, country="ES")
    services.step_reject(actor=nss_officer_es, step=national, reason="The dates overlap the exam period.")

    project.refresh_from_db()
    invitation.refresh_from_db()
    notice.refresh_from_db()
    assert project.status == Project.Status.STOPPED
    assert invitation.state == Partner.State.WITHDRAWN
    assert invitation.ended_at is not None
    assert notice.read_at is not None
    assert project.log.filter(action="invitation_closed").exists()
    with pytest.raises(DomainError):
        services.invitation_accept(actor=teacher_fr, partner=invitation)
    client.force_login(teacher_fr)
    response = client.post(reverse("projects:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 404


def test_the_timeline_shows_waiting_steps_of_a_stopped_project_as_not_needed(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    head = _head_step(project)
    services.step_decide_by_head_teacher_link(
        token=services.head_teacher_link_token(head), approve=False, comment="Our school cannot take part."
    )
    still_waiting = project.steps.filter(state=S.WAITING).count()
    assert still_waiting >= 1  # the national step and the co-founder's acceptance were never decided
    client.force_login(teacher_es)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert html.count('data-state="not_needed"') == still_waiting
    assert html.count("Not needed any more") == still_waiting
    assert 'data-state="rejected"' in html
    assert "waiting for" not in html


def test_a_pending_projects_waiting_steps_are_not_marked_not_needed(client, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    client.force_login(teacher_es)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "not_needed" not in html
    assert html.count('data-state="waiting"') == project.steps.filter(state=S.WAITING).count()


# --- head-teacher steps no head teacher can decide --------------------------------------------


def _unverified(teacher) -> School:
    school = teacher.employments.get().school
    school.is_verified = False
    school.save(update_fields=["is_verified"])
    return school


def test_an_unverified_school_without_a_head_teacher_goes_to_the_national_service(
    client,
    teacher_es,
    teacher_fr,
    nss_officer_es,
    nss_officer_fr,
    regional_officer_an,
    css_officer,
    django_capture_on_commit_callbacks,
):
    _unverified(teacher_es)
    with django_capture_on_commit_callbacks(execute=True):
        project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    assert _links_to(step) == []  # no email to an unverified school
    assert has_no_head_teacher(step)
    # The national service is asked, with a link to its queue, which opens for it.
    asked = Notification.objects.filter(recipient=nss_officer_es, kind="project_approval_requested")
    assert [n.url for n in asked] == [reverse("support:projects")] * 2  # the national step and the head teacher's

    assert can_decide_step(nss_officer_es, step)
    assert can_decide_step(css_officer, step)
    assert not can_decide_step(nss_officer_fr, step)
    assert not can_decide_step(regional_officer_an, step)
    assert step in step_queue(officer=nss_officer_es)
    assert step in step_queue(officer=css_officer)
    assert step not in step_queue(officer=nss_officer_fr)
    assert step not in step_queue(officer=regional_officer_an)

    client.force_login(nss_officer_es)
    html = client.get(reverse("support:projects")).content.decode()
    assert "No head teacher can confirm: decide in their place" in html
    client.force_login(nss_officer_fr)
    assert client.post(reverse("support:step_approve", args=[step.pk])).status_code == 404
    client.force_login(nss_officer_es)
    client.post(reverse("support:step_approve", args=[step.pk]), {"comment": "Checked with the school by phone."})
    step.refresh_from_db()
    assert (step.state, step.decided_by, step.decided_via) == (S.APPROVED, nss_officer_es, "app")

    client.force_login(teacher_es)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "decides in their place" in html


def test_the_central_service_can_reject_such_a_step(css_officer, teacher_es, teacher_fr):
    _unverified(teacher_es)
    project = make_pending_project(teacher_es, teacher_fr)
    services.step_reject(actor=css_officer, step=_head_step(project), reason="This school does not exist.")
    project.refresh_from_db()
    assert project.status == Project.Status.STOPPED


def test_a_verified_school_keeps_the_step_for_its_head_teacher(client, teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)  # verified school: the link is emailed
    step = _head_step(project)
    assert not has_no_head_teacher(step)
    assert not can_decide_step(nss_officer_es, step)
    assert step not in step_queue(officer=nss_officer_es)
    with pytest.raises(PermissionRefused):
        services.step_approve(actor=nss_officer_es, step=step)
    client.force_login(nss_officer_es)
    assert client.post(reverse("support:step_approve", args=[step.pk])).status_code == 404
    assert "decide in their place" not in client.get(reverse("support:projects")).content.decode()


def test_an_unverified_school_headed_by_a_member_keeps_the_step_for_them(teacher_es, teacher_fr, nss_officer_es):
    school = _unverified(teacher_es)
    head = _head_teacher_of(school)
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    assert not has_no_head_teacher(step)
    assert not can_decide_step(nss_officer_es, step)
    assert can_decide_step(head, step)
    assert Notification.objects.filter(recipient=head, kind="project_approval_requested").exists()
    assert not Notification.objects.filter(
        recipient=nss_officer_es, kind="project_approval_requested", url=reverse("projects:step", args=[step.pk])
    ).exists()


def test_a_school_giving_the_founders_own_address_counts_as_no_head_teacher(teacher_es, teacher_fr, nss_officer_es):
    school = teacher_es.employments.get().school
    school.head_teacher_email = f"  {teacher_es.email.upper()} "
    school.save(update_fields=["head_teacher_email"])
    project = make_pending_project(teacher_es, teacher_fr)
    step = _head_step(project)
    assert has_no_head_teacher(step)
    assert can_decide_step(nss_officer_es, step)
