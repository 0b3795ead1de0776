"""Simultaneous decisions on one project: it opens once, and a step is decided once.

Every decision locks the project row (`select_for_update`) and then re-reads the
step, checking both states inside the transaction. Without that lock, on
PostgreSQL, two officers approving the two last steps at the same moment each
see the other's step still waiting: neither opens the project (it stays pending
for ever), or both do (two TwinSpaces); and the same step decided twice at once
gets two decisions. Checked by hand once: with `lock_project` returning the row
unlocked and a pause after the read, `test_the_two_last_approvals_at_once_open_once`
fails on PostgreSQL (the project stayed pending). On SQLite the IMMEDIATE
transactions already run one after the other.
"""

import time

import pytest

from tests.concurrency import needs_concurrent_connections, run_together
from tests.projects.factories import decider_for, make_pending_project
from twinning.core.errors import DomainError
from twinning.projects import services
from twinning.projects.models import ApprovalStep, LogEntry, Partner, Project
from twinning.projects.services import pipeline
from twinning.twinspace.models import TwinSpace

K = ApprovalStep.Kind


@pytest.fixture
def slow_decisions(monkeypatch):
    """Each decision pauses right after reading the project and the step, as a loaded server might."""
    original = pipeline._lock_waiting_step

    def read_then_pause(step):
        result = original(step)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(pipeline, "_lock_waiting_step", read_then_pause)


def _approve_in_thread(step_id: int, actor_id: int):
    from twinning.accounts.models import User

    return lambda: services.step_approve(actor=User.objects.get(pk=actor_id), step=ApprovalStep.objects.get(pk=step_id))


@pytest.mark.django_db(transaction=True)
def test_the_two_last_approvals_at_once_open_once(teacher_es, teacher_fr, slow_decisions):
    needs_concurrent_connections()
    project = make_pending_project(teacher_es, teacher_fr)
    cofounder = project.partners.get(state=Partner.State.INVITED)
    services.invitation_accept(actor=teacher_fr, partner=cofounder)
    last = list(project.steps.filter(kind=K.NATIONAL))
    for step in project.steps.filter(state=ApprovalStep.State.WAITING).exclude(kind=K.NATIONAL):
        services.step_approve(actor=decider_for(step), step=step)
    assert len(last) == 2
    calls = [_approve_in_thread(step.pk, decider_for(step).pk) for step in last]

    results = run_together(*calls)

    assert all(isinstance(r, ApprovalStep) for r in results), results
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN
    assert TwinSpace.objects.count() == 1
    assert LogEntry.objects.filter(project=project, action="opened").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_step_decided_twice_at_once_gets_one_decision(teacher_es, teacher_fr, nss_officer_es, slow_decisions):
    needs_concurrent_connections()
    project = make_pending_project(teacher_es, teacher_fr)
    step = project.steps.get(kind=K.NATIONAL)
    approve = _approve_in_thread(step.pk, nss_officer_es.pk)

    def reject():
        from twinning.accounts.models import User

        return services.step_reject(
            actor=User.objects.get(pk=nss_officer_es.pk), step=ApprovalStep.objects.get(pk=step.pk), reason="No"
        )

    results = run_together(approve, reject)

    decided = [r for r in results if isinstance(r, ApprovalStep)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(decided) == 1, results
    assert len(refused) == 1, results
    assert refused[0].code in ("already_decided", "project_state")
    assert LogEntry.objects.filter(project=project, action__in=["step_approved", "step_rejected"]).count() == 1
