"""Reads of a forum: its threads and a thread's posts, follows and open reports, with what a page shows
loaded once."""

from collections.abc import Iterable

from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.discussions.models import Forum, Post, Report, Thread, ThreadFollow
from twinning.discussions.permissions import ForumAccess


def forum_threads(*, forum: Forum, access: ForumAccess) -> QuerySet[Thread]:
    """The forum's threads, pinned first then by latest activity; hidden ones for moderators only."""
    if not access.can_read:
        return Thread.objects.none()
    threads = Thread.objects.filter(forum=forum).select_related("author")
    if not access.can_moderate:
        threads = threads.filter(is_hidden=False)
    return threads.order_by("-is_pinned", "-last_post_at", "-pk")


def forum_thread(*, forum: Forum, access: ForumAccess, pk: int) -> Thread:
    """One thread of the forum the reader may see; `Thread.DoesNotExist` otherwise (pages answer 404)."""
    return forum_threads(forum=forum, access=access).get(pk=pk)


def thread_posts(*, thread: Thread, access: ForumAccess) -> QuerySet[Post]:
    """A thread's posts in the order they were written, each with its author and the post it answers."""
    if not access.can_read or (thread.is_hidden and not access.can_moderate):
        return Post.objects.none()
    posts = Post.objects.filter(thread_id=thread.pk).select_related("author", "parent", "parent__author")
    if not access.can_moderate:
        posts = posts.filter(is_hidden=False)
    return posts.order_by("created_at", "pk")


def thread_post(*, thread: Thread, access: ForumAccess, pk: int) -> Post:
    """One post of the thread the reader may see, its thread attached; `Post.DoesNotExist` otherwise."""
    post = thread_posts(thread=thread, access=access).get(pk=pk)
    post.thread = thread
    return post


def is_following(*, user: User, thread: Thread) -> bool:
    """Whether the user hears of new posts in the thread."""
    if not user.is_authenticated:
        return False
    return ThreadFollow.objects.filter(thread_id=thread.pk, user_id=user.pk).exists()


def open_reports(*, forum: Forum | None = None, forums: Iterable[Forum | int] | None = None) -> QuerySet[Report]:
    """Open reports of the posts of one forum (or several), oldest first, each with its post, the post's
    author and thread, and the reporter loaded. Neither forum nor forums gives nothing."""
    ids: list[int] = []
    if forum is not None:
        ids.append(forum.pk)
    if forums is not None:
        ids.extend(item if isinstance(item, int) else item.pk for item in forums)
    if not ids:
        return Report.objects.none()
    return (
        Report.objects.filter(state=Report.State.OPEN, post__thread__forum_id__in=ids)
        .select_related("post", "post__author", "post__thread", "reporter")
        .order_by("created_at", "pk")
    )
