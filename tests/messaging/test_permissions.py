"""Who may write to whom: every rule both ways, the check and the queryset agreeing, nothing stored on refusal."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.messaging.conftest import start, teacher
from tests.profiles.factories import profile_of
from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.messaging.models import Conversation, ConversationMember, Message
from twinning.messaging.permissions import (
    can_message,
    can_read_conversation,
    message_refusal,
    messageable_users,
    readable_conversations,
)
from twinning.messaging.selectors import membership_for
from twinning.messaging.services import conversation_leave
from twinning.network.models import Block
from twinning.network.services import contact_create
from twinning.notifications.models import Notification
from twinning.profiles.models import Audience
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db

EVERYONE, MEMBERS, CONTACTS, NOBODY = Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS, Audience.NOBODY


def _sender_for(relation, recipient, teacher_es, css_officer, nss_officer_fr):
    """The sender standing in `relation` to `recipient` (relations are set up here)."""
    if relation == "stranger":
        return teacher_es
    if relation == "contact":
        contact_create(first=teacher_es, second=recipient)
        return teacher_es
    if relation == "blocked_by_recipient":
        Block.objects.create(blocker=recipient, blocked=teacher_es)
        return teacher_es
    if relation == "blocked_by_sender":
        Block.objects.create(blocker=teacher_es, blocked=recipient)
        return teacher_es
    if relation == "blocked_contact":
        contact_create(first=teacher_es, second=recipient)
        Block.objects.create(blocker=recipient, blocked=teacher_es)
        return teacher_es
    if relation == "central_officer":
        Block.objects.create(blocker=recipient, blocked=css_officer)
        return css_officer
    if relation == "national_officer":
        return nss_officer_fr
    if relation == "inactive_recipient":
        recipient.is_active = False
        recipient.save()
        return teacher_es
    raise AssertionError(relation)


ALLOWED = {
    "stranger": {EVERYONE, MEMBERS},
    "contact": {EVERYONE, MEMBERS, CONTACTS},
    "blocked_by_recipient": set(),
    "blocked_by_sender": set(),
    "blocked_contact": set(),
    "central_officer": {EVERYONE, MEMBERS, CONTACTS, NOBODY},
    "national_officer": {EVERYONE, MEMBERS, CONTACTS, NOBODY},
    "inactive_recipient": set(),
}
MATRIX = [
    (relation, audience, audience in allowed)
    for relation, allowed in ALLOWED.items()
    for audience in (EVERYONE, MEMBERS, CONTACTS, NOBODY)
]


@pytest.mark.parametrize(("relation", "messages_from", "allowed"), MATRIX)
def test_who_may_start_a_conversation(relation, messages_from, allowed, teacher_es, css_officer, nss_officer_fr):
    recipient = teacher(messages_from=messages_from, first_name="Camille", last_name="Martin")
    sender = _sender_for(relation, recipient, teacher_es, css_officer, nss_officer_fr)

    assert can_message(sender, recipient) is allowed
    assert messageable_users(sender).filter(pk=recipient.pk).exists() is allowed

    if allowed:
        conversation = start(sender, recipient)
        assert ConversationMember.objects.filter(conversation=conversation, user=recipient).exists()
        assert Message.objects.count() == 1
    else:
        with pytest.raises(DomainError) as refused:
            start(sender, recipient)
        assert refused.value.message == message_refusal(sender, recipient).message
        assert "Camille Martin" in refused.value.message
        assert not Conversation.objects.exists()
        assert not Message.objects.exists()
        assert not ConversationMember.objects.exists()
        assert not Notification.objects.exists()
        assert not ProgressAction.objects.filter(kind="message_sent").exists()


def test_the_reasons_say_what_happened_without_telling_who_blocked(teacher_es):
    contacts_only = teacher(messages_from=CONTACTS, first_name="Ana", last_name="Ruiz")
    nobody = teacher(messages_from=NOBODY, first_name="Eva", last_name="Gil")
    blocked_me = teacher(first_name="Iker", last_name="Sanz")
    i_blocked = teacher(first_name="Olga", last_name="Vidal")
    Block.objects.create(blocker=blocked_me, blocked=teacher_es)
    Block.objects.create(blocker=teacher_es, blocked=i_blocked)

    assert message_refusal(teacher_es, contacts_only).message == (
        "Ana Ruiz accepts messages from contacts only: invite them as a contact first."
    )
    assert message_refusal(teacher_es, nobody).message == "Eva Gil does not accept private messages."
    assert message_refusal(teacher_es, blocked_me).message == "You cannot write to Iker Sanz."
    assert message_refusal(teacher_es, i_blocked).message == (
        "You have blocked Olga Vidal: unblock them to write to them."
    )
    assert message_refusal(teacher_es, teacher_es).message == "You cannot write a message to yourself."


def test_a_profile_the_sender_may_not_see_cannot_be_written_to(teacher_es):
    hidden = teacher(messages_from=MEMBERS, visibility=CONTACTS)
    assert not can_message(teacher_es, hidden)
    assert not messageable_users(teacher_es).filter(pk=hidden.pk).exists()
    contact_create(first=teacher_es, second=hidden)
    hidden = User.objects.get(pk=hidden.pk)  # the profile remembers contact checks per object
    assert can_message(teacher_es, hidden)
    assert messageable_users(teacher_es).filter(pk=hidden.pk).exists()


def test_an_inactive_sender_writes_to_nobody(teacher_es, teacher_fr):
    teacher_es.is_active = False
    teacher_es.save()
    assert not can_message(teacher_es, teacher_fr)
    assert not messageable_users(teacher_es).exists()
    with pytest.raises(DomainError):
        start(teacher_es, teacher_fr)
    assert not Conversation.objects.exists()


def test_a_pending_teacher_may_write_and_be_written_to(teacher_es, pending_teacher_es):
    assert can_message(pending_teacher_es, teacher_es)
    assert can_message(teacher_es, pending_teacher_es)


def test_check_and_queryset_agree_over_a_crowd(teacher_es, css_officer):
    crowd = [teacher(messages_from=audience) for audience in (EVERYONE, MEMBERS, CONTACTS, NOBODY)]
    crowd += [teacher(messages_from=CONTACTS), teacher(visibility=CONTACTS), UserFactory(is_active=False)]
    contact_create(first=teacher_es, second=crowd[4])
    Block.objects.create(blocker=crowd[0], blocked=teacher_es)
    profile_of(crowd[1])
    for sender in (teacher_es, css_officer):
        expected = {user.pk for user in crowd if can_message(sender, user)}
        found = set(messageable_users(sender).filter(pk__in=[u.pk for u in crowd]).values_list("pk", flat=True))
        assert found == expected
    assert {u.pk for u in crowd if can_message(teacher_es, u)} == {crowd[1].pk, crowd[4].pk}


# Reading a conversation

READERS = [("starter", True), ("recipient", True), ("left", False), ("outsider", False), ("anonymous", False)]


@pytest.mark.parametrize(("reader", "allowed"), READERS)
def test_only_current_members_read_a_conversation(reader, allowed, teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr, head_teacher_es)
    conversation_leave(actor=head_teacher_es, conversation=conversation)
    user = {
        "starter": teacher_es,
        "recipient": teacher_fr,
        "left": head_teacher_es,
        "outsider": UserFactory(),
        "anonymous": AnonymousUser(),
    }[reader]

    assert can_read_conversation(user, conversation) is allowed
    assert readable_conversations(user).filter(pk=conversation.pk).exists() is allowed
    assert (membership_for(user=user, conversation_id=conversation.pk) is not None) is allowed
