"""Who may write to whom, and who may read a conversation.

Each rule is a yes/no check AND a queryset filter that agree (tests assert it).

Writing a new conversation (`can_message` / `messageable_users`): sender and
recipient are active and distinct; then

- support staff may write to anyone active, whatever the recipient's settings
  or blocks: they need to reach teachers about validation and projects;
- otherwise neither has blocked the other; the recipient's "who may message
  me" (`Profile.messages_from`) lets the sender in: everyone or signed-in
  members -> any signed-in teacher, contacts -> only their contacts, nobody
  -> nobody; and the sender may see the recipient's profile.

Replying in an existing conversation (`reply_refusal`): the sender must be a
current member; the rule above applies at send time to every other current
member who has not written in the conversation themselves. A member who wrote
(who started it or answered) has opened the conversation to replies, so only a
block stops a reply to them. So a teacher who writes first to someone outside
their own "contacts only" circle can still be answered, and a teacher who
switches to "nobody" receives no further replies in conversations they never
took part in. Conversations stay readable to their members whatever changes.

Reading (`can_read_conversation` / `readable_conversations`): current members only.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.messaging.models import Conversation, ConversationMember
from twinning.network.models import Block
from twinning.network.selectors import are_contacts, blocked_either_way_ids, contact_ids
from twinning.profiles.models import Audience, Profile
from twinning.profiles.permissions import can_view_profile, visible_profiles

Actor = User | AnonymousUser


@dataclass(frozen=True)
class Refusal:
    """Why a message may not be sent: `code` for programs, `message` for the sender."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def _name(user: User) -> str:
    return user.full_name or _("This teacher")


def _sender_may_write(sender: Actor) -> bool:
    return bool(sender.is_authenticated and sender.is_active)


def message_refusal(sender: Actor, recipient: User) -> Refusal | None:
    """Why `sender` may not start a conversation with `recipient`, or None when they may.

    The reason is written for the sender and says what, if anything, they can
    do about it; it never tells who blocked whom beyond the sender's own block.
    At most four small queries (support scope, blocks, contact, profile).
    """
    if not _sender_may_write(sender):
        return Refusal("sender_inactive", _("Your account cannot send messages."))
    assert isinstance(sender, User)
    if sender.pk == recipient.pk:
        return Refusal("self", _("You cannot write a message to yourself."))
    name = {"name": _name(recipient)}
    if not recipient.is_active:
        return Refusal("recipient_inactive", _("%(name)s can no longer receive messages.") % name)
    if is_support_staff(sender):
        return None
    blockers = set(
        Block.objects.filter(
            Q(blocker_id=sender.pk, blocked_id=recipient.pk) | Q(blocker_id=recipient.pk, blocked_id=sender.pk)
        ).values_list("blocker_id", flat=True)
    )
    if sender.pk in blockers:
        return Refusal("blocked_by_sender", _("You have blocked %(name)s: unblock them to write to them.") % name)
    if blockers:
        return Refusal("blocked", _("You cannot write to %(name)s.") % name)
    try:
        profile = recipient.profile
    except Profile.DoesNotExist:
        return Refusal("nobody", _("%(name)s does not accept private messages.") % name)
    if profile.messages_from == Audience.CONTACTS and not are_contacts(sender, recipient):
        return Refusal(
            "contacts_only",
            _("%(name)s accepts messages from contacts only: invite them as a contact first.") % name,
        )
    if profile.messages_from not in (Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS):
        return Refusal("nobody", _("%(name)s does not accept private messages.") % name)
    if not can_view_profile(sender, profile):
        return Refusal("not_visible", _("You cannot write to %(name)s.") % name)
    return None


def can_message(sender: Actor, recipient: User) -> bool:
    """Whether `sender` may start a conversation with `recipient` (the module docstring has the rule)."""
    return message_refusal(sender, recipient) is None


def messageable_users(sender: Actor, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    """The users `sender` may start a conversation with; agrees with `can_message`."""
    qs = User.objects.all() if queryset is None else queryset
    if not _sender_may_write(sender):
        return qs.none()
    assert isinstance(sender, User)
    qs = qs.filter(is_active=True).exclude(pk=sender.pk)
    if is_support_staff(sender):
        return qs
    audience = Q(profile__messages_from__in=[Audience.EVERYONE, Audience.MEMBERS]) | (
        Q(profile__messages_from=Audience.CONTACTS) & Q(pk__in=contact_ids(sender))
    )
    return (
        qs.exclude(pk__in=blocked_either_way_ids(sender))
        .filter(audience)
        .filter(pk__in=visible_profiles(sender).values("user_id"))
    )


def reply_refusal(sender: Actor, others: Iterable[ConversationMember]) -> Refusal | None:
    """Why `sender` may not reply to the other current members `others` (with their users), or None.

    Inactive members are skipped (they read nothing any more); when nobody
    active is left, there is nobody to reply to. Constant queries: one for the
    blocks, one for the members who never wrote.
    """
    if not _sender_may_write(sender):
        return Refusal("sender_inactive", _("Your account cannot send messages."))
    assert isinstance(sender, User)
    active = [m for m in others if m.user.is_active and m.user_id != sender.pk]
    if not active:
        return Refusal("nobody_left", _("Nobody else can read this conversation any more."))
    if is_support_staff(sender):
        return None
    ids = [m.user_id for m in active]
    blocked = set(blocked_either_way_ids(sender).filter(other__in=ids).values_list("other", flat=True))
    need_consent = [m.user_id for m in active if not m.has_written]
    allowed = set(messageable_users(sender).filter(pk__in=need_consent).values_list("pk", flat=True))
    for member in active:
        refused = member.user_id in blocked or (not member.has_written and member.user_id not in allowed)
        if refused:
            return message_refusal(sender, member.user) or Refusal(
                "blocked", _("You cannot write to %(name)s.") % {"name": _name(member.user)}
            )
    return None


def current_memberships(user: Actor) -> QuerySet[ConversationMember]:
    """`user`'s places in the conversations they still take part in: the one statement of the reading rule.

    The pages fetch a conversation through this (another one answers 404) and
    the services check membership with it.
    """
    if not user.is_authenticated:
        return ConversationMember.objects.none()
    return ConversationMember.objects.filter(user_id=user.pk, left_at__isnull=True)


def can_read_conversation(user: Actor, conversation: Conversation) -> bool:
    """Only the conversation's current members read it."""
    return current_memberships(user).filter(conversation_id=conversation.pk).exists()


def readable_conversations(user: Actor, queryset: QuerySet[Conversation] | None = None) -> QuerySet[Conversation]:
    """The conversations `user` may read; agrees with `can_read_conversation`."""
    qs = Conversation.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(Exists(current_memberships(user).filter(conversation_id=OuterRef("pk"))))
