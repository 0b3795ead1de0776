"""Changes to conversations: start one, reply, mark read or unread, leave."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.messaging.models import (
    BODY_MAX_LENGTH,
    PREVIEW_LENGTH,
    SUBJECT_MAX_LENGTH,
    Conversation,
    ConversationMember,
    Message,
)
from twinning.messaging.permissions import current_memberships, message_refusal, messageable_users, reply_refusal
from twinning.notifications.services import notifications_mark_read_about, notify
from twinning.progress.services import progress_record


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your message before sending it."), field="body")
    if len(body) > BODY_MAX_LENGTH:
        raise DomainError(
            _("A message can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": BODY_MAX_LENGTH, "length": len(body)},
            field="body",
        )
    if "\x00" in body:
        raise DomainError(_("The message contains a character that cannot be stored."), field="body")
    return body


def _clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise DomainError(
            _("A subject can be at most %(max)d characters long.") % {"max": SUBJECT_MAX_LENGTH}, field="subject"
        )
    return subject


def _preview(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1].rstrip() + "…"


def _conversation_url(conversation: Conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def _lock_sender(actor: User) -> None:
    """Locks the sender's row so two requests at once cannot both take the last free place (PostgreSQL).

    SQLite already runs one writing transaction at a time.
    """
    list(User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True))


def _started_in_last_hour(actor: User) -> int:
    since = timezone.now() - timedelta(hours=1)
    return Conversation.objects.filter(created_by_id=actor.pk, created_at__gte=since).count()


def _check_rate_limit(actor: User) -> None:
    """At most MESSAGING_NEW_CONVERSATIONS_PER_HOUR new conversations per sender per hour, counted in the database."""
    _lock_sender(actor)
    started = _started_in_last_hour(actor)
    if started >= settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR:
        raise DomainError(
            ngettext(
                "You have started %(count)d conversation in the last hour. "
                "Please wait a little before starting another.",
                "You have started %(count)d conversations in the last hour. "
                "Please wait a little before starting another.",
                started,
            )
            % {"count": started},
            code="rate_limited",
        )


@transaction.atomic
def conversation_start(*, actor: User, recipients: Sequence[User], subject: str = "", body: str) -> Conversation:
    """`actor` starts a private conversation with 1 to MESSAGING_MAX_RECIPIENTS people and sends its first message.

    Every recipient must pass `can_message` (all or nothing: the refusal names
    each person refused and why); the sender may start at most
    MESSAGING_NEW_CONVERSATIONS_PER_HOUR conversations an hour. The first
    message of each conversation counts once towards the sender's progress;
    each recipient gets one "message" notification.
    """
    body = _clean_body(body)
    subject = _clean_subject(subject)
    chosen = list({user.pk: user for user in recipients}.values())
    if not chosen:
        raise DomainError(_("Choose at least one person to write to."), field="recipients")
    if any(user.pk == actor.pk for user in chosen):
        raise DomainError(_("You cannot write a message to yourself."), field="recipients")
    most = settings.MESSAGING_MAX_RECIPIENTS
    if len(chosen) > most:
        raise DomainError(
            ngettext(
                "You can write to at most %(count)d person at once.",
                "You can write to at most %(count)d people at once.",
                most,
            )
            % {"count": most},
            field="recipients",
        )
    allowed = set(messageable_users(actor).filter(pk__in=[u.pk for u in chosen]).values_list("pk", flat=True))
    refused = [user for user in chosen if user.pk not in allowed]
    if refused:
        reasons = [
            str(message_refusal(actor, user) or _("You cannot write to %(name)s.") % {"name": user}) for user in refused
        ]
        raise DomainError(" ".join(reasons), field="recipients", code="refused")
    _check_rate_limit(actor)

    now = timezone.now()
    conversation = Conversation(
        subject=subject, created_by=actor, created_at=now, last_message_at=now, last_message_preview=_preview(body)
    )
    conversation.full_clean()
    conversation.save()
    message = Message(conversation=conversation, sender=actor, body=body, created_at=now)
    message.full_clean()
    message.save()
    ConversationMember.objects.bulk_create(
        [
            ConversationMember(
                conversation=conversation,
                user=actor,
                unread_count=0,
                last_read_at=now,
                last_message_at=now,
                has_written=True,
                joined_at=now,
            )
        ]
        + [
            ConversationMember(conversation=conversation, user=user, unread_count=1, last_message_at=now, joined_at=now)
            for user in chosen
        ]
    )
    progress_record(user=actor, kind="message_sent", key=str(conversation.pk))
    url = _conversation_url(conversation)
    for user in chosen:
        notify(recipient=user, kind="message", actor=actor, url=url)
    return conversation


def _lock_members(conversation: Conversation) -> list[ConversationMember]:
    """The current members with their users, their rows locked until the transaction ends.

    So two replies at once see each other's unread counts, and a member gets
    exactly one notice for the burst (PostgreSQL; SQLite runs one writer at a time).
    """
    return list(
        ConversationMember.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(conversation_id=conversation.pk, left_at__isnull=True)
    )


@transaction.atomic
def message_send(*, actor: User, conversation: Conversation, body: str) -> Message:
    """`actor`, a current member, replies in `conversation`.

    The reply rule (see `permissions.reply_refusal`) applies at send time to
    every other member. Each other member's unread count goes up by one in a
    single UPDATE; a member gets a notification only when their count goes from
    zero to one (one notice per unread burst, not per message). The sender has
    read everything up to their own reply.
    """
    body = _clean_body(body)
    members = _lock_members(conversation)
    mine = next((member for member in members if member.user_id == actor.pk), None)
    if mine is None:
        raise PermissionRefused()
    others = [member for member in members if member.user_id != actor.pk]
    refusal = reply_refusal(actor, others)
    if refusal is not None:
        raise DomainError(refusal.message, field="body", code=refusal.code)

    now = timezone.now()
    message = Message(conversation=conversation, sender=actor, body=body, created_at=now)
    message.full_clean()
    message.save()
    preview = _preview(body)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now, last_message_preview=preview)
    conversation.last_message_at, conversation.last_message_preview = now, preview
    ConversationMember.objects.filter(conversation_id=conversation.pk, left_at__isnull=True).exclude(
        user_id=actor.pk
    ).update(unread_count=F("unread_count") + 1, last_message_at=now)
    ConversationMember.objects.filter(pk=mine.pk).update(
        unread_count=0, last_read_at=now, last_message_at=now, has_written=True
    )
    progress_record(user=actor, kind="message_sent", key=str(conversation.pk))
    url = _conversation_url(conversation)
    for member in others:
        if member.unread_count == 0:
            notify(recipient=member.user, kind="message", actor=actor, url=url)
    return message


def _membership(actor: User, conversation: Conversation) -> ConversationMember:
    member = current_memberships(actor).filter(conversation_id=conversation.pk).first()
    if member is None:
        raise PermissionRefused()
    return member


@transaction.atomic
def conversation_mark_read(*, actor: User, conversation: Conversation) -> int:
    """`actor` has read everything in `conversation`; returns how many messages were unread. Members only."""
    member = _membership(actor, conversation)
    if member.unread_count == 0:
        return 0
    ConversationMember.objects.filter(pk=member.pk).update(unread_count=0, last_read_at=timezone.now())
    notifications_mark_read_about(recipient=actor, kind="message", url=_conversation_url(conversation))
    return member.unread_count


@transaction.atomic
def conversation_mark_unread(*, actor: User, conversation: Conversation) -> None:
    """`actor` keeps `conversation` as unread to come back to it (shown as one unread message). Members only."""
    member = _membership(actor, conversation)
    ConversationMember.objects.filter(pk=member.pk, unread_count=0).update(unread_count=1)


@transaction.atomic
def conversation_leave(*, actor: User, conversation: Conversation) -> None:
    """`actor` leaves `conversation`: it leaves their inbox and they receive no more of its messages.

    The others keep the conversation and what `actor` wrote in it. Leaving is
    final (nobody can be added back). Members only.
    """
    member = _membership(actor, conversation)
    ConversationMember.objects.filter(pk=member.pk).update(left_at=timezone.now(), unread_count=0)
