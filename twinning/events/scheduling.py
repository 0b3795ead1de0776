"""When the hourly run that passes on expired waiting-list offers happens: one queued run at a time,
each run queueing the next.

The same helper as the daily tasks (`core/scheduling.py`), with the next full
hour (plus five minutes) for `when`: the task queues its next run before
working, and `manage.py schedule_event_offers` (run at each deployment) makes
sure exactly one future run is waiting. A duplicate run expires nothing twice:
each offer is claimed by a conditional UPDATE. An offer past its time can no
longer be accepted even before the run passes it on (`offer_accept` checks
the time); the run only hands the seat to the next in line.
"""

import datetime as dt

from django.utils import timezone

from twinning.core.scheduling import daily_schedule


def next_offers_run(now: dt.datetime | None = None) -> dt.datetime:
    """Five minutes past the next hour, strictly after `now` (UTC)."""
    now = (now or timezone.now()).astimezone(dt.UTC)
    at = now.replace(minute=5, second=0, microsecond=0)
    return at if at > now else at + dt.timedelta(hours=1)


def offers_schedule(*, now: dt.datetime | None = None, fix: bool = False) -> dt.datetime | None:
    """Makes sure one run is queued; returns when it runs (None: the task backend cannot defer)."""
    from twinning.events.tasks import expire_event_offers

    now = now or timezone.now()
    return daily_schedule(
        expire_event_offers,
        when=next_offers_run(now),
        now=now,
        fix=fix,
        unscheduled_warning="The task backend cannot run tasks later: expired event offers are not passed on.",
    )


def offers_dispatch(*, now: dt.datetime | None = None) -> int:
    """Queues the next hourly run, then passes on the offers expired by now."""
    from twinning.events.services import offers_expire

    offers_schedule(now=now)
    return offers_expire(now=now)
