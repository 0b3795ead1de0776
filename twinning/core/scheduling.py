"""Daily tasks that queue their own next run: one queued run at a time, each run queueing the next.

The task queue (django-tasks with the database backend) has no calendar, so a
daily task calls `daily_schedule()` for its next run before doing its work, and
a management command run at each deployment calls it with `fix=True` so that
exactly one future run is waiting. A run that finds another run already
waiting queues nothing, so accidental duplicates die out after one day; the
tasks themselves claim their rows, so a duplicate run never acts twice.
Used by the notification summary and the project approval reminders.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def next_daily_time(*, minute: int = 0, now: dt.datetime | None = None) -> dt.datetime:
    """The next time it is `NOTIFICATIONS_DIGEST_HOUR`:`minute` UTC, strictly after `now`."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    at = now.replace(hour=settings.NOTIFICATIONS_DIGEST_HOUR, minute=minute, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


def _queued_runs(task: Any):  # type: ignore[no-untyped-def]
    """The runs of `task` waiting in the database queue (earliest first), or None with another backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(task_path=task.module_path, backend_name=backend.alias, status="READY").order_by(
        "run_after", "enqueued_at"
    )


def daily_schedule(
    task: Any,
    *,
    when: dt.datetime,
    now: dt.datetime,
    fix: bool = False,
    move_waiting: bool = False,
    unscheduled_warning: str,
) -> dt.datetime | None:
    """Makes sure one run of `task` is queued (for `when` if none is); returns when it runs (None: the task
    backend cannot defer, and `unscheduled_warning` is logged).

    With `fix` (the management command), extra queued runs are removed, and with
    `move_waiting` a waiting run is also moved to `when` if the configured time changed.
    """
    backend = task.get_backend()
    if not backend.supports_defer:
        logger.warning(unscheduled_warning)
        return None
    queued = _queued_runs(task)
    if queued is not None:
        waiting = list(queued)
        if waiting:
            first, extras = waiting[0], waiting[1:]
            if fix:
                if extras:
                    queued.filter(pk__in=[row.pk for row in extras]).delete()
                if move_waiting and first.run_after > now and first.run_after != when:
                    queued.filter(pk=first.pk).update(run_after=when)
                    return when
            return first.run_after  # type: ignore[no-any-return]
    task.using(run_after=when).enqueue()
    return when
