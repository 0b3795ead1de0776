"""Background work of the notifications app: thin wrappers taking ids, safe to run twice."""

from django_tasks import task

from twinning.notifications import services


@task()
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@task()
def send_digest_batch(user_ids: list[int]) -> int:
    """Sends the daily summary to each of these users; returns how many notifications went."""
    return sum(services.digest_send(user_id=user_id) for user_id in user_ids)


@task()
def send_daily_digests() -> int:
    """The daily run: queues tomorrow's run, then one batch task per chunk of users with something waiting."""
    from twinning.notifications.scheduling import digests_dispatch

    return digests_dispatch()
