"""When the daily summary runs: one queued run at a time, each run queueing the next.

The task queue (django-tasks with the database backend) has no calendar, so
the summary task queues its own next run for the next `NOTIFICATIONS_DIGEST_HOUR`
(UTC) before doing its work, and `manage.py schedule_notification_digest`
(run at each deployment) makes sure exactly one future run is waiting. A run
that finds another run already waiting queues nothing, so accidental duplicates
die out after one day; and since summaries claim their rows, a duplicate run
never emails anything twice.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from twinning.notifications.selectors import digest_recipient_ids

logger = logging.getLogger(__name__)

# Users per batch task: small enough for one task to finish quickly, large enough to keep the queue short.
DIGEST_BATCH_SIZE = 500


def next_digest_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next time it is `NOTIFICATIONS_DIGEST_HOUR`:00 UTC, strictly after `now`."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    at = now.replace(hour=settings.NOTIFICATIONS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(days=1)


def _queued_runs():  # type: ignore[no-untyped-def]
    """The summary runs waiting in the database queue (earliest first), or None if tasks use another backend."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from twinning.notifications.tasks import send_daily_digests

    backend = send_daily_digests.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return None
    return DBTaskResult.objects.filter(
        task_path=send_daily_digests.module_path, backend_name=backend.alias, status="READY"
    ).order_by("run_after", "enqueued_at")


def digest_schedule(*, now: dt.datetime | None = None, fix: bool = False) -> dt.datetime | None:
    """Makes sure one summary run is queued; returns when it runs (None: the task backend cannot defer).

    With `fix` (the management command), extra queued runs are removed and a
    waiting run is moved to the configured hour if that setting changed.
    """
    from twinning.notifications.tasks import send_daily_digests

    backend = send_daily_digests.get_backend()
    if not backend.supports_defer:
        logger.warning("The task backend cannot run tasks later: the daily notification summary is not scheduled.")
        return None
    now = now or timezone.now()
    when = next_digest_time(now)
    queued = _queued_runs()
    if queued is not None:
        waiting = list(queued)
        if waiting:
            first, extras = waiting[0], waiting[1:]
            if fix:
                queued.filter(pk__in=[row.pk for row in extras]).delete()
                if first.run_after > now and first.run_after != when:
                    queued.filter(pk=first.pk).update(run_after=when)
                    return when
            return first.run_after  # type: ignore[no-any-return]
    send_daily_digests.using(run_after=when).enqueue()
    return when


def digests_dispatch(*, batch_size: int = DIGEST_BATCH_SIZE) -> int:
    """Queues the next daily run, then one batch task per `batch_size` users with a summary waiting.

    Walks user ids in order, a chunk at a time, so memory stays constant
    however many users wait. Returns how many batch tasks were queued.
    """
    from twinning.notifications.tasks import send_digest_batch

    digest_schedule()
    batches, after = 0, 0
    while user_ids := digest_recipient_ids(after=after, limit=batch_size):
        send_digest_batch.enqueue(user_ids)
        batches += 1
        after = user_ids[-1]
    return batches
