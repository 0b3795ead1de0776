"""When the daily summary runs: one queued run at a time, each run queueing the next (`core/scheduling.py`).

The summary task queues its own next run for the next `NOTIFICATIONS_DIGEST_HOUR`
(UTC) before doing its work, and `manage.py schedule_notification_digest`
(run at each deployment) makes sure exactly one future run is waiting. Since
summaries claim their rows, a duplicate run never emails anything twice.
"""

import datetime as dt

from django.utils import timezone

from twinning.core.scheduling import daily_schedule, next_daily_time
from twinning.notifications.selectors import digest_recipient_ids

# Users per batch task: small enough for one task to finish quickly, large enough to keep the queue short.
DIGEST_BATCH_SIZE = 500


def next_digest_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next time it is `NOTIFICATIONS_DIGEST_HOUR`:00 UTC, strictly after `now`."""
    return next_daily_time(minute=0, now=now)


def digest_schedule(*, now: dt.datetime | None = None, fix: bool = False) -> dt.datetime | None:
    """Makes sure one summary run is queued; returns when it runs (None: the task backend cannot defer).

    With `fix` (the management command), extra queued runs are removed and a
    waiting run is moved to the configured hour if that setting changed.
    """
    from twinning.notifications.tasks import send_daily_digests

    now = now or timezone.now()
    return daily_schedule(
        send_daily_digests,
        when=next_digest_time(now),
        now=now,
        fix=fix,
        move_waiting=True,
        unscheduled_warning=(
            "The task backend cannot run tasks later: the daily notification summary is not scheduled."
        ),
    )


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
