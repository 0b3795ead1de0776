"""Reads for the inbox, a conversation and the top bar: a fixed number of queries whatever the lengths."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet, Sum

from twinning.accounts.models import User
from twinning.messaging.models import ConversationMember, Message
from twinning.messaging.permissions import current_memberships, messageable_users
from twinning.network.selectors import contact_ids
from twinning.profiles.permissions import visible_profiles

Viewer = User | AnonymousUser


def inbox_of(*, user: User) -> QuerySet[ConversationMember]:
    """`user`'s conversations, newest activity first: one member row each, with its conversation.

    The other members (with their users) come in one prefetch query for the
    page actually shown; each row's `others` lists them without `user`.
    """
    others = ConversationMember.objects.select_related("user").exclude(user_id=user.pk).order_by("joined_at", "pk")
    return (
        ConversationMember.objects.filter(user_id=user.pk, left_at__isnull=True)
        .select_related("conversation")
        .prefetch_related(Prefetch("conversation__memberships", queryset=others, to_attr="others"))
        .order_by("-last_message_at", "-pk")
    )


def membership_for(*, user: Viewer, conversation_id: int) -> ConversationMember | None:
    """`user`'s current place in the conversation (with the conversation), or None: the caller answers 404."""
    return current_memberships(user).select_related("conversation").filter(conversation_id=conversation_id).first()


def members_of(*, conversation_id: int) -> list[ConversationMember]:
    """Everyone who took part in the conversation, with their users, in the order they joined."""
    return list(
        ConversationMember.objects.filter(conversation_id=conversation_id)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def messages_of(*, conversation_id: int) -> QuerySet[Message]:
    """The conversation's messages, oldest first, each with its sender in the same query."""
    return Message.objects.filter(conversation_id=conversation_id).select_related("sender").order_by("created_at", "pk")


def unread_total(*, user: Viewer) -> int:
    """How many messages `user` has not read, over all conversations: one query on a partial index."""
    if not user.is_authenticated:
        return 0
    total = ConversationMember.objects.filter(user_id=user.pk, unread_count__gt=0).aggregate(total=Sum("unread_count"))
    return int(total["total"] or 0)


CONTACT_CHOICES_LIMIT = 300


def messageable_contacts(*, user: User, limit: int = CONTACT_CHOICES_LIMIT) -> list[User]:
    """`user`'s contacts they may write to, by name, at most `limit` (others are reached from their profile)."""
    qs = messageable_users(user).filter(pk__in=contact_ids(user)).order_by("last_name", "first_name", "pk")
    return list(qs[:limit])


def visible_users(*, viewer: User, ids: list[int]) -> list[User]:
    """The users among `ids` whose profile `viewer` may see, with their profiles (others are silently left out)."""
    if not ids:
        return []
    visible = visible_profiles(viewer).filter(user_id__in=ids).values("user_id")
    return list(User.objects.filter(pk__in=visible).select_related("profile").order_by("last_name", "first_name"))
