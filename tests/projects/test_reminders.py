"""Reminders for steps waiting too long, through the real database queue and its worker:
one per step, none again within 7 days, again after; the founders are told too."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.projects.factories import make_pending_project
from twinning.notifications.models import Notification
from twinning.projects.models import ApprovalStep
from twinning.projects.scheduling import next_reminder_time
from twinning.projects.services import steps_send_reminders
from twinning.projects.tasks import send_step_reminders

TASK_PATH = "twinning.projects.tasks.send_step_reminders"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PROJECTS_REMINDER_AFTER_DAYS = 7


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _age_steps(days: int) -> None:
    ApprovalStep.objects.update(created_at=timezone.now() - dt.timedelta(days=days))


def _reminders(kind: str = "project_step_reminder") -> int:
    return Notification.objects.filter(kind=kind).count()


@pytest.mark.django_db(transaction=True)
def test_reminders_go_once_a_week_through_the_worker(database_queue, teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)
    waiting = project.steps.filter(state=ApprovalStep.State.WAITING).count()  # co-founder, head teacher, national
    assert waiting == 3
    _work()  # sends what the invitation queued (the head teacher's email)
    mail.outbox.clear()

    _age_steps(3)
    send_step_reminders.enqueue()
    _work()
    assert _reminders() == 0  # not waiting long enough yet

    _age_steps(8)
    send_step_reminders.enqueue()
    send_step_reminders.enqueue()  # two runs at once: still one reminder per step
    _work()
    # The co-founder and the NSS officer are reminded in Twinning; the head teacher (not a member) by email.
    assert Notification.objects.filter(kind="project_step_reminder", recipient=teacher_fr).count() == 1
    assert Notification.objects.filter(kind="project_step_reminder", recipient=nss_officer_es).count() == 1
    assert Notification.objects.filter(kind="project_waiting_reminder", recipient=teacher_es).count() == waiting
    head_email = project.steps.get(kind=ApprovalStep.Kind.HEAD_TEACHER).school.head_teacher_email
    # The head teacher's email is in the school's language (Spanish here).
    with translation.override("es"):
        reminder = gettext("Reminder:")
    assert [reminder in m.subject for m in mail.outbox if m.to == [head_email]] == [True]
    assert ApprovalStep.objects.filter(reminded_at__isnull=False).count() == waiting

    send_step_reminders.enqueue()
    _work()
    assert _reminders() == 2  # nothing again within the week

    ApprovalStep.objects.update(reminded_at=timezone.now() - dt.timedelta(days=7, minutes=1))
    send_step_reminders.enqueue()
    _work()
    assert _reminders() == 4  # a week later, again


@pytest.mark.django_db(transaction=True)
def test_the_run_queues_tomorrows_run_once(database_queue):
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_project_reminders", verbosity=0)
    call_command("schedule_project_reminders", verbosity=0)
    waiting = list(DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY"))
    assert len(waiting) == 1
    assert waiting[0].run_after == next_reminder_time()


def test_decided_steps_and_stopped_projects_are_not_reminded(teacher_es, teacher_fr, nss_officer_es):
    project = make_pending_project(teacher_es, teacher_fr)
    national = project.steps.get(kind=ApprovalStep.Kind.NATIONAL)
    from twinning.projects import services

    services.step_approve(actor=nss_officer_es, step=national)
    _age_steps(10)
    assert steps_send_reminders() == 2  # co-founder and head teacher, not the decided national step
    services.invitation_decline(actor=teacher_fr, partner=project.partners.get(teacher=teacher_fr))
    ApprovalStep.objects.update(reminded_at=None)
    assert steps_send_reminders() == 0
