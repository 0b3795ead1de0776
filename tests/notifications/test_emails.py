"""Emails by preference: immediately, in the daily summary, or never; each notification emailed at most once."""

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from tests.accounts.factories import UserFactory
from twinning.notifications import emails, services
from twinning.notifications.kinds import Delivery
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.services import digest_send, notification_mark_read
from twinning.notifications.tasks import send_daily_digests, send_notification_email

pytestmark = pytest.mark.django_db


def _prefer(user, kind, delivery):
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


def _run_digest():
    send_daily_digests.enqueue()  # the immediate backend of the tests runs it, and its batches, inline


# Immediately


def test_an_immediate_notification_sends_one_email_after_commit(notify_now, teacher_es, actor, settings):
    settings.SITE_URL = "https://twinning.example.org"
    notification = notify_now(recipient=teacher_es, kind="message", actor=actor, url="/messages/7/")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher_es.email]
    assert message.subject == "[Twinning] Marta Rossi wrote you a message."
    assert "https://twinning.example.org/messages/7/" in message.body
    assert "https://twinning.example.org/notifications/preferences/" in message.body
    assert message.extra_headers["Content-Language"] == "en"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_names_with_apostrophes_and_ampersands_reach_the_email_as_written(notify_now, teacher_es):
    # Emails are plain text: HTML escaping would show "O&#x27;Brien" in the subject line.
    actor = UserFactory(first_name="Seán", last_name="O'Brien & Sons")
    notify_now(recipient=teacher_es, kind="message", actor=actor)
    message = mail.outbox[0]
    assert message.subject == "[Twinning] Seán O'Brien & Sons wrote you a message."
    assert "Seán O'Brien & Sons wrote you a message." in message.body
    assert "&#x27;" not in message.subject + message.body
    assert "&amp;" not in message.subject + message.body


def test_nothing_is_queued_before_the_callers_transaction_commits(teacher_es, actor):
    # Without running the on-commit callbacks (the caller's transaction has not committed), no email goes.
    services.notify(recipient=teacher_es, kind="message", actor=actor)
    assert mail.outbox == []


def test_the_immediate_task_run_twice_sends_one_email(notify_now, teacher_es, actor):
    notification = notify_now(recipient=teacher_es, kind="message", actor=actor)
    assert send_notification_email.call(notification.pk) is False
    send_notification_email.enqueue(notification.pk)
    assert len(mail.outbox) == 1


def test_a_notification_read_before_its_email_goes_is_not_emailed(teacher_es, actor):
    notification = services.notify(recipient=teacher_es, kind="message", actor=actor)
    notification_mark_read(actor=teacher_es, notification=notification)
    assert send_notification_email.call(notification.pk) is False
    assert mail.outbox == []


def test_a_recipient_deactivated_before_the_email_goes_gets_none(teacher_es, actor):
    notification = services.notify(recipient=teacher_es, kind="message", actor=actor)
    teacher_es.is_active = False
    teacher_es.save()
    assert send_notification_email.call(notification.pk) is False
    assert send_notification_email.call(notification.pk + 1000) is False  # gone: nothing, no error
    assert mail.outbox == []


def test_a_failed_immediate_email_can_be_sent_again(teacher_es, actor, monkeypatch):
    notification = services.notify(recipient=teacher_es, kind="message", actor=actor)

    def broken(**kwargs):
        raise ConnectionError("SMTP is down")

    monkeypatch.setattr(emails, "send_notification", broken)
    with pytest.raises(ConnectionError):
        send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None

    monkeypatch.undo()
    assert send_notification_email.call(notification.pk) is True
    assert len(mail.outbox) == 1


def test_an_immediate_kind_set_to_daily_waits_for_the_summary(notify_now, teacher_es, actor):
    _prefer(teacher_es, "message", Delivery.DAILY)
    notify_now(recipient=teacher_es, kind="message", actor=actor)
    assert mail.outbox == []
    _run_digest()
    assert len(mail.outbox) == 1
    assert "Marta Rossi wrote you a message." in mail.outbox[0].body


# Never


def test_never_means_no_email_now_nor_in_the_summary(notify_now, teacher_es, actor):
    _prefer(teacher_es, "message", Delivery.NEVER)
    _prefer(teacher_es, "new_follower", Delivery.NEVER)
    notify_now(recipient=teacher_es, kind="message", actor=actor)
    notify_now(recipient=teacher_es, kind="new_follower", actor=actor)
    _run_digest()
    assert mail.outbox == []
    # Still shown under the bell, and never marked as emailed.
    assert set(Notification.objects.values_list("emailed_at", "read_at")) == {(None, None)}


# The daily summary


def test_daily_notifications_wait_for_one_summary_listing_each(notify_now, teacher_es, actor, settings):
    settings.SITE_URL = "https://twinning.example.org"
    other = UserFactory(first_name="Jan", last_name="Novak")
    notify_now(recipient=teacher_es, kind="new_follower", actor=actor, url="/profiles/5/")
    notify_now(recipient=teacher_es, kind="new_follower", actor=other)
    notify_now(recipient=teacher_es, kind="contact_accepted", actor=other, url="/network/contacts/")
    assert mail.outbox == []

    _run_digest()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher_es.email]
    assert "3 new notifications" in message.subject
    assert message.body.count("Marta Rossi started following you.") == 1
    assert message.body.count("Jan Novak started following you.") == 1
    assert message.body.count("Jan Novak accepted your contact invitation.") == 1
    assert "https://twinning.example.org/profiles/5/" in message.body
    assert "https://twinning.example.org/network/contacts/" in message.body
    # Without a link of its own, a notification leads to the list.
    assert "https://twinning.example.org/notifications/\n" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_summary_run_twice_sends_one_email_per_user(notify_now, teacher_es, teacher_fr, actor):
    notify_now(recipient=teacher_es, kind="new_follower", actor=actor)
    notify_now(recipient=teacher_fr, kind="new_follower", actor=actor)
    _run_digest()
    _run_digest()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([teacher_es.email, teacher_fr.email])

    # A later notification goes in the next summary, alone.
    notify_now(recipient=teacher_es, kind="contact_accepted", actor=actor)
    _run_digest()
    assert len(mail.outbox) == 3
    assert "1 new notification" in mail.outbox[2].subject
    assert "started following you" not in mail.outbox[2].body


def test_the_summary_skips_read_and_immediate_notifications(notify_now, teacher_es, actor):
    seen = notify_now(recipient=teacher_es, kind="new_follower", actor=actor)
    notification_mark_read(actor=teacher_es, notification=seen)
    notify_now(recipient=teacher_es, kind="message", actor=actor)  # emailed on its own
    assert len(mail.outbox) == 1
    _run_digest()
    assert len(mail.outbox) == 1


def test_a_deactivated_user_gets_no_summary(notify_now, actor):
    user = UserFactory()
    notification = notify_now(recipient=user, kind="new_follower", actor=actor)
    user.is_active = False
    user.save()
    _run_digest()
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.delivery == Delivery.NEVER
    assert notification.emailed_at is None


def test_a_long_summary_lists_the_first_and_counts_the_rest(teacher_es, actor, monkeypatch):
    monkeypatch.setattr(services, "DIGEST_MAX_ITEMS", 2)
    for _ in range(5):
        services.notify(recipient=teacher_es, kind="new_follower", actor=actor)
    assert digest_send(user_id=teacher_es.pk) == 5
    body = mail.outbox[0].body
    assert body.count("Marta Rossi started following you.") == 2
    assert "… and 3 more." in body
    assert "5 new notifications" in mail.outbox[0].subject


def test_a_failed_summary_releases_its_notifications_for_the_next_run(teacher_es, actor, monkeypatch):
    services.notify(recipient=teacher_es, kind="new_follower", actor=actor)

    def broken(**kwargs):
        raise ConnectionError("SMTP is down")

    monkeypatch.setattr(emails, "send_digest", broken)
    with pytest.raises(ConnectionError):
        digest_send(user_id=teacher_es.pk)
    assert Notification.objects.get().emailed_at is None

    monkeypatch.undo()
    assert digest_send(user_id=teacher_es.pk) == 1
    assert len(mail.outbox) == 1


def test_the_summary_walks_users_in_batches(notify_now, actor):
    from twinning.notifications.scheduling import digests_dispatch

    users = UserFactory.create_batch(5)
    for user in users:
        notify_now(recipient=user, kind="new_follower", actor=actor)
    assert digests_dispatch(batch_size=2) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


# In the recipient's language


def test_emails_go_out_in_the_recipients_language(notify_now, actor, spanish_catalogue):
    spanish_catalogue(
        {
            "%(actor)s wrote you a message.": "%(actor)s te ha escrito un mensaje.",
            "%(actor)s started following you.": "%(actor)s ha empezado a seguirte.",
            "Hello %(name)s,": "Hola, %(name)s:",
        }
    )
    spanish = UserFactory(first_name="Lucía", preferred_language="es")
    english = UserFactory(first_name="Anna", preferred_language="en")
    with translation.override("en"):  # whoever acts reads English: it must not matter
        for user in [spanish, english]:
            notify_now(recipient=user, kind="message", actor=actor)
            notify_now(recipient=user, kind="new_follower", actor=actor)
        _run_digest()

    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    immediate_es, digest_es = by_recipient[spanish.email]
    immediate_en, digest_en = by_recipient[english.email]

    assert immediate_es.subject == "[Twinning] Marta Rossi te ha escrito un mensaje."
    assert immediate_es.body.startswith("Hola, Lucía:")
    assert immediate_es.extra_headers["Content-Language"] == "es"
    assert "Marta Rossi ha empezado a seguirte." in digest_es.body
    assert digest_es.extra_headers["Content-Language"] == "es"
    # The date in the summary's subject comes from Django's own Spanish formats ("28 de noviembre de 2026").
    with translation.override("es"):
        spanish_date = formats.date_format(timezone.localtime(timezone.now(), teacher_zone(spanish)), "DATE_FORMAT")
    assert " de " in spanish_date
    assert spanish_date in digest_es.subject

    assert immediate_en.subject == "[Twinning] Marta Rossi wrote you a message."
    assert immediate_en.body.startswith("Hello Anna,")
    assert "Marta Rossi started following you." in digest_en.body
    assert " de " not in digest_en.subject


def teacher_zone(user):
    from zoneinfo import ZoneInfo

    return ZoneInfo(user.time_zone)
