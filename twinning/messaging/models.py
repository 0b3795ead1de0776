"""Private conversations between teachers: who takes part, what they wrote, what they have not read yet."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 5000
SUBJECT_MAX_LENGTH = 200
PREVIEW_LENGTH = 140


class Conversation(models.Model):
    """A private conversation between two or more teachers.

    The time and a short preview of the last message are kept here so the
    inbox shows them without reading the messages. `created_by` also counts
    the conversations a teacher starts per hour (the rate limit).
    """

    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    last_message_preview = models.CharField(_("last message preview"), max_length=PREVIEW_LENGTH, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["created_by", "created_at"], name="conversation_started_idx")]

    def __str__(self) -> str:
        return self.subject or self.last_message_preview or f"#{self.pk}"


class ConversationMember(models.Model):
    """One teacher's place in a conversation: unread count, last read time, and whether they still take part.

    `unread_count` is raised by one UPDATE for every message the others send
    and set back to zero when the member reads; the top bar adds these up.
    `last_message_at` repeats the conversation's so the inbox is one indexed
    read. `has_written` records that the member wrote here: a member who wrote
    has opened the conversation to replies, whatever their "who may message me".
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("conversation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
        verbose_name=_("member"),
    )
    unread_count = models.PositiveIntegerField(_("unread messages"), default=0)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    has_written = models.BooleanField(_("has written"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation member")
        verbose_name_plural = _("conversation members")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="conversation_member_once"),
            models.CheckConstraint(name="conversation_member_unread_not_negative", condition=Q(unread_count__gte=0)),
        ]
        indexes = [
            models.Index(
                fields=["user", "-last_message_at"], condition=Q(left_at__isnull=True), name="conversation_inbox_idx"
            ),
            models.Index(
                fields=["user", "unread_count"], condition=Q(unread_count__gt=0), name="conversation_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    """One message in a conversation; the body is plain text (1 to 5,000 characters), shown escaped."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [models.CheckConstraint(name="message_body_not_empty", condition=~Q(body=""))]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.sender_id} in {self.conversation_id}: {self.body[:40]}"
