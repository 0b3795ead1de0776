"""notify(), reading, preferences and how a notification's text is rendered."""

import pytest
from django.core import mail
from django.utils import translation

from tests.accounts.factories import UserFactory
from twinning.core.errors import DomainError
from twinning.notifications import kinds
from twinning.notifications.kinds import KINDS, Delivery
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.permissions import can_view_notification, visible_notifications
from twinning.notifications.selectors import deliveries_for, delivery_for, unread_count
from twinning.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    preferences_update,
)

pytestmark = pytest.mark.django_db


# notify()


@pytest.mark.parametrize("kind", list(KINDS))
def test_notify_records_every_kind_with_its_default_delivery(kind, teacher_es, actor):
    notification = notify(recipient=teacher_es, kind=kind, actor=actor, url="/somewhere/", params={"n": 1})

    stored = Notification.objects.get()
    assert stored == notification
    assert (stored.recipient, stored.actor, stored.kind, stored.url) == (teacher_es, actor, kind, "/somewhere/")
    assert stored.params == {"n": 1}
    assert stored.delivery == KINDS[kind].default
    assert stored.read_at is None
    assert stored.emailed_at is None


def test_notify_refuses_an_unknown_kind_and_stores_nothing(teacher_es, actor):
    with pytest.raises(ValueError, match="no_such_kind"):
        notify(recipient=teacher_es, kind="no_such_kind", actor=actor)
    assert not Notification.objects.exists()


def test_an_inactive_recipient_gets_no_notification_and_no_email(notify_now, actor):
    gone = UserFactory(is_active=False)
    assert notify_now(recipient=gone, kind="message", actor=actor) is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_nobody_is_notified_of_their_own_action(notify_now, teacher_es):
    assert notify_now(recipient=teacher_es, kind="message", actor=teacher_es) is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notify_without_an_actor_is_allowed(teacher_es):
    notification = notify(recipient=teacher_es, kind="new_follower")
    assert notification is not None
    assert notification.actor is None


def test_notify_follows_the_recipients_stored_preference(teacher_es, actor):
    NotificationPreference.objects.create(user=teacher_es, kind="message", delivery=Delivery.NEVER)
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    assert notification.delivery == Delivery.NEVER


# Preferences


def test_delivery_for_is_the_stored_choice_or_the_kinds_default(teacher_es, teacher_fr):
    NotificationPreference.objects.create(user=teacher_es, kind="new_follower", delivery=Delivery.IMMEDIATELY)
    assert delivery_for(user=teacher_es, kind="new_follower") == Delivery.IMMEDIATELY
    assert delivery_for(user=teacher_fr, kind="new_follower") == KINDS["new_follower"].default
    assert delivery_for(user=teacher_es, kind="gone_kind") == Delivery.NEVER
    assert deliveries_for(user=teacher_es) == {
        **{kind: definition.default for kind, definition in KINDS.items()},
        "new_follower": Delivery.IMMEDIATELY,
    }


def test_preferences_store_only_what_differs_from_the_default(teacher_es):
    preferences_update(actor=teacher_es, choices={"message": "daily", "new_follower": KINDS["new_follower"].default})
    assert list(NotificationPreference.objects.values_list("user", "kind", "delivery")) == [
        (teacher_es.pk, "message", "daily")
    ]

    preferences_update(actor=teacher_es, choices={"message": "never"})
    assert NotificationPreference.objects.get().delivery == "never"

    preferences_update(actor=teacher_es, choices={"message": KINDS["message"].default})
    assert not NotificationPreference.objects.exists()
    assert delivery_for(user=teacher_es, kind="message") == KINDS["message"].default


@pytest.mark.parametrize(
    "choices",
    [
        {"message": "daily", "new_follower": "weekly"},
        {"message": "daily", "no_such_kind": "never"},
        {"message": ""},
    ],
)
def test_preferences_with_a_bad_value_store_nothing(teacher_es, choices):
    with pytest.raises(DomainError):
        preferences_update(actor=teacher_es, choices=choices)
    assert not NotificationPreference.objects.exists()


def test_turning_a_kind_to_never_stops_its_emails_not_yet_sent(teacher_es, actor):
    waiting = notify(recipient=teacher_es, kind="new_follower", actor=actor)
    other_kind = notify(recipient=teacher_es, kind="contact_accepted", actor=actor)
    preferences_update(actor=teacher_es, choices={"new_follower": "never"})
    waiting.refresh_from_db()
    other_kind.refresh_from_db()
    assert waiting.delivery == Delivery.NEVER
    assert other_kind.delivery == Delivery.DAILY


# Reading


def test_marking_read_is_for_the_recipient_only_and_happens_once(teacher_es, teacher_fr, actor):
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    with pytest.raises(DomainError):
        notification_mark_read(actor=teacher_fr, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None

    assert notification_mark_read(actor=teacher_es, notification=notification) is True
    first_read = Notification.objects.get().read_at
    assert first_read is not None
    assert notification_mark_read(actor=teacher_es, notification=notification) is False
    assert Notification.objects.get().read_at == first_read


def test_mark_all_read_touches_only_the_actors_unread_notifications(teacher_es, teacher_fr, actor):
    for _ in range(3):
        notify(recipient=teacher_es, kind="new_follower", actor=actor)
    theirs = notify(recipient=teacher_fr, kind="new_follower", actor=actor)
    assert unread_count(user=teacher_es) == 3

    assert notifications_mark_all_read(actor=teacher_es) == 3
    assert unread_count(user=teacher_es) == 0
    assert notifications_mark_all_read(actor=teacher_es) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_count_stops_at_its_cap(teacher_es, actor):
    Notification.objects.bulk_create(
        [Notification(recipient=teacher_es, actor=actor, kind="new_follower") for _ in range(105)]
    )
    assert unread_count(user=teacher_es) == 100


# Permissions, both ways


def test_only_the_recipient_may_see_a_notification(teacher_es, teacher_fr, actor):
    from django.contrib.auth.models import AnonymousUser

    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    assert can_view_notification(teacher_es, notification)
    assert list(visible_notifications(teacher_es)) == [notification]
    for other in [teacher_fr, actor, AnonymousUser()]:
        assert not can_view_notification(other, notification)
        assert not visible_notifications(other).exists()


# Rendering


def test_the_text_names_the_actor_and_uses_params(teacher_es, actor, monkeypatch):
    notification = notify(recipient=teacher_es, kind="contact_invitation", actor=actor)
    assert notification.text == "Marta Rossi invites you to be their contact."

    monkeypatch.setitem(
        KINDS,
        "project_invitation",
        kinds.NotificationKind("project_invitation", "label", "%(actor)s invites you to %(title)s.", Delivery.NEVER),
    )
    with_params = notify(recipient=teacher_es, kind="project_invitation", actor=actor, params={"title": "Birds"})
    assert with_params.text == "Marta Rossi invites you to Birds."


def test_the_text_without_an_actor_says_someone(teacher_es):
    assert notify(recipient=teacher_es, kind="new_follower").text == "Someone started following you."


def test_a_removed_kind_or_missing_params_render_a_neutral_text(teacher_es, actor, monkeypatch):
    removed = Notification.objects.create(recipient=teacher_es, actor=actor, kind="removed_long_ago")
    assert removed.text == "Something happened on Twinning that concerns you."

    monkeypatch.setitem(
        KINDS, "needs_title", kinds.NotificationKind("needs_title", "label", "%(title)s changed.", Delivery.NEVER)
    )
    missing = notify(recipient=teacher_es, kind="needs_title", actor=actor)
    assert missing.text == "Something happened on Twinning that concerns you."


def test_the_text_is_rendered_in_the_active_language(teacher_es, actor, spanish_catalogue):
    spanish_catalogue({"%(actor)s wrote you a message.": "%(actor)s te ha escrito un mensaje."})
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    with translation.override("es"):
        assert notification.text == "Marta Rossi te ha escrito un mensaje."
    with translation.override("en"):
        assert notification.text == "Marta Rossi wrote you a message."
