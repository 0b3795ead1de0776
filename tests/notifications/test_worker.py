"""Notification emails and the daily summary through the real database queue and its worker."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from tests.accounts.factories import UserFactory
from twinning.notifications.scheduling import next_digest_time
from twinning.notifications.services import notify
from twinning.notifications.tasks import send_daily_digests, send_notification_email

DIGEST_PATH = "twinning.notifications.tasks.send_daily_digests"


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATIONS_DIGEST_HOUR = 6


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _queued_digests():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=DIGEST_PATH, status="READY")


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_an_immediate_email_once(database_queue):
    from django_tasks_db.models import DBTaskResult

    recipient, actor = UserFactory(), UserFactory(first_name="Marta", last_name="Rossi")
    notification = notify(recipient=recipient, kind="message", actor=actor)  # commits: the task is queued
    send_notification_email.enqueue(notification.pk)  # queued twice by mistake: still one email
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2

    _work()
    _work()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([recipient.email], "[Twinning] Marta Rossi wrote you a message.")
    ]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_each_user_one_summary_and_queues_tomorrows_run(database_queue):
    from django_tasks_db.models import DBTaskResult

    actor = UserFactory(first_name="Marta", last_name="Rossi")
    first, second = UserFactory(), UserFactory()
    for user in [first, second]:
        notify(recipient=user, kind="new_follower", actor=actor)
        notify(recipient=user, kind="contact_accepted", actor=actor)
    send_daily_digests.enqueue()
    send_daily_digests.enqueue()  # two runs at once (a duplicate, or two workers): still one email each

    _work()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    for message in mail.outbox:
        assert message.body.count("Marta Rossi started following you.") == 1
        assert message.body.count("Marta Rossi accepted your contact invitation.") == 1
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    # Exactly one run waits for tomorrow at the configured hour.
    waiting = list(_queued_digests())
    assert len(waiting) == 1
    assert waiting[0].run_after == next_digest_time()
    assert waiting[0].run_after.hour == 6


@pytest.mark.django_db(transaction=True)
def test_schedule_command_queues_exactly_one_future_run(database_queue, settings):
    call_command("schedule_notification_digest", verbosity=0)
    call_command("schedule_notification_digest", verbosity=0)
    assert _queued_digests().count() == 1
    assert _queued_digests().get().run_after == next_digest_time()

    # Duplicates left by an old release are removed; a changed hour moves the waiting run.
    send_daily_digests.using(run_after=next_digest_time() + dt.timedelta(hours=1)).enqueue()
    settings.NOTIFICATIONS_DIGEST_HOUR = 21
    call_command("schedule_notification_digest", verbosity=0)
    waiting = _queued_digests().get()
    assert waiting.run_after == next_digest_time()
    assert waiting.run_after.hour == 21

    # The worker does not run it before its time.
    _work()
    assert _queued_digests().count() == 1


@pytest.mark.django_db(transaction=True)
def test_schedule_command_with_now_queues_a_run_for_the_worker(database_queue):
    actor, user = UserFactory(), UserFactory()
    notify(recipient=user, kind="new_follower", actor=actor)
    call_command("schedule_notification_digest", "--now", verbosity=0)
    _work()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert _queued_digests().count() == 1


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 3, 1, 5, 59, tzinfo=dt.UTC), dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC)),
        (dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)),
        (dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, 6, 0, tzinfo=dt.UTC)),
    ],
)
def test_next_digest_time_is_the_next_configured_hour_in_utc(settings, now, expected):
    settings.NOTIFICATIONS_DIGEST_HOUR = 6
    assert next_digest_time(now) == expected


def test_with_a_backend_that_cannot_wait_nothing_is_scheduled(settings, capsys):
    # The tests' immediate backend runs tasks at once: scheduling must refuse, not loop.
    call_command("schedule_notification_digest")
    assert "no daily summary was scheduled" in capsys.readouterr().err
