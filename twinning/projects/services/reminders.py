"""Reminders for steps that wait too long: once per step per week, whoever runs them."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from twinning.notifications.services import notify
from twinning.projects.models import ApprovalStep, Project
from twinning.projects.services._common import notify_founders
from twinning.projects.services.pipeline import deciders_of, decision_url, request_again

REMIND_EVERY = dt.timedelta(days=7)


def steps_due_for_reminder(*, now: dt.datetime) -> Q:
    waited = now - dt.timedelta(days=settings.PROJECTS_REMINDER_AFTER_DAYS)
    return Q(
        state=ApprovalStep.State.WAITING,
        project__status=Project.Status.PENDING,
        created_at__lt=waited,
    ) & (Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY))


def steps_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Every waiting step of a pending project waiting longer than PROJECTS_REMINDER_AFTER_DAYS, and
    not reminded in the last 7 days, gets one reminder to whoever decides it (the head teacher's
    link is emailed again) and one to the founders. Each step is claimed by a conditional UPDATE
    before anything is sent, so two workers running at once never remind twice. Returns how many
    steps were reminded."""
    now = now or timezone.now()
    due = ApprovalStep.objects.filter(steps_due_for_reminder(now=now)).order_by("created_at", "pk")
    reminded = 0
    for step_id in list(due.values_list("pk", flat=True)):
        claimed = (
            ApprovalStep.objects.filter(pk=step_id).filter(steps_due_for_reminder(now=now)).update(reminded_at=now)
        )
        if not claimed:
            continue
        step = ApprovalStep.objects.select_related("project", "partner__teacher", "school").get(pk=step_id)
        project = step.project
        # Notification texts are rendered later in each reader's language: pass a number of days,
        # never a date or a step label formatted here in the sender's language.
        days = (now - step.created_at).days
        url = decision_url(step)
        for decider in deciders_of(step):
            notify(
                recipient=decider,
                kind="project_step_reminder",
                url=url,
                params={"project": project.title, "days": days},
            )
        request_again(step)
        notify_founders(
            project, "project_waiting_reminder", actor=None, params={"project": project.title, "days": days}
        )
        reminded += 1
    return reminded
