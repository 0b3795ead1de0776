"""When the daily reminder run happens: one queued run at a time, each run queueing the next.

The same pattern as the notification summary (`notifications/scheduling.py`):
the task queues its own next run before working, and `manage.py
schedule_project_reminders` (run at each deployment) makes sure exactly one
future run is waiting. A duplicate run sends nothing twice: each step is
claimed by a conditional UPDATE of `reminded_at` before its reminder goes.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_reminder_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next `NOTIFICATIONS_DIGEST_HOUR`:30 UTC strictly after `now` (just after the daily summary)."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    at = now.replace(hour=settings.NOTIFICATIONS_DIGEST_HOUR, minute=30, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


def _queued_runs():  # type: ignore[no-untyped-def]
    """The reminder runs waiting in the database queue (earliest first), or None with another backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from twinning.projects.tasks import send_step_reminders

    backend = send_step_reminders.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(
        task_path=send_step_reminders.module_path, backend_name=backend.alias, status="READY"
    ).order_by("run_after", "enqueued_at")


def reminders_schedule(*, now: dt.datetime | None = None, fix: bool = False) -> dt.datetime | None:
    """Makes sure one reminder run is queued; returns when it runs (None: the backend cannot defer).

    With `fix` (the management command), extra queued runs are removed.
    """
    from twinning.projects.tasks import send_step_reminders

    backend = send_step_reminders.get_backend()
    if not backend.supports_defer:
        logger.warning("The task backend cannot run tasks later: project reminders are not scheduled.")
        return None
    now = now or timezone.now()
    when = next_reminder_time(now)
    queued = _queued_runs()
    if queued is not None:
        waiting = list(queued)
        if waiting:
            first, extras = waiting[0], waiting[1:]
            if fix and extras:
                queued.filter(pk__in=[row.pk for row in extras]).delete()
            return first.run_after  # type: ignore[no-any-return]
    send_step_reminders.using(run_after=when).enqueue()
    return when


def reminders_dispatch(*, now: dt.datetime | None = None) -> int:
    """Queues the next daily run, then sends the reminders due now."""
    from twinning.projects.services import steps_send_reminders

    reminders_schedule(now=now)
    return steps_send_reminders(now=now)
