"""When the daily reminder run happens: one queued run at a time, each run queueing the next.

The same helper as the notification summary (`core/scheduling.py`):
the task queues its own next run before working, and `manage.py
schedule_project_reminders` (run at each deployment) makes sure exactly one
future run is waiting. A duplicate run sends nothing twice: each step is
claimed by a conditional UPDATE of `reminded_at` before its reminder goes.
"""

import datetime as dt

from django.utils import timezone

from twinning.core.scheduling import daily_schedule, next_daily_time


def next_reminder_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next `NOTIFICATIONS_DIGEST_HOUR`:30 UTC strictly after `now` (just after the daily summary)."""
    return next_daily_time(minute=30, now=now)


def reminders_schedule(*, now: dt.datetime | None = None, fix: bool = False) -> dt.datetime | None:
    """Makes sure one reminder run is queued; returns when it runs (None: the backend cannot defer).

    With `fix` (the management command), extra queued runs are removed.
    """
    from twinning.projects.tasks import send_step_reminders

    now = now or timezone.now()
    return daily_schedule(
        send_step_reminders,
        when=next_reminder_time(now),
        now=now,
        fix=fix,
        unscheduled_warning="The task backend cannot run tasks later: project reminders are not scheduled.",
    )


def reminders_dispatch(*, now: dt.datetime | None = None) -> int:
    """Queues the next daily run, then sends the reminders due now."""
    from twinning.projects.services import steps_send_reminders

    reminders_schedule(now=now)
    return steps_send_reminders(now=now)
