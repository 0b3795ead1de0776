"""Founding, editing, partners after approval (invite, accept, decline, remove, leave), ending a project."""

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import UserFactory
from tests.profiles.factories import image_bytes, upload
from tests.projects.factories import make_open_project, make_pending_project, make_project, project_data
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.core.errors import DomainError, PermissionRefused
from twinning.network.services import contact_create
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction
from twinning.projects import services
from twinning.projects.models import LogEntry, Partner, Project
from twinning.schools.models import Employment
from twinning.twinspace.models import Membership, Role


def _teacher(country: str):
    user = UserFactory(is_validated=True)
    EmploymentFactory(teacher=user, school=SchoolFactory(country=country), validation=Employment.Validation.VALIDATED)
    return user


def test_found_a_draft(teacher_es):
    project = services.project_found(actor=teacher_es, image=upload(image_bytes()), **project_data())
    assert project.status == Project.Status.DRAFT
    assert project.countries == ["ES"]
    assert project.image
    assert project.thumbnail
    founder = project.partners.get()
    assert (founder.role, founder.state, founder.country, founder.region) == ("founder", "active", "ES", "ES-AN")
    assert LogEntry.objects.filter(project=project, action="founded").exists()
    assert ProgressAction.objects.filter(user=teacher_es, kind="project_founded").count() == 1


def test_found_refuses_bad_input_and_stores_nothing(teacher_es):
    with pytest.raises(DomainError):
        services.project_found(actor=teacher_es, image=upload(b"<html>not an image</html>"), **project_data())
    with pytest.raises(ValidationError):
        services.project_found(actor=teacher_es, **project_data(subjects=["unknown"]))
    assert not Project.objects.exists()


def test_found_needs_a_school_and_no_pupil(db):
    with pytest.raises(DomainError):
        services.project_found(actor=UserFactory(), **project_data())
    with pytest.raises(PermissionRefused):
        services.project_found(actor=UserFactory(is_pupil=True), **project_data())


def test_update_by_founders_only_and_keeps_the_twinspace_title(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    with pytest.raises(PermissionRefused):
        services.project_update(actor=_teacher("IT"), project=project, title="Taken over")
    services.project_update(actor=teacher_fr, project=project, title="Rivers of Europe")
    project.refresh_from_db()
    project.twinspace.refresh_from_db()
    assert project.twinspace.title == "Rivers of Europe"


def test_closed_project_is_read_only_and_notifies(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    with pytest.raises(PermissionRefused):
        services.project_close(actor=_teacher("IT"), project=project)
    services.project_close(actor=teacher_es, project=project)
    project.refresh_from_db()
    assert project.status == Project.Status.CLOSED
    assert project.closed_at
    assert project.twinspace.is_closed
    assert Notification.objects.filter(recipient=teacher_fr, kind="project_closed").count() == 1
    with pytest.raises(DomainError):
        services.project_update(actor=teacher_es, project=project, title="Again")
    with pytest.raises(DomainError):
        services.project_close(actor=teacher_es, project=project)


def test_delete_draft_only(teacher_es, teacher_fr):
    draft = make_project(founder=teacher_es)
    with pytest.raises(PermissionRefused):
        services.project_delete_draft(actor=teacher_fr, project=draft)
    services.project_delete_draft(actor=teacher_es, project=draft)
    assert not Project.objects.filter(pk=draft.pk).exists()
    pending = make_pending_project(teacher_es, teacher_fr)
    with pytest.raises(DomainError):
        services.project_delete_draft(actor=teacher_es, project=pending)


def test_images(teacher_es):
    project = make_project(founder=teacher_es)
    image = services.project_image_add(actor=teacher_es, project=project, upload=upload(image_bytes()), caption="Us")
    assert project.images.count() == 1
    services.project_image_remove(actor=teacher_es, image=image)
    assert project.images.count() == 0
    services.project_image_set(actor=teacher_es, project=project, upload=upload(image_bytes()))
    project.refresh_from_db()
    assert project.image


def test_partners_after_approval(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    italian = _teacher("IT")
    contact_create(first=teacher_fr, second=italian)
    partner = services.partner_invite(actor=teacher_fr, project=project, teacher=italian)
    assert Notification.objects.filter(recipient=italian, kind="project_partner_invitation").count() == 1
    with pytest.raises(PermissionRefused):
        services.invitation_accept(actor=teacher_es, partner=partner)
    services.invitation_accept(actor=italian, partner=partner)
    project.refresh_from_db()
    assert project.countries == ["ES", "FR", "IT"]
    assert Membership.objects.get(twinspace=project.twinspace, user=italian).role == Role.TEACHER
    assert Notification.objects.filter(recipient=teacher_fr, kind="project_invitation_accepted").count() == 1
    assert Notification.objects.filter(recipient=teacher_es, kind="project_partner_joined").count() == 1
    assert ProgressAction.objects.filter(user=italian, kind="project_joined", key=str(project.pk)).exists()
    assert not project.steps.filter(partner=partner).exists()  # later partners need no approval
    with pytest.raises(DomainError):
        services.invitation_accept(actor=italian, partner=partner)  # answered already

    # A partner cannot remove a founder; a founder removes the partner.
    with pytest.raises(PermissionRefused):
        services.partner_remove(actor=italian, partner=project.partners.get(teacher=teacher_es))
    with pytest.raises(DomainError):
        services.partner_remove(actor=teacher_fr, partner=project.partners.get(teacher=teacher_es))
    services.partner_remove(actor=teacher_es, partner=partner)
    project.refresh_from_db()
    assert project.countries == ["ES", "FR"]
    assert not Membership.objects.filter(twinspace=project.twinspace, user=italian).exists()
    assert Notification.objects.filter(recipient=italian, kind="project_partner_removed").count() == 1


def test_decline_withdraw_and_leave(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    german, greek = _teacher("DE"), _teacher("GR")
    for t in (german, greek):
        contact_create(first=teacher_es, second=t)
    declined = services.partner_invite(actor=teacher_es, project=project, teacher=german)
    services.invitation_decline(actor=german, partner=declined)
    assert Partner.objects.get(pk=declined.pk).state == Partner.State.DECLINED
    assert Notification.objects.filter(recipient=teacher_es, kind="project_invitation_declined").count() == 1
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN
    withdrawn = services.partner_invite(actor=teacher_es, project=project, teacher=greek)
    with pytest.raises(PermissionRefused):
        services.invitation_withdraw(actor=teacher_fr, partner=withdrawn)
    services.invitation_withdraw(actor=teacher_es, partner=withdrawn)
    # Invited again after a withdrawal, then accepted, then leaves.
    again = services.partner_invite(actor=teacher_es, project=project, teacher=greek)
    services.invitation_accept(actor=greek, partner=again)
    services.partner_leave(actor=greek, project=project)
    project.refresh_from_db()
    assert project.countries == ["ES", "FR"]
    assert not Membership.objects.filter(twinspace=project.twinspace, user=greek).exists()
    assert Notification.objects.filter(recipient=teacher_es, kind="project_partner_left").count() == 1
    with pytest.raises(DomainError) as exc:
        services.partner_leave(actor=teacher_es, project=project)
    assert "end the project" in exc.value.message
