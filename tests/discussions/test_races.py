"""A reply racing a moderator's lock: the reply's conditional counter update waits for the lock's transaction
and then reads the committed row, so a reply cannot slip into a thread locked a moment before."""

import threading
import time

import pytest
from django.db import transaction

from tests.concurrency import needs_concurrent_connections, run_together
from tests.discussions import owner
from tests.discussions.conftest import start
from twinning.core.errors import DomainError
from twinning.discussions.models import Post, Thread
from twinning.discussions.services import post_reply, post_set_hidden, thread_set_locked

pytestmark = pytest.mark.django_db(transaction=True)


def _race(change, writer, thread):
    """`change` runs in a transaction that stays open while the reply arrives; returns (change, reply) results."""
    changed = threading.Event()
    stale = Thread.objects.get(pk=thread.pk)  # what the replier's page loaded: still open

    def moderate():
        with transaction.atomic():
            change()
            changed.set()
            time.sleep(0.5)  # the reply comes in before this commits
        return "done"

    def answer():
        assert changed.wait(timeout=10)
        return post_reply(actor=writer, thread=stale, access=owner.WRITER, body="Sneaking in")

    return run_together(moderate, answer)


def test_a_reply_racing_a_lock_is_refused(forum, writer, moderator):
    needs_concurrent_connections()
    thread = start(forum, writer)

    done, replied = _race(
        lambda: thread_set_locked(actor=moderator, thread=thread, access=owner.MODERATOR, locked=True),
        writer,
        thread,
    )

    assert done == "done"
    assert isinstance(replied, DomainError)
    assert replied.code == "locked"
    assert Post.objects.filter(thread=thread).count() == 1
    assert Thread.objects.get(pk=thread.pk).post_count == 1


def test_a_reply_racing_a_hide_is_refused(forum, writer, moderator):
    needs_concurrent_connections()
    thread = start(forum, writer)
    first = Post.objects.get(thread=thread)

    done, replied = _race(
        lambda: post_set_hidden(actor=moderator, post=first, access=owner.MODERATOR, hidden=True),
        writer,
        thread,
    )

    assert done == "done"
    assert isinstance(replied, DomainError)
    assert Post.objects.filter(thread=thread).count() == 1
    assert Thread.objects.get(pk=thread.pk).is_hidden
