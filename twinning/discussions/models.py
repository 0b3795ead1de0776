"""The one forum engine: forums, threads and posts, whatever they belong to.

A forum knows nothing about its owner. The app that owns a forum (a
TwinSpace, a group, an event, the partner-finding forums) holds a link to it
and decides who may read, write and moderate there; it hands that decision to
the services here as a `ForumAccess` (see `permissions.py`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    """A place for threads. `purpose` says what it is for its owner, for the admin and logs only."""

    purpose = models.CharField(_("purpose"), max_length=40)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    thread_count = models.PositiveIntegerField(_("threads"), default=0)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class Thread(models.Model):
    """A subject opened in a forum; its first post is the opening message.

    `last_post_at` and `post_count` are kept by the services so a forum's list
    is one indexed read, pinned threads first.
    """

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="threads", verbose_name=_("forum"))
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_threads",
        verbose_name=_("author"),
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("closed to replies"), default=False)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("posts"), default=0)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["forum", "-is_pinned", "-last_post_at"], name="thread_forum_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """One message in a thread, optionally a reply to another post of the same thread.

    The body is plain text, shown escaped with line breaks kept: no markup a
    writer types can reach another reader's page as markup.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="discussion_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=10_000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "created_at"], name="post_thread_idx")]

    def __str__(self) -> str:
        return self.body[:60]


class ThreadFollow(models.Model):
    """Someone who wants to hear of new posts in a thread (its author and repliers follow it by default)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows", verbose_name=_("thread"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_threads", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed thread")
        verbose_name_plural = _("followed threads")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_follow_per_thread")]
        indexes = [models.Index(fields=["user", "thread"], name="thread_follow_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread}"


class Report(models.Model):
    """A member's report of a post to the people who moderate where it was written."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        HIDDEN = "hidden", _("Post hidden")
        DISMISSED = "dismissed", _("Dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_post_and_member")]
        indexes = [models.Index(fields=["state", "created_at"], name="report_queue_idx")]

    def __str__(self) -> str:
        return self.reason[:60]
