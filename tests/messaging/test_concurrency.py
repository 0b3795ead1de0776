"""Requests at the same moment: the hourly limit holds, and an unread burst brings exactly one notice.

Each test makes the first request pause inside its transaction so the second
arrives in the middle: without the row locks both would pass. They need real
concurrent connections: PostgreSQL, or SQLite on a file (TWINNING_TEST_SQLITE).
"""

import time

import pytest

from tests.accounts.factories import UserFactory
from tests.concurrency import needs_concurrent_connections, run_together
from twinning.core.errors import DomainError
from twinning.messaging import services
from twinning.messaging.models import Conversation, Message
from twinning.notifications.models import Notification


def _pause_after(monkeypatch, name):
    original = getattr(services, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, name, slow)


@pytest.mark.django_db(transaction=True)
def test_two_conversations_at_once_cannot_both_take_the_last_place(settings, monkeypatch):
    needs_concurrent_connections()
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    _pause_after(monkeypatch, "_started_in_last_hour")
    sender, first, second = UserFactory(), UserFactory(), UserFactory()

    def start_with(recipient):
        return lambda: services.conversation_start(actor=sender, recipients=[recipient], body="Hello")

    results = run_together(start_with(first), start_with(second))

    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1, results
    assert refused[0].code == "rate_limited"
    assert Conversation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_replies_at_once_bring_one_notice(monkeypatch):
    needs_concurrent_connections()
    a, b, reader = UserFactory(), UserFactory(), UserFactory()
    conversation = services.conversation_start(actor=a, recipients=[b, reader], body="Hello")
    services.message_send(actor=b, conversation=conversation, body="Hi")
    services.conversation_mark_read(actor=reader, conversation=conversation)
    Notification.objects.all().delete()
    _pause_after(monkeypatch, "_lock_members")

    def reply(actor):
        return lambda: services.message_send(actor=actor, conversation=conversation, body="At the same time")

    results = run_together(reply(a), reply(b))

    assert all(isinstance(r, Message) for r in results), results
    assert Notification.objects.filter(recipient=reader).count() == 1
    assert conversation.memberships.get(user=reader).unread_count == 2
