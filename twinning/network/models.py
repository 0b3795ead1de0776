"""Relations between teachers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
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


class ContactInvitation(models.Model):
    """`sender` asks `recipient` to become contacts; the recipient accepts or declines, the sender may withdraw.

    Rows are kept after a decision (the status and `decided_at` say what
    happened), so a declined teacher may invite again later. Inviting oneself
    is refused by the database, and so is a second pending invitation between
    the same two teachers, in either direction: the pair is compared as
    (lower id, higher id), which holds even when both invite each other at the
    same moment.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_invitations_sent",
        verbose_name=_("sender"),
        db_index=False,  # invitation_sender_day_idx starts with the sender
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_invitations_received",
        verbose_name=_("recipient"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact invitation")
        verbose_name_plural = _("contact invitations")
        constraints = [
            models.CheckConstraint(name="contact_invitation_not_self", condition=~Q(sender=F("recipient"))),
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                condition=Q(status="pending"),
                name="contact_invitation_one_pending_per_pair",
                violation_error_message=_("An invitation between you is already waiting for an answer."),
            ),
            models.CheckConstraint(
                name="contact_invitation_decided_at",
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
            ),
        ]
        indexes = [
            models.Index(
                F("recipient"), F("created_at").desc(), condition=Q(status="pending"), name="invitation_received_idx"
            ),
            models.Index(
                F("sender"), F("created_at").desc(), condition=Q(status="pending"), name="invitation_sent_idx"
            ),
            # Counting an actor's invitations of the last day (the rate limit), whatever their status.
            models.Index(fields=["sender", "created_at"], name="invitation_sender_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} invites {self.recipient_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
