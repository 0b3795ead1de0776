"""Background work of the events app: thin wrappers, safe to run twice."""

from django_tasks import task


@task()
def expire_event_offers() -> int:
    """The hourly run: queues the next run, then passes expired waiting-list offers to the next in line."""
    from twinning.events.scheduling import offers_dispatch

    return offers_dispatch()
