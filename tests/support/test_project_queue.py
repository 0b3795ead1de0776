"""The support queue of project approval steps: each officer sees and decides its own scope only."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.schools.factories import SchoolFactory
from twinning.projects.models import ApprovalStep, Partner, Project

PERSONAS = ["nss_officer_es", "nss_officer_fr", "regional_officer_an", "css_officer", "teacher_es"]
WAITING = {
    "national_andalusia": (ApprovalStep.Kind.NATIONAL, "ES", "ES-AN"),
    "national_madrid": (ApprovalStep.Kind.NATIONAL, "ES", "ES-MD"),
    "regional_andalusia": (ApprovalStep.Kind.REGIONAL, "ES", "ES-AN"),
    "regional_madrid": (ApprovalStep.Kind.REGIONAL, "ES", "ES-MD"),
    "national_france": (ApprovalStep.Kind.NATIONAL, "FR", ""),
}
# persona -> the waiting steps it may see and decide (None: no Support area at all).
SEES = {
    "nss_officer_es": {"national_andalusia", "national_madrid"},
    "nss_officer_fr": {"national_france"},
    "regional_officer_an": {"regional_andalusia"},
    "css_officer": set(WAITING),
    "teacher_es": None,
}
MATRIX = [(persona, where) for persona in PERSONAS for where in WAITING]


def waiting_step(where: str, *, title: str = "", days_ago: int = 0) -> ApprovalStep:
    """A pending project whose founder's step `where` waits, with the founder's head-teacher step
    still waiting too, so that approving the officer's step never opens the project."""
    kind, country, region = WAITING[where]
    founder = UserFactory(first_name="Founder", last_name=where.replace("_", " ").title())
    school = SchoolFactory(country=country, region=region)
    project = Project.objects.create(
        title=title or f"Project {where}",
        summary="A summary.",
        description="A description.",
        aims="Aims.",
        work_process="Work process.",
        expected_results="Results.",
        planned_start=date(2030, 1, 1),
        planned_end=date(2030, 6, 30),
        status=Project.Status.PENDING,
        founded_by=founder,
        countries=[country],
        submitted_at=timezone.now(),
    )
    partner = Partner.objects.create(
        project=project,
        teacher=founder,
        school=school,
        country=country,
        region=region,
        role=Partner.Role.FOUNDER,
        state=Partner.State.ACTIVE,
        joined_at=timezone.now(),
    )
    ApprovalStep.objects.create(
        project=project, kind=ApprovalStep.Kind.HEAD_TEACHER, partner=partner, school=school, country=country
    )
    step = ApprovalStep.objects.create(
        project=project, kind=kind, partner=partner, school=school, country=country, region=region
    )
    if days_ago:
        ApprovalStep.objects.filter(pk=step.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        step.refresh_from_db()
    return step


def allowed(persona: str, where: str) -> bool:
    return bool(SEES[persona] and where in SEES[persona])


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_queue_lists_only_steps_of_the_scope(client, request, persona, where):
    user = request.getfixturevalue(persona)
    step = waiting_step(where)
    client.force_login(user)
    response = client.get(reverse("support:projects"))
    if SEES[persona] is None:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert (step.project.title in response.content.decode()) is allowed(persona, where)


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_approve_acts_in_scope_and_404s_outside(client, request, persona, where):
    user = request.getfixturevalue(persona)
    step = waiting_step(where)
    client.force_login(user)
    response = client.post(reverse("support:step_approve", args=[step.pk]), {"comment": "Fine by us."})
    step.refresh_from_db()
    if allowed(persona, where):
        assert response.status_code == 302
        assert step.state == ApprovalStep.State.APPROVED
        assert step.decided_by == user
        assert step.comment == "Fine by us."
        assert step.project.status == Project.Status.PENDING  # the head teacher still has to confirm
    else:
        assert response.status_code == 404
        assert step.state == ApprovalStep.State.WAITING
        assert step.decided_by is None


@pytest.mark.parametrize(("persona", "where"), MATRIX)
def test_reject_acts_in_scope_and_404s_outside(client, request, persona, where):
    user = request.getfixturevalue(persona)
    step = waiting_step(where)
    client.force_login(user)
    url = reverse("support:step_reject", args=[step.pk])
    assert client.get(url).status_code == (200 if allowed(persona, where) else 404)
    response = client.post(url, {"reason": "The dates overlap the summer holidays."})
    step.refresh_from_db()
    step.project.refresh_from_db()
    if allowed(persona, where):
        assert response.status_code == 302
        assert step.state == ApprovalStep.State.REJECTED
        assert step.project.status == Project.Status.STOPPED
        assert "summer holidays" in step.comment + step.project.stopped_reason
    else:
        assert response.status_code == 404
        assert step.state == ApprovalStep.State.WAITING
        assert step.project.status == Project.Status.PENDING


def test_head_teacher_steps_are_not_in_any_support_queue(client, css_officer):
    step = waiting_step("national_france")
    head_step = step.project.steps.get(kind=ApprovalStep.Kind.HEAD_TEACHER)
    client.force_login(css_officer)
    html = client.get(reverse("support:projects")).content.decode()
    assert reverse("support:step_approve", args=[step.pk]) in html
    assert reverse("support:step_approve", args=[head_step.pk]) not in html
    assert client.post(reverse("support:step_approve", args=[head_step.pk])).status_code == 404
    head_step.refresh_from_db()
    assert head_step.state == ApprovalStep.State.WAITING


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_needs_a_reason_and_changes_nothing_without_one(client, nss_officer_es, reason):
    step = waiting_step("national_andalusia")
    client.force_login(nss_officer_es)
    response = client.post(reverse("support:step_reject", args=[step.pk]), {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors
    step.refresh_from_db()
    step.project.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING
    assert step.project.status == Project.Status.PENDING


def test_a_comment_too_long_changes_nothing(client, nss_officer_es):
    step = waiting_step("national_andalusia")
    client.force_login(nss_officer_es)
    response = client.post(reverse("support:step_approve", args=[step.pk]), {"comment": "x" * 2001}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    step.refresh_from_db()
    assert step.state == ApprovalStep.State.WAITING


def test_a_second_decision_is_refused_with_a_message_and_changes_nothing(client, nss_officer_es, css_officer):
    step = waiting_step("national_andalusia")
    client.force_login(nss_officer_es)
    client.post(reverse("support:step_approve", args=[step.pk]), {"comment": "Approved first."})
    client.force_login(css_officer)
    response = client.post(reverse("support:step_reject", args=[step.pk]), {"reason": "Too late."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = client.post(reverse("support:step_approve", args=[step.pk]), {"comment": "Again."}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["This step has already been decided."]
    step.refresh_from_db()
    step.project.refresh_from_db()
    assert step.state == ApprovalStep.State.APPROVED
    assert step.decided_by == nss_officer_es
    assert step.comment == "Approved first."
    assert step.project.status == Project.Status.PENDING


def test_oldest_first_with_the_time_waited(client, nss_officer_es):
    waiting_step("national_andalusia", title="Middle project", days_ago=3)
    waiting_step("national_madrid", title="Oldest project", days_ago=10)
    waiting_step("national_andalusia", title="Newest project")
    client.force_login(nss_officer_es)
    html = client.get(reverse("support:projects")).content.decode()
    assert html.index("Oldest project") < html.index("Middle project") < html.index("Newest project")
    assert "waited 10 days" in html
    assert "waited 3 days" in html
    assert "waited 0 days" in html


def test_a_row_names_the_founder_school_region_and_step(client, regional_officer_an):
    step = waiting_step("regional_andalusia")
    client.force_login(regional_officer_an)
    html = client.get(reverse("support:projects")).content.decode()
    assert step.partner.teacher.full_name in html
    assert step.school.name in html
    assert "Andalusia" in html or "Andalucía" in html
    assert str(ApprovalStep.Kind.REGIONAL.label) in html
    assert reverse("projects:detail", args=[step.project.pk]) in html
    assert client.get(reverse("projects:detail", args=[step.project.pk])).status_code == 200


def test_the_support_tabs_show_how_many_steps_wait(client, nss_officer_es):
    for _ in range(3):
        waiting_step("national_andalusia")
    waiting_step("national_france")
    client.force_login(nss_officer_es)
    html = client.get(reverse("support:index")).content.decode()
    assert reverse("support:projects") in html
    assert 'badge--warn">3</span>' in html


def test_queue_is_paginated_by_thirty(client, css_officer):
    for i in range(31):
        waiting_step("national_france", title=f"Paged project {i:02d}")
    client.force_login(css_officer)
    first = client.get(reverse("support:projects")).content.decode()
    second = client.get(reverse("support:projects"), {"page": 2}).content.decode()
    assert first.count('name="comment"') == 30
    assert second.count('name="comment"') == 1
    assert "Paged project 00" in first
    assert "Paged project 30" in second


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("support:projects"))
    assert response.status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_rows(client, css_officer):
    client.force_login(css_officer)
    waiting_step("national_france")
    _queue_queries(client)  # the first request of a session does its own one-off work
    one = _queue_queries(client)
    for where in list(WAITING) * 6:
        waiting_step(where)
    assert ApprovalStep.objects.exclude(kind=ApprovalStep.Kind.HEAD_TEACHER).count() == 31
    assert _queue_queries(client) == one


def test_two_national_services_open_a_real_project_from_their_queues(
    client, teacher_es, teacher_fr, nss_officer_es, nss_officer_fr
):
    from tests.projects.factories import decider_for, make_pending_project
    from twinning.projects import services

    project = make_pending_project(teacher_es, teacher_fr, title="Rivers of Europe")
    cofounder = project.partners.get(teacher=teacher_fr)
    services.invitation_accept(actor=teacher_fr, partner=cofounder)
    for step in project.steps.filter(kind=ApprovalStep.Kind.HEAD_TEACHER):
        services.step_approve(actor=decider_for(step), step=step)
    for officer, country in ((nss_officer_es, "ES"), (nss_officer_fr, "FR")):
        step = project.steps.get(kind=ApprovalStep.Kind.NATIONAL, country=country)
        client.force_login(officer)
        html = client.get(reverse("support:projects")).content.decode()
        assert "Rivers of Europe" in html
        assert reverse("support:step_approve", args=[step.pk]) in html
        assert client.post(reverse("support:step_approve", args=[step.pk])).status_code == 302
        html = client.get(reverse("support:projects")).content.decode()
        assert reverse("support:step_approve", args=[step.pk]) not in html
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN
