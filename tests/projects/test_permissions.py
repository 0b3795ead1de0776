"""Who sees a project, who manages it, who decides a step: each rule allowed and refused."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.projects.factories import decider_for, make_open_project, make_pending_project, make_project
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.projects import services
from twinning.projects.models import ApprovalStep, Project
from twinning.projects.permissions import can_decide_step, can_manage_project, can_view_project, is_member
from twinning.projects.selectors import head_teacher_steps, my_projects, step_queue
from twinning.schools.models import Employment


@pytest.mark.parametrize("public", [True, False])
def test_visibility_of_an_open_project(public, teacher_es, teacher_fr, nss_officer_es):
    project = make_open_project(teacher_es, teacher_fr, is_public=public)
    outsider = UserFactory()
    for viewer in (teacher_es, teacher_fr):
        assert can_view_project(viewer, project)
        assert is_member(viewer, project)
    assert can_view_project(outsider, project) is public
    assert can_view_project(AnonymousUser(), project) is public
    assert not is_member(outsider, project)
    assert can_view_project(nss_officer_es, project)  # decided one of its steps
    assert not can_view_project(UserFactory(is_pupil=True), project) or public


def test_drafts_and_pending_projects_are_never_public(teacher_es, teacher_fr, nss_officer_fr):
    draft = make_project(founder=teacher_es, is_public=True)
    assert not can_view_project(AnonymousUser(), draft)
    assert not can_view_project(teacher_fr, draft)
    pending = make_pending_project(teacher_es, teacher_fr, is_public=True)
    assert can_view_project(teacher_fr, pending)  # invited
    assert not is_member(teacher_fr, pending)
    assert not can_view_project(AnonymousUser(), pending)
    assert not can_view_project(nss_officer_fr, pending)  # the French step does not exist yet


def test_the_head_teacher_of_the_step_sees_the_project(teacher_es, teacher_fr, head_teacher_es):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=ApprovalStep.Kind.HEAD_TEACHER)
    head = decider_for(step)
    assert can_view_project(head, project)
    assert can_decide_step(head, step)
    assert not can_view_project(head_teacher_es, project)  # heads another school
    assert not can_decide_step(head_teacher_es, step)
    # A former head teacher (row ended) no longer decides.
    Employment.objects.filter(teacher=head).update(start_date=dt.date(2000, 1, 1), end_date=dt.date(2001, 1, 1))
    assert not can_decide_step(head, step)


def test_manage_project(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    outsider = UserFactory()
    assert can_manage_project(teacher_es, project)
    assert can_manage_project(teacher_fr, project)
    assert not can_manage_project(outsider, project)
    assert not can_manage_project(AnonymousUser(), project)


def test_step_queue_shows_only_the_officers_scope_oldest_first(
    teacher_es, teacher_fr, nss_officer_es, nss_officer_fr, regional_officer_an, css_officer
):
    first = make_pending_project(teacher_es, teacher_fr)
    services.invitation_accept(actor=teacher_fr, partner=first.partners.get(teacher=teacher_fr))
    second = make_pending_project(teacher_es, teacher_fr, title="Second")
    assert [(s.project_id, s.kind) for s in step_queue(officer=nss_officer_es)] == [
        (first.pk, "national"),
        (second.pk, "national"),
    ]
    assert [(s.project_id, s.country) for s in step_queue(officer=nss_officer_fr)] == [(first.pk, "FR")]
    assert {s.kind for s in step_queue(officer=regional_officer_an)} == {"regional"}
    assert step_queue(officer=css_officer).count() == 5
    assert step_queue(officer=teacher_es).count() == 0
    # Stopped projects leave the queue.
    services.invitation_decline(actor=teacher_fr, partner=second.partners.get(teacher=teacher_fr))
    assert [s.project_id for s in step_queue(officer=nss_officer_es)] == [first.pk]


def test_head_teacher_steps(teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    head = decider_for(project.steps.get(kind=ApprovalStep.Kind.HEAD_TEACHER))
    assert [s.project_id for s in head_teacher_steps(user=head)] == [project.pk]
    assert head_teacher_steps(user=teacher_fr).count() == 0


def test_my_projects_groups_and_constant_queries(teacher_es, teacher_fr):
    make_project(founder=teacher_es)
    with CaptureQueriesContext(connection) as one:
        mine = my_projects(user=teacher_es)
    assert len(mine.pending) == 1
    pending = make_pending_project(teacher_es, teacher_fr, title="Pending")
    opened = make_open_project(teacher_es, teacher_fr, title="Open")
    closed = make_open_project(teacher_es, teacher_fr, title="Closed")
    services.project_close(actor=teacher_es, project=closed)
    with CaptureQueriesContext(connection) as many:
        mine = my_projects(user=teacher_es)
    assert len(one.captured_queries) == len(many.captured_queries)
    assert {p.title for p, _row in mine.pending} == {"Water in our towns", "Pending"}
    assert [p.pk for p, _row in mine.open] == [opened.pk]
    assert [p.pk for p, _row in mine.closed] == [closed.pk]
    invited = my_projects(user=teacher_fr)
    assert pending.pk in [p.pk for p, row in invited.pending if row.state == "invited"]
    assert Project.objects.count() == 4


def test_a_teacher_at_two_schools_takes_part_for_the_validated_one(teacher_fr):
    teacher = UserFactory(is_validated=True)
    EmploymentFactory(teacher=teacher, school=SchoolFactory(country="PT"), validation=Employment.Validation.PENDING)
    EmploymentFactory(teacher=teacher, school=SchoolFactory(country="IT"), validation=Employment.Validation.VALIDATED)
    project = make_project(founder=teacher)
    assert project.partners.get().country == "IT"
