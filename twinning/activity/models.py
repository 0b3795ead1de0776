"""Profile posts and the activity feed.

A `Post` is what a teacher writes on their profile. Every public event (a
post, two teachers becoming contacts) is one `ActivityItem`. The Home feed is
kept ready to read: a task copies each item into a `FeedEntry` row for every
person who should see it (fan-out on write), so reading a feed is one range
scan of one index whatever the number of people followed. See
docs/activity-feed.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POST_MAX_LENGTH = 3000


def post_image_path(instance: "Post", filename: str) -> str:
    return f"posts/{instance.author_id}/{filename}"


class Post(models.Model):
    """A short text a teacher posts on their profile, with an optional image.

    The image is checked and re-encoded like a profile photo (metadata
    dropped) and a square thumbnail is kept beside it. Whoever may see the
    author's profile may see their posts.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("author"),
        db_index=False,  # post_author_idx starts with the author
    )
    body = models.TextField(_("text"), max_length=POST_MAX_LENGTH)
    image = models.ImageField(_("image"), upload_to=post_image_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=post_image_path, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(F("author"), F("created_at").desc(), F("id").desc(), name="post_author_idx")]

    def __str__(self) -> str:
        return self.body[:60]


class ActivityItem(models.Model):
    """One public event, written once: a post, or two teachers becoming contacts.

    A "post" item points to its post; a "new_contact" item names the two
    teachers (`actor` and `other_user`), and exists once per pair.
    """

    class Verb(models.TextChoices):
        POST = "post", _("Post")
        NEW_CONTACT = "new_contact", _("New contact")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("actor"),
        db_index=False,  # activity_actor_idx starts with the actor
    )
    verb = models.CharField(_("what happened"), max_length=20, choices=Verb.choices)
    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="item", verbose_name=_("post")
    )
    other_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new contact"),
        db_index=False,  # activity_other_idx starts with it
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("activity item")
        verbose_name_plural = _("activity items")
        constraints = [
            models.CheckConstraint(
                name="activity_item_shape",
                condition=(Q(verb="post", post__isnull=False, other_user__isnull=True))
                | (Q(verb="new_contact", post__isnull=True, other_user__isnull=False) & ~Q(actor=F("other_user"))),
            ),
            models.UniqueConstraint(
                fields=["actor", "other_user"], condition=Q(verb="new_contact"), name="activity_new_contact_once"
            ),
        ]
        indexes = [
            # A follower's backfill: the newest items of one teacher (as actor or as the new contact).
            models.Index(F("actor"), F("created_at").desc(), name="activity_actor_idx"),
            models.Index(
                F("other_user"),
                F("created_at").desc(),
                condition=Q(other_user__isnull=False),
                name="activity_other_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.post_id or self.other_user_id}"


class FeedEntry(models.Model):
    """One item in one person's Home feed: a copy of the item's key and time, ordered by the owner's index.

    `actor` is the teacher through whom the owner receives the item (the
    author of a post; for a new contact, the one of the two the owner follows
    or is a contact of). It is copied here so that the feed can be checked at
    read time ("do I still follow or know this person?") and cleaned when the
    owner unfollows, without joining the item.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
        db_index=False,  # both indexes below start with the owner
    )
    item = models.ForeignKey(ActivityItem, on_delete=models.CASCADE, related_name="entries", verbose_name=_("item"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("through")
    )
    created_at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")
        constraints = [models.UniqueConstraint(fields=["owner", "item"], name="feed_entry_once")]
        indexes = [
            models.Index(F("owner"), F("created_at").desc(), F("id").desc(), name="feed_owner_time_idx"),
            models.Index(fields=["owner", "actor"], name="feed_owner_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} <- {self.item_id}"
