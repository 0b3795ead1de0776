"""The approval pipeline as a state machine: every order of decisions, every refusal, double decisions."""

import itertools

import pytest
from django.db import transaction

from tests.accounts.factories import make_officer
from tests.projects.factories import approve_all, decider_for, make_open_project, make_pending_project, make_project
from twinning.accounts.models import SupportService
from twinning.core.errors import DomainError, PermissionRefused
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction
from twinning.projects import services
from twinning.projects.models import ApprovalStep, LogEntry, Partner, Project
from twinning.twinspace.models import Membership, Role, TwinSpace

K = ApprovalStep.Kind
S = ApprovalStep.State


@pytest.fixture
def officers(nss_officer_es, nss_officer_fr, regional_officer_an, head_teacher_es):
    return {"es": nss_officer_es, "fr": nss_officer_fr, "an": regional_officer_an}


def _accepted(project: Project) -> Project:
    row = project.partners.get(state=Partner.State.INVITED)
    services.invitation_accept(actor=row.teacher, partner=row)
    project.refresh_from_db()
    return project


def test_draft_to_pending_creates_the_steps(teacher_es, teacher_fr, regional_officer_an):
    project = make_pending_project(teacher_es, teacher_fr)
    assert project.status == Project.Status.PENDING
    assert project.submitted_at is not None
    kinds = sorted((s.kind, s.partner.teacher_id, s.state) for s in project.steps.select_related("partner"))
    assert kinds == sorted(
        [
            (K.COFOUNDER, teacher_fr.pk, S.WAITING),
            (K.HEAD_TEACHER, teacher_es.pk, S.WAITING),
            (K.REGIONAL, teacher_es.pk, S.WAITING),
            (K.NATIONAL, teacher_es.pk, S.WAITING),
        ]
    )
    project = _accepted(project)
    assert project.steps.filter(partner__teacher=teacher_fr).count() == 3  # co-founder, head teacher, national
    assert project.steps.get(kind=K.COFOUNDER).state == S.APPROVED
    assert project.countries == ["ES", "FR"]


def test_no_regional_step_without_a_regional_service(teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    assert not project.steps.filter(kind=K.REGIONAL).exists()


def _is_possible(order: tuple[str, ...]) -> bool:
    """The co-founder's own steps exist only once they accept: those orders start with the acceptance."""
    return order.index("accept") < min(order.index("cofounder_head"), order.index("cofounder_national"))


DECISIONS = ("accept", "founder_head", "founder_regional", "founder_national", "cofounder_head", "cofounder_national")
ORDERS = [order for order in itertools.permutations(DECISIONS) if _is_possible(order)]


@pytest.mark.django_db(transaction=False)
def test_every_order_opens_once_at_the_last_approval(teacher_es, teacher_fr, officers):
    """All 240 possible orders of the six decisions (co-founder's acceptance, two head teachers, the
    regional service of the Andalusian founder, two national services): the project stays pending
    until the last one, whichever it is, and opens exactly once with one TwinSpace."""
    assert len(ORDERS) == 240
    project = make_pending_project(teacher_es, teacher_fr)
    cofounder = project.partners.get(state=Partner.State.INVITED)
    for step in project.steps.exclude(kind=K.COFOUNDER):
        decider_for(step)  # make the deciders once, outside the savepoints
    decider_for(ApprovalStep(kind=K.HEAD_TEACHER, school=cofounder.school))

    def step(kind: str, teacher) -> ApprovalStep:  # type: ignore[no-untyped-def]
        return ApprovalStep.objects.select_related("school").get(project=project, kind=kind, partner__teacher=teacher)

    targets = {
        "founder_head": (K.HEAD_TEACHER, teacher_es),
        "founder_regional": (K.REGIONAL, teacher_es),
        "founder_national": (K.NATIONAL, teacher_es),
        "cofounder_head": (K.HEAD_TEACHER, teacher_fr),
        "cofounder_national": (K.NATIONAL, teacher_fr),
    }
    for order in ORDERS:
        with transaction.atomic():
            for position, decision in enumerate(order):
                if decision == "accept":
                    services.invitation_accept(actor=teacher_fr, partner=cofounder)
                else:
                    target = step(*targets[decision])
                    services.step_approve(actor=decider_for(target), step=target)
                status = Project.objects.get(pk=project.pk).status
                expected = Project.Status.OPEN if position == len(order) - 1 else Project.Status.PENDING
                assert status == expected, (order, position)
            opened = Project.objects.get(pk=project.pk)
            assert TwinSpace.objects.count() == 1
            assert LogEntry.objects.filter(project=project, action="opened").count() == 1
            admins = set(
                Membership.objects.filter(twinspace=opened.twinspace, role=Role.TEACHER_ADMIN).values_list(
                    "user_id", flat=True
                )
            )
            assert admins == {teacher_es.pk, teacher_fr.pk}
            transaction.set_rollback(True)


def test_opening_records_progress_and_notifies(teacher_es, teacher_fr):
    project = make_open_project(teacher_es, teacher_fr)
    for founder in (teacher_es, teacher_fr):
        assert ProgressAction.objects.filter(user=founder, kind="project_joined", key=str(project.pk)).count() == 1
        assert Notification.objects.filter(recipient=founder, kind="project_opened").count() == 1
    assert ProgressAction.objects.filter(user=teacher_es, kind="project_founded").count() == 1
    assert project.opened_at is not None


def _stop_kinds():
    return [K.HEAD_TEACHER, K.NATIONAL, K.REGIONAL]


@pytest.mark.parametrize("whose", ["founder", "cofounder"])
@pytest.mark.parametrize("kind", [K.HEAD_TEACHER, K.REGIONAL, K.NATIONAL])
def test_a_rejection_at_any_step_stops_with_the_reason(whose, kind, teacher_es, teacher_fr, regional_officer_an):
    project = _accepted(make_pending_project(teacher_es, teacher_fr))
    teacher = teacher_es if whose == "founder" else teacher_fr
    step = project.steps.filter(kind=kind, partner__teacher=teacher).first()
    if step is None:
        pytest.skip("no regional step for the French founder")
    services.step_reject(actor=decider_for(step), step=step, reason="The dates overlap the exams.")
    project.refresh_from_db()
    assert project.status == Project.Status.STOPPED
    assert "The dates overlap the exams." in project.stopped_reason
    for founder in (teacher_es, teacher_fr):
        notice = Notification.objects.get(recipient=founder, kind="project_stopped")
        assert "The dates overlap the exams." in notice.params["reason"]
    # Deciding another step of a stopped project is refused.
    other = project.steps.filter(state=S.WAITING).exclude(kind=K.COFOUNDER).first()
    with pytest.raises(DomainError):
        services.step_approve(actor=decider_for(other), step=other)
    assert not TwinSpace.objects.exists()


def test_cofounder_decline_stops_the_project(teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    row = project.partners.get(state=Partner.State.INVITED)
    services.invitation_decline(actor=teacher_fr, partner=row, reason="No time this year")
    project.refresh_from_db()
    assert project.status == Project.Status.STOPPED
    assert project.stopped_reason == f"{teacher_fr.full_name} declined the invitation: No time this year"
    assert project.steps.get(kind=K.COFOUNDER).state == S.REJECTED
    assert Notification.objects.filter(recipient=teacher_es, kind="project_stopped").count() == 1
    assert Notification.objects.filter(recipient=teacher_es, kind="project_invitation_declined").count() == 1


def test_reject_needs_a_reason(teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.NATIONAL)
    with pytest.raises(DomainError):
        services.step_reject(actor=nss_officer_es, step=step, reason="  ")
    step.refresh_from_db()
    assert step.state == S.WAITING


def test_deciding_twice_is_refused(teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.NATIONAL)
    services.step_approve(actor=nss_officer_es, step=step)
    with pytest.raises(DomainError) as exc:
        services.step_reject(actor=nss_officer_es, step=step, reason="Changed my mind")
    assert exc.value.code == "already_decided"
    step.refresh_from_db()
    assert step.state == S.APPROVED


def test_cofounder_step_is_decided_only_by_answering(teacher_es, teacher_fr, css_officer):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.COFOUNDER)
    with pytest.raises(DomainError):
        services.step_approve(actor=css_officer, step=step)


@pytest.mark.parametrize(
    ("officer_scope", "allowed"),
    [
        ({"kind": SupportService.Kind.NATIONAL, "country": "ES"}, True),
        ({"kind": SupportService.Kind.NATIONAL, "country": "FR"}, False),
        ({"kind": SupportService.Kind.REGIONAL, "country": "ES", "region": "ES-AN"}, False),
        ({"kind": SupportService.Kind.CENTRAL}, True),
    ],
)
def test_who_decides_a_national_step(officer_scope, allowed, teacher_es, teacher_fr):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.NATIONAL)
    officer = make_officer(**officer_scope)
    if allowed:
        services.step_approve(actor=officer, step=step)
        step.refresh_from_db()
        assert step.state == S.APPROVED
    else:
        with pytest.raises(PermissionRefused):
            services.step_approve(actor=officer, step=step)
        step.refresh_from_db()
        assert step.state == S.WAITING


@pytest.mark.parametrize(
    ("officer_scope", "allowed"),
    [
        ({"kind": SupportService.Kind.REGIONAL, "country": "ES", "region": "ES-AN"}, True),
        ({"kind": SupportService.Kind.REGIONAL, "country": "ES", "region": "ES-CT"}, False),
        ({"kind": SupportService.Kind.NATIONAL, "country": "FR"}, False),
        ({"kind": SupportService.Kind.CENTRAL}, True),
    ],
)
def test_who_decides_a_regional_step(officer_scope, allowed, teacher_es, teacher_fr, regional_officer_an):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.REGIONAL)
    officer = make_officer(**officer_scope)
    if allowed:
        services.step_approve(actor=officer, step=step)
    else:
        with pytest.raises(PermissionRefused):
            services.step_approve(actor=officer, step=step)
    step.refresh_from_db()
    assert (step.state == S.APPROVED) is allowed


def test_head_teacher_step_decided_in_the_app_only_by_the_schools_head(teacher_es, teacher_fr, head_teacher_es):
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.HEAD_TEACHER)
    # head_teacher_es heads ANOTHER school: refused.
    with pytest.raises(PermissionRefused):
        services.step_approve(actor=head_teacher_es, step=step)
    head = decider_for(step)
    services.step_approve(actor=head, step=step, comment="Good idea")
    step.refresh_from_db()
    assert (step.state, step.decided_by, step.decided_via, step.comment) == (S.APPROVED, head, "app", "Good idea")


def test_head_teacher_step_auto_approved_when_the_founder_heads_the_school(head_teacher_es, teacher_fr):
    project = make_pending_project(head_teacher_es, teacher_fr)
    step = project.steps.get(kind=K.HEAD_TEACHER)
    assert step.state == S.APPROVED
    assert step.decided_via == ApprovalStep.Via.AUTOMATIC


def test_approval_requests_reach_the_deciders(teacher_es, teacher_fr, nss_officer_es, regional_officer_an):
    project = make_pending_project(teacher_es, teacher_fr)
    assert Notification.objects.filter(recipient=teacher_fr, kind="project_cofounder_invitation").count() == 1
    assert Notification.objects.filter(recipient=nss_officer_es, kind="project_approval_requested").count() == 1
    assert Notification.objects.filter(recipient=regional_officer_an, kind="project_approval_requested").count() == 1
    head = decider_for(project.steps.get(kind=K.HEAD_TEACHER))
    # The head teacher made after the request gets the email, not a notice; check the approval notice instead.
    step = project.steps.get(kind=K.NATIONAL)
    services.step_approve(actor=nss_officer_es, step=step)
    assert Notification.objects.filter(recipient=teacher_es, kind="project_step_approved").count() == 1
    assert head.pk


def test_draft_helper(teacher_es):
    project = make_project(founder=teacher_es)
    assert project.status == Project.Status.DRAFT
    assert approve_all  # imported for other tests
