"""The forum engine's services: each access flag both ways, counters, hiding, locking, threading."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.discussions import owner
from tests.discussions.conftest import first_post, reply, start
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum, Post, Thread
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.selectors import forum_threads, thread_posts
from twinning.discussions.services import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    forum_create,
    post_delete,
    post_edit,
    post_reply,
    post_set_hidden,
    thread_set_locked,
    thread_set_pinned,
    thread_start,
)

pytestmark = pytest.mark.django_db

ALL_BUT = {
    "can_read": ForumAccess(can_read=False, can_start_thread=True, can_reply=True, can_moderate=True),
    "can_start_thread": ForumAccess(can_read=True, can_start_thread=False, can_reply=True, can_moderate=False),
    "can_reply": ForumAccess(can_read=True, can_start_thread=True, can_reply=False, can_moderate=False),
    "can_moderate": owner.WRITER,
}


def _reload(obj):
    obj.refresh_from_db()
    return obj


def test_forum_create_makes_an_empty_forum():
    forum = forum_create(purpose="twinspace_forum")
    assert forum.purpose == "twinspace_forum"
    assert forum.thread_count == 0


# Starting threads


def test_a_writer_starts_a_thread_with_its_first_post(forum, writer):
    thread = thread_start(actor=writer, forum=forum, access=owner.WRITER, title="  Our   plan ", body="  Hello\n")
    assert thread.title == "Our plan"
    assert thread.author == writer
    assert _reload(thread).post_count == 1
    post = first_post(thread)
    assert post.body == "Hello"
    assert post.author == writer
    assert _reload(forum).thread_count == 1


@pytest.mark.parametrize("missing", ["can_read", "can_start_thread"])
def test_starting_a_thread_is_refused_without_its_flag(forum, writer, missing):
    with pytest.raises(PermissionRefused):
        thread_start(actor=writer, forum=forum, access=ALL_BUT[missing], title="T", body="B")
    assert Thread.objects.count() == 0
    assert Post.objects.count() == 0
    assert _reload(forum).thread_count == 0


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Body", "title"),
        ("   \n\t", "Body", "title"),
        ("Title", "", "body"),
        ("Title", "   \n  ", "body"),
        ("x" * (TITLE_MAX_LENGTH + 1), "Body", "title"),
        ("Title", "x" * (BODY_MAX_LENGTH + 1), "body"),
        ("Title", "nul\x00byte", "body"),
    ],
)
def test_bad_titles_and_bodies_are_refused_with_nothing_stored(forum, writer, title, body, field):
    with pytest.raises(DomainError) as refused:
        thread_start(actor=writer, forum=forum, access=owner.WRITER, title=title, body=body)
    assert refused.value.field == field
    assert refused.value.message
    assert Thread.objects.count() == 0
    assert _reload(forum).thread_count == 0


# Replies


def test_a_replier_replies_and_the_thread_counters_move(forum, writer, replier):
    thread = start(forum, writer)
    before = _reload(thread).last_post_at
    post = post_reply(actor=replier, thread=thread, access=owner.REPLIER, body="Count me in")
    thread = _reload(thread)
    assert thread.post_count == 2
    assert thread.last_post_at == post.created_at >= before
    assert post.parent is None


@pytest.mark.parametrize("missing", ["can_read", "can_reply"])
def test_replying_is_refused_without_its_flag(forum, writer, replier, missing):
    thread = start(forum, writer)
    with pytest.raises(PermissionRefused):
        post_reply(actor=replier, thread=thread, access=ALL_BUT[missing], body="Hi")
    assert _reload(thread).post_count == 1
    assert Post.objects.count() == 1


def test_an_empty_reply_is_refused(forum, writer):
    thread = start(forum, writer)
    with pytest.raises(DomainError, match="Write your message"):
        post_reply(actor=writer, thread=thread, access=owner.WRITER, body="  ")
    assert Post.objects.count() == 1


def test_a_reply_answers_a_post_of_the_same_thread(forum, writer, other_writer):
    thread = start(forum, writer)
    answer = reply(thread, other_writer, parent=first_post(thread))
    assert answer.parent == first_post(thread)


def test_a_reply_to_a_post_of_another_thread_is_refused(forum, writer, other_writer):
    thread = start(forum, writer)
    elsewhere = start(forum, other_writer, title="Another subject")
    with pytest.raises(DomainError) as refused:
        reply(thread, other_writer, parent=first_post(elsewhere))
    assert refused.value.field == "parent"
    assert Post.objects.count() == 2
    assert _reload(thread).post_count == 1


def test_a_locked_thread_refuses_replies_but_moderators_may_still_answer(forum, writer, moderator):
    thread = start(forum, writer)
    thread_set_locked(actor=moderator, thread=thread, access=owner.MODERATOR, locked=True)
    with pytest.raises(DomainError) as refused:
        post_reply(actor=writer, thread=_reload(thread), access=owner.WRITER, body="Still here")
    assert refused.value.code == "locked"
    # The thread object the caller holds may be stale: the database decides.
    stale = Thread.objects.get(pk=thread.pk)
    stale.is_locked = False
    with pytest.raises(DomainError):
        post_reply(actor=writer, thread=stale, access=owner.WRITER, body="Still here")
    assert Post.objects.count() == 1
    post_reply(actor=moderator, thread=_reload(thread), access=owner.MODERATOR, body="Closing words")
    assert _reload(thread).post_count == 2
    thread_set_locked(actor=moderator, thread=thread, access=owner.MODERATOR, locked=False)
    reply(_reload(thread), writer)
    assert _reload(thread).post_count == 3


def test_a_hidden_thread_takes_no_replies_from_non_moderators(forum, writer, moderator):
    thread = start(forum, writer)
    post_set_hidden(actor=moderator, post=first_post(thread), access=owner.MODERATOR, hidden=True)
    with pytest.raises(PermissionRefused):
        reply(_reload(thread), writer)
    post_reply(actor=moderator, thread=_reload(thread), access=owner.MODERATOR, body="Moderator note")


def test_a_reply_to_a_hidden_post_is_refused_for_non_moderators(forum, writer, other_writer, moderator):
    thread = start(forum, writer)
    answer = reply(thread, other_writer)
    post_set_hidden(actor=moderator, post=answer, access=owner.MODERATOR, hidden=True)
    with pytest.raises(DomainError):
        reply(_reload(thread), writer, parent=_reload(answer))


# Editing and deleting


def test_the_author_edits_their_post(forum, writer):
    thread = start(forum, writer)
    post = post_edit(actor=writer, post=first_post(thread), access=owner.WRITER, body="  Changed  ")
    post = _reload(post)
    assert post.body == "Changed"
    assert post.edited_at is not None


@pytest.mark.parametrize("who", ["other_writer", "moderator", "outsider"])
def test_only_the_author_edits(forum, writer, who, request):
    thread = start(forum, writer)
    actor = request.getfixturevalue(who)
    access = owner.RULES.get(actor.pk, owner.NOTHING)
    with pytest.raises(PermissionRefused):
        post_edit(actor=actor, post=first_post(thread), access=access, body="Not mine")
    assert first_post(thread).body == "Shall we measure rainfall?"


def test_an_author_who_may_no_longer_write_cannot_edit(forum, writer):
    thread = start(forum, writer)
    with pytest.raises(PermissionRefused):
        post_edit(actor=writer, post=first_post(thread), access=owner.READER, body="Changed")


def test_an_empty_edit_is_refused(forum, writer):
    thread = start(forum, writer)
    with pytest.raises(DomainError):
        post_edit(actor=writer, post=first_post(thread), access=owner.WRITER, body=" ")
    assert first_post(thread).body == "Shall we measure rainfall?"


def test_the_author_deletes_a_reply_and_the_counters_follow(forum, writer, other_writer):
    thread = start(forum, writer)
    answer = reply(thread, other_writer)
    post_delete(actor=other_writer, post=answer, access=owner.WRITER)
    assert not Post.objects.filter(pk=answer.pk).exists()
    thread = _reload(thread)
    assert thread.post_count == 1
    assert thread.last_post_at == first_post(thread).created_at


def test_a_moderator_deletes_anyones_post(forum, writer, other_writer, moderator):
    thread = start(forum, writer)
    answer = reply(thread, other_writer)
    post_delete(actor=moderator, post=answer, access=owner.MODERATOR)
    assert Post.objects.filter(pk=answer.pk).count() == 0


@pytest.mark.parametrize(("who", "access"), [("writer", owner.WRITER), ("writer", owner.MODERATOR)])
def test_others_cannot_delete_a_post_unless_they_moderate(forum, other_writer, writer, who, access, request):
    thread = start(forum, other_writer)
    answer = reply(thread, other_writer)
    actor = request.getfixturevalue(who)
    if access.can_moderate:
        post_delete(actor=actor, post=answer, access=access)
        assert not Post.objects.filter(pk=answer.pk).exists()
    else:
        with pytest.raises(PermissionRefused):
            post_delete(actor=actor, post=answer, access=access)
        assert Post.objects.filter(pk=answer.pk).exists()


def test_an_author_who_may_only_read_cannot_delete(forum, writer):
    thread = start(forum, writer)
    answer = reply(thread, writer)
    with pytest.raises(PermissionRefused):
        post_delete(actor=writer, post=answer, access=owner.READER)
    assert Post.objects.filter(pk=answer.pk).exists()


def test_deleting_the_first_post_deletes_the_thread(forum, writer, other_writer):
    thread = start(forum, writer)
    reply(thread, other_writer)
    start(forum, other_writer, title="Stays")
    assert _reload(forum).thread_count == 2
    post_delete(actor=writer, post=first_post(thread), access=owner.WRITER)
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert Post.objects.filter(thread_id=thread.pk).count() == 0
    assert _reload(forum).thread_count == 1


def test_replies_to_a_deleted_post_stay(forum, writer, other_writer):
    thread = start(forum, writer)
    middle = reply(thread, other_writer, parent=first_post(thread))
    answer = reply(thread, writer, parent=middle)
    post_delete(actor=other_writer, post=middle, access=owner.WRITER)
    assert _reload(answer).parent == first_post(thread)
    assert _reload(thread).post_count == 2


# Moderation


@pytest.mark.parametrize("access", [owner.WRITER, ALL_BUT["can_read"]])
def test_only_moderators_hide_pin_and_lock(forum, writer, access):
    thread = start(forum, writer)
    with pytest.raises(PermissionRefused):
        post_set_hidden(actor=writer, post=first_post(thread), access=access, hidden=True)
    with pytest.raises(PermissionRefused):
        thread_set_pinned(actor=writer, thread=thread, access=access, pinned=True)
    with pytest.raises(PermissionRefused):
        thread_set_locked(actor=writer, thread=thread, access=access, locked=True)
    thread = _reload(thread)
    assert not (thread.is_hidden)
    assert not (thread.is_pinned)
    assert not (thread.is_locked)
    assert not first_post(thread).is_hidden


def test_a_hidden_post_disappears_for_non_moderators_and_comes_back(forum, writer, other_writer, moderator):
    thread = start(forum, writer)
    answer = reply(thread, other_writer)
    post_set_hidden(actor=moderator, post=answer, access=owner.MODERATOR, hidden=True)
    assert _reload(answer).hidden_by == moderator
    assert _reload(thread).post_count == 1
    assert list(thread_posts(thread=thread, access=owner.WRITER)) == [first_post(thread)]
    assert answer in thread_posts(thread=thread, access=owner.MODERATOR)
    # Hiding twice changes nothing more.
    post_set_hidden(actor=moderator, post=_reload(answer), access=owner.MODERATOR, hidden=True)
    assert _reload(thread).post_count == 1
    post_set_hidden(actor=moderator, post=_reload(answer), access=owner.MODERATOR, hidden=False)
    assert _reload(thread).post_count == 2
    assert answer in thread_posts(thread=thread, access=owner.WRITER)
    assert _reload(answer).hidden_by is None


def test_hiding_the_first_post_hides_the_thread(forum, writer, moderator):
    thread = start(forum, writer)
    post_set_hidden(actor=moderator, post=first_post(thread), access=owner.MODERATOR, hidden=True)
    assert _reload(thread).is_hidden
    assert _reload(forum).thread_count == 0
    assert list(forum_threads(forum=forum, access=owner.WRITER)) == []
    assert list(thread_posts(thread=_reload(thread), access=owner.WRITER)) == []
    assert list(forum_threads(forum=forum, access=owner.MODERATOR)) == [thread]
    post_set_hidden(actor=moderator, post=first_post(thread), access=owner.MODERATOR, hidden=False)
    assert not _reload(thread).is_hidden
    assert _reload(forum).thread_count == 1
    assert list(forum_threads(forum=forum, access=owner.WRITER)) == [thread]


def test_pinned_threads_come_first_then_latest_activity(forum, writer, moderator):
    old = start(forum, writer, title="Old")
    newer = start(forum, writer, title="Newer")
    Thread.objects.filter(pk=old.pk).update(last_post_at=timezone.now() - timedelta(days=3))
    assert list(forum_threads(forum=forum, access=owner.READER)) == [newer, old]
    reply(_reload(old), writer)
    assert list(forum_threads(forum=forum, access=owner.READER)) == [old, newer]
    thread_set_pinned(actor=moderator, thread=newer, access=owner.MODERATOR, pinned=True)
    assert list(forum_threads(forum=forum, access=owner.READER)) == [newer, old]
    thread_set_pinned(actor=moderator, thread=newer, access=owner.MODERATOR, pinned=False)
    assert list(forum_threads(forum=forum, access=owner.READER)) == [old, newer]


def test_readers_without_access_read_nothing(forum, writer):
    thread = start(forum, writer)
    assert list(forum_threads(forum=forum, access=owner.NOTHING)) == []
    assert list(thread_posts(thread=thread, access=owner.NOTHING)) == []


def test_threads_of_another_forum_are_not_listed(forum, writer):
    start(forum, writer)
    other = Forum.objects.create(purpose="elsewhere")
    assert list(forum_threads(forum=other, access=owner.MODERATOR)) == []
