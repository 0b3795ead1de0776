"""A project's whole life, and every projects notification kind it sends: to whom, and with a link
that opens (200) for that recipient at the moment it is sent. Kinds delivered straight away are
also emailed, with the same link, to the recipient's address."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.projects.factories import _head_teacher_of, decider_for, make_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.notifications.kinds import KINDS, Delivery
from twinning.notifications.models import Notification
from twinning.projects import services
from twinning.projects.models import ApprovalStep, Partner, Project
from twinning.schools.models import Employment

pytestmark = pytest.mark.django_db

PROJECT_KINDS = {kind for kind in KINDS if kind.startswith("project_")}


def _teacher(country: str, region: str = ""):
    user = UserFactory(is_validated=True)
    EmploymentFactory(
        teacher=user,
        school=SchoolFactory(country=country, region=region),
        validation=Employment.Validation.VALIDATED,
    )
    return user


def _school(user):
    return user.employments.get().school


class Journal:
    """The notifications sent since the last look, each opened as its recipient."""

    def __init__(self, client) -> None:
        self.client = client
        self.seen = 0
        self.kinds: set[str] = set()

    def take(self) -> set[tuple[str, int]]:
        rows = list(Notification.objects.filter(pk__gt=self.seen).select_related("recipient").order_by("pk"))
        if rows:
            self.seen = rows[-1].pk
        for row in rows:
            assert row.url, f"{row.kind} to {row.recipient} has no link"
            self.client.force_login(row.recipient)
            response = self.client.get(row.url)
            assert response.status_code == 200, f"{row.kind}: {row.url} gives {response.status_code} to {row.recipient}"
            if row.delivery == Delivery.IMMEDIATELY:
                link = settings.SITE_URL + row.url
                sent = [m for m in mail.outbox if m.to == [row.recipient.email] and link in m.body]
                assert sent, f"{row.kind} was not emailed to {row.recipient} with its link"
            self.kinds.add(row.kind)
        return {(row.kind, row.recipient_id) for row in rows}


def test_every_projects_notification_kind_is_sent_to_the_right_people_with_a_working_link(
    client, nss_officer_es, nss_officer_fr, regional_officer_an, django_capture_on_commit_callbacks, settings
):
    settings.PROJECTS_REMINDER_AFTER_DAYS = 7
    founder = _teacher("ES", region="ES-AN")
    cofounder = _teacher("FR")
    head_es, head_fr = _head_teacher_of(_school(founder)), _head_teacher_of(_school(cofounder))
    partners = [_teacher(country) for country in ("DE", "IT", "PT")]
    from twinning.network.services import contact_create

    for other in [cofounder, *partners]:
        contact_create(first=founder, second=other)
    journal = Journal(client)

    with django_capture_on_commit_callbacks(execute=True):
        project = make_project(founder=founder)
        services.cofounder_invite(actor=founder, project=project, teacher=cofounder)
    assert journal.take() == {
        ("project_cofounder_invitation", cofounder.pk),
        ("project_approval_requested", head_es.pk),
        ("project_approval_requested", regional_officer_an.pk),
        ("project_approval_requested", nss_officer_es.pk),
    }

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(actor=cofounder, partner=Partner.objects.get(project=project, teacher=cofounder))
    assert journal.take() == {
        ("project_invitation_accepted", founder.pk),
        ("project_approval_requested", head_fr.pk),
        ("project_approval_requested", nss_officer_fr.pk),
    }

    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.steps_send_reminders(now=timezone.now() + dt.timedelta(days=8))
    assert waiting == 5  # two head teachers, the regional service, two national services
    assert journal.take() == {
        *{("project_step_reminder", user.pk) for user in (head_es, head_fr, regional_officer_an)},
        *{("project_step_reminder", user.pk) for user in (nss_officer_es, nss_officer_fr)},
        ("project_waiting_reminder", founder.pk),
        ("project_waiting_reminder", cofounder.pk),
    }

    steps = list(project.steps.filter(state=ApprovalStep.State.WAITING).select_related("school"))
    with django_capture_on_commit_callbacks(execute=True):
        for step in steps:
            services.step_approve(actor=decider_for(step), step=step)
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN
    assert journal.take() == {
        ("project_step_approved", founder.pk),
        ("project_step_approved", cofounder.pk),
        ("project_opened", founder.pk),
        ("project_opened", cofounder.pk),
    }

    joining, declining, removed = partners
    with django_capture_on_commit_callbacks(execute=True):
        for teacher in partners:
            services.partner_invite(actor=founder, project=project, teacher=teacher)
    assert journal.take() == {("project_partner_invitation", teacher.pk) for teacher in partners}

    def row(teacher):
        return Partner.objects.get(project=project, teacher=teacher, state__in=["invited", "active"])

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(actor=joining, partner=row(joining))
        services.invitation_decline(actor=declining, partner=row(declining), reason="Not this year.")
        services.invitation_accept(actor=removed, partner=row(removed))
    assert journal.take() == {
        ("project_invitation_accepted", founder.pk),
        ("project_partner_joined", cofounder.pk),  # the inviter is told once, by the acceptance
        ("project_invitation_declined", founder.pk),
    }

    with django_capture_on_commit_callbacks(execute=True):
        services.partner_remove(actor=founder, partner=row(removed))
        services.partner_leave(actor=joining, project=project)
    assert journal.take() == {
        ("project_partner_removed", removed.pk),
        ("project_partner_left", founder.pk),
        ("project_partner_left", cofounder.pk),
    }

    with django_capture_on_commit_callbacks(execute=True):
        services.project_close(actor=founder, project=project)
    assert journal.take() == {("project_closed", cofounder.pk)}

    # A second project is stopped: the founders read why.
    with django_capture_on_commit_callbacks(execute=True):
        second = make_project(founder=founder, title="Birds on the move")
        services.cofounder_invite(actor=founder, project=second, teacher=cofounder)
    journal.take()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_accept(actor=cofounder, partner=Partner.objects.get(project=second, teacher=cofounder))
    journal.take()
    national = second.steps.get(kind=ApprovalStep.Kind.NATIONAL, country="FR")
    with django_capture_on_commit_callbacks(execute=True):
        services.step_reject(actor=nss_officer_fr, step=national, reason="The planned dates are in the past.")
    assert journal.take() == {("project_stopped", founder.pk), ("project_stopped", cofounder.pk)}

    assert journal.kinds == PROJECT_KINDS
