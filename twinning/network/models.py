"""Relations between teachers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Contact(models.Model):
    """A mutual contact between two teachers, stored once with the lower user id first.

    Contacts see each other's "contacts only" information and, later, may
    invite each other into projects.
    """

    user_low = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user_high = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(name="contact_pair_ordered", condition=Q(user_low__lt=F("user_high"))),
            models.UniqueConstraint(fields=["user_low", "user_high"], name="contact_pair_unique"),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"], name="contact_reverse_idx")]

    def __str__(self) -> str:
        return f"{self.user_low_id} <-> {self.user_high_id}"


class Follow(models.Model):
    """A teacher follows another to see their public activity; one-way, needs no consent.

    Following oneself and following the same person twice are refused by the database.
    """

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_set", verbose_name=_("follower")
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_set", verbose_name=_("followed")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(name="follow_not_self", condition=~Q(follower=F("followed"))),
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_pair_unique"),
        ]
        indexes = [
            models.Index(fields=["followed", "created_at"], name="follow_followed_idx"),
            models.Index(fields=["follower", "created_at"], name="follow_follower_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} -> {self.followed_id}"


class Block(models.Model):
    """`blocker` blocks `blocked`: they no longer message, invite or follow each other.

    The blocked teacher also stops seeing the blocker's profile unless it is
    public. Blocking oneself and blocking twice are refused by the database.
    """

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made", verbose_name=_("blocked by")
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received", verbose_name=_("blocked")
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.CheckConstraint(name="block_not_self", condition=~Q(blocker=F("blocked"))),
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_pair_unique"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="block_reverse_idx")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
