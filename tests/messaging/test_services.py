"""Starting conversations, replying, unread counts, notifications, progress and the hourly limit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.messaging.conftest import start, teacher
from twinning.core.errors import DomainError, PermissionRefused
from twinning.messaging.models import Conversation, ConversationMember, Message
from twinning.messaging.selectors import inbox_of, unread_total
from twinning.messaging.services import (
    conversation_leave,
    conversation_mark_read,
    conversation_mark_unread,
    conversation_start,
    message_send,
)
from twinning.network.models import Block
from twinning.notifications.models import Notification
from twinning.profiles.models import Audience
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db


def _unread(conversation, user) -> int:
    return ConversationMember.objects.get(conversation=conversation, user=user).unread_count


def _notices(user) -> int:
    return Notification.objects.filter(recipient=user, kind="message").count()


def _nothing_stored():
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
    assert not ConversationMember.objects.exists()
    assert not Notification.objects.exists()


# Starting a conversation


def test_start_stores_the_conversation_its_members_and_the_first_message(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr, subject="  Climate   project ", body="  Hola Camille!\n  ")

    assert conversation.subject == "Climate project"
    assert conversation.created_by == teacher_es
    assert conversation.last_message_preview == "Hola Camille!"
    message = Message.objects.get()
    assert (message.sender, message.body) == (teacher_es, "Hola Camille!")
    assert _unread(conversation, teacher_fr) == 1
    assert _unread(conversation, teacher_es) == 0
    assert ConversationMember.objects.get(conversation=conversation, user=teacher_es).has_written
    notice = Notification.objects.get()
    assert (notice.recipient, notice.actor, notice.url) == (teacher_fr, teacher_es, f"/messages/{conversation.pk}/")


@pytest.mark.parametrize("body", ["", "   ", "\n\t "])
def test_an_empty_message_is_refused(teacher_es, teacher_fr, body):
    with pytest.raises(DomainError) as refused:
        start(teacher_es, teacher_fr, body=body)
    assert refused.value.message == "Write your message before sending it."
    assert refused.value.field == "body"
    _nothing_stored()


def test_a_message_over_5000_characters_is_refused(teacher_es, teacher_fr):
    start(teacher_es, teacher_fr, body="a" * 5000)
    Conversation.objects.all().delete()
    Notification.objects.all().delete()
    with pytest.raises(DomainError) as refused:
        start(teacher_es, teacher_fr, body="a" * 5001)
    assert "at most 5000 characters" in refused.value.message
    _nothing_stored()


def test_a_subject_over_200_characters_is_refused(teacher_es, teacher_fr):
    with pytest.raises(DomainError) as refused:
        start(teacher_es, teacher_fr, subject="s" * 201)
    assert refused.value.field == "subject"
    _nothing_stored()


def test_nobody_and_oneself_are_not_recipients(teacher_es, teacher_fr):
    with pytest.raises(DomainError, match="Choose at least one person"):
        start(teacher_es)
    with pytest.raises(DomainError, match="yourself"):
        start(teacher_es, teacher_fr, teacher_es)
    _nothing_stored()


def test_too_many_recipients_are_refused(settings, teacher_es):
    settings.MESSAGING_MAX_RECIPIENTS = 2
    people = UserFactory.create_batch(3)
    with pytest.raises(DomainError) as refused:
        start(teacher_es, *people)
    assert refused.value.message == "You can write to at most 2 people at once."
    _nothing_stored()
    start(teacher_es, *people[:2])
    assert Conversation.objects.count() == 1


def test_a_stranger_who_accepts_contacts_only_is_refused_clearly(teacher_es):
    lucia = teacher(messages_from=Audience.CONTACTS, first_name="Lucía", last_name="Pérez")
    with pytest.raises(DomainError) as refused:
        start(teacher_es, lucia)
    assert refused.value.message == "Lucía Pérez accepts messages from contacts only: invite them as a contact first."
    assert refused.value.field == "recipients"
    _nothing_stored()


def test_one_refused_recipient_stops_the_whole_conversation_and_is_named(teacher_es, teacher_fr):
    willing = UserFactory()
    unwilling = teacher(messages_from=Audience.NOBODY, first_name="Eva", last_name="Gil")
    with pytest.raises(DomainError) as refused:
        start(teacher_es, willing, unwilling, teacher_fr)
    assert refused.value.message == "Eva Gil does not accept private messages."
    _nothing_stored()


def test_the_same_recipient_twice_is_one_member(teacher_es, teacher_fr):
    conversation = conversation_start(actor=teacher_es, recipients=[teacher_fr, teacher_fr], body="Hi")
    assert conversation.memberships.count() == 2


# The hourly limit


def test_the_conversation_over_the_hourly_limit_is_refused_with_the_number(settings, teacher_es):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 3
    people = UserFactory.create_batch(4)
    for person in people[:3]:
        start(teacher_es, person)

    with pytest.raises(DomainError) as refused:
        start(teacher_es, people[3])
    assert refused.value.message == (
        "You have started 3 conversations in the last hour. Please wait a little before starting another."
    )
    assert refused.value.code == "rate_limited"
    assert Conversation.objects.count() == 3
    assert Message.objects.count() == 3
    assert not ConversationMember.objects.filter(user=people[3]).exists()
    assert not Notification.objects.filter(recipient=people[3]).exists()


def test_conversations_older_than_an_hour_do_not_count(settings, teacher_es):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 2
    people = UserFactory.create_batch(3)
    start(teacher_es, people[0])
    start(teacher_es, people[1])
    Conversation.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    start(teacher_es, people[2])
    assert Conversation.objects.count() == 3


def test_replies_do_not_count_towards_the_hourly_limit(settings, teacher_es, teacher_fr):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    conversation = start(teacher_es, teacher_fr)
    for n in range(3):
        message_send(actor=teacher_es, conversation=conversation, body=f"More {n}")
    assert Message.objects.count() == 4


def test_the_limit_is_per_sender(settings, teacher_es, teacher_fr):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    start(teacher_es, UserFactory())
    start(teacher_fr, UserFactory())
    assert Conversation.objects.count() == 2


# Unread counts and reading


def test_unread_counts_follow_sending_reading_and_replying(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    message_send(actor=teacher_es, conversation=conversation, body="Are you there?")
    assert _unread(conversation, teacher_fr) == 2
    assert unread_total(user=teacher_fr) == 2
    assert unread_total(user=teacher_es) == 0

    assert conversation_mark_read(actor=teacher_fr, conversation=conversation) == 2
    assert _unread(conversation, teacher_fr) == 0
    assert ConversationMember.objects.get(conversation=conversation, user=teacher_fr).last_read_at is not None

    message_send(actor=teacher_fr, conversation=conversation, body="Yes!")
    assert _unread(conversation, teacher_es) == 1
    assert _unread(conversation, teacher_fr) == 0
    assert unread_total(user=teacher_es) == 1


def test_replying_marks_the_conversation_read_for_the_sender(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    message_send(actor=teacher_fr, conversation=conversation, body="Reply without opening first")
    assert _unread(conversation, teacher_fr) == 0


def test_unread_counts_with_several_recipients(teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr, head_teacher_es)
    message_send(actor=teacher_fr, conversation=conversation, body="Bonjour à tous")
    assert _unread(conversation, head_teacher_es) == 2
    assert _unread(conversation, teacher_es) == 1
    assert _unread(conversation, teacher_fr) == 0
    other = start(teacher_fr, head_teacher_es)
    assert unread_total(user=head_teacher_es) == 3
    conversation_mark_read(actor=head_teacher_es, conversation=other)
    assert unread_total(user=head_teacher_es) == 2


def test_mark_unread_keeps_one_unread(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    conversation_mark_read(actor=teacher_fr, conversation=conversation)
    conversation_mark_unread(actor=teacher_fr, conversation=conversation)
    assert _unread(conversation, teacher_fr) == 1
    conversation_mark_unread(actor=teacher_fr, conversation=conversation)
    assert _unread(conversation, teacher_fr) == 1


# Notifications: one per unread burst


def test_a_notice_only_when_unread_goes_from_zero(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    assert _notices(teacher_fr) == 1
    message_send(actor=teacher_es, conversation=conversation, body="Second")
    message_send(actor=teacher_es, conversation=conversation, body="Third")
    assert _notices(teacher_fr) == 1

    conversation_mark_read(actor=teacher_fr, conversation=conversation)
    message_send(actor=teacher_es, conversation=conversation, body="Fourth")
    assert _notices(teacher_fr) == 2
    assert _notices(teacher_es) == 0


def test_reading_the_conversation_settles_its_notice_and_only_its_own(teacher_es, teacher_fr, head_teacher_es):
    first = start(teacher_es, teacher_fr)
    start(head_teacher_es, teacher_fr)
    unread = Notification.objects.filter(recipient=teacher_fr, kind="message", read_at__isnull=True)
    assert unread.count() == 2

    conversation_mark_read(actor=teacher_fr, conversation=first)

    assert list(unread.values_list("actor_id", flat=True)) == [head_teacher_es.pk]
    assert Notification.objects.filter(recipient=teacher_es, read_at__isnull=False).count() == 0


def test_each_member_gets_their_own_burst_notice(teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr, head_teacher_es)
    conversation_mark_read(actor=teacher_fr, conversation=conversation)
    message_send(actor=teacher_es, conversation=conversation, body="Again")
    assert _notices(teacher_fr) == 2
    assert _notices(head_teacher_es) == 1


# Progress


def test_progress_counts_each_conversation_once(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    message_send(actor=teacher_es, conversation=conversation, body="Second")
    assert ProgressAction.objects.filter(user=teacher_es, kind="message_sent").count() == 1
    start(teacher_es, teacher_fr)
    assert ProgressAction.objects.filter(user=teacher_es, kind="message_sent").count() == 2
    message_send(actor=teacher_fr, conversation=conversation, body="Reply")
    message_send(actor=teacher_fr, conversation=conversation, body="Reply again")
    assert ProgressAction.objects.filter(user=teacher_fr, kind="message_sent").count() == 1


# Replies: who may reply


def test_only_members_reply_mark_or_leave(teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr)
    for service in (conversation_mark_read, conversation_mark_unread, conversation_leave):
        with pytest.raises(PermissionRefused):
            service(actor=head_teacher_es, conversation=conversation)
    with pytest.raises(PermissionRefused):
        message_send(actor=head_teacher_es, conversation=conversation, body="Let me in")
    assert Message.objects.count() == 1


def test_an_empty_reply_is_refused(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    with pytest.raises(DomainError, match="Write your message"):
        message_send(actor=teacher_fr, conversation=conversation, body="  ")
    assert Message.objects.count() == 1


def test_whoever_wrote_to_me_can_be_answered_whatever_their_setting(teacher_fr):
    lucia = teacher(messages_from=Audience.CONTACTS, first_name="Lucía")
    conversation = start(lucia, teacher_fr)
    message_send(actor=teacher_fr, conversation=conversation, body="Merci !")
    assert Message.objects.count() == 2


def test_a_recipient_who_never_answered_and_now_accepts_nobody_gets_no_more_replies(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    teacher_fr.profile.messages_from = Audience.NOBODY
    teacher_fr.profile.save()
    with pytest.raises(DomainError) as refused:
        message_send(actor=teacher_es, conversation=conversation, body="Hello again")
    assert refused.value.message == "Camille Martin does not accept private messages."
    assert Message.objects.count() == 1
    assert _unread(conversation, teacher_fr) == 1

    message_send(actor=teacher_fr, conversation=conversation, body="Actually, hello")
    message_send(actor=teacher_es, conversation=conversation, body="Great")
    assert Message.objects.count() == 3


@pytest.mark.parametrize("blocker", ["starter", "recipient"])
def test_a_block_stops_replies_both_ways(teacher_es, teacher_fr, blocker):
    conversation = start(teacher_es, teacher_fr)
    message_send(actor=teacher_fr, conversation=conversation, body="Hi")
    if blocker == "starter":
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    else:
        Block.objects.create(blocker=teacher_fr, blocked=teacher_es)
    for actor in (teacher_es, teacher_fr):
        with pytest.raises(DomainError):
            message_send(actor=actor, conversation=conversation, body="Still there?")
    assert Message.objects.count() == 2


def test_support_staff_reply_whatever_the_settings(nss_officer_es, teacher_es):
    conversation = start(nss_officer_es, teacher_es)
    teacher_es.profile.messages_from = Audience.NOBODY
    teacher_es.profile.save()
    message_send(actor=nss_officer_es, conversation=conversation, body="About your school")
    assert Message.objects.count() == 2


def test_nobody_active_left_to_read(teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    teacher_fr.is_active = False
    teacher_fr.save()
    with pytest.raises(DomainError, match="Nobody else"):
        message_send(actor=teacher_es, conversation=conversation, body="Hello?")
    assert Message.objects.count() == 1


# Leaving


def test_leaving_removes_it_from_my_inbox_and_stops_my_unread_counts(teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr, head_teacher_es)
    conversation_leave(actor=teacher_fr, conversation=conversation)
    assert not inbox_of(user=teacher_fr).exists()
    assert unread_total(user=teacher_fr) == 0
    message_send(actor=teacher_es, conversation=conversation, body="Still here")
    assert unread_total(user=teacher_fr) == 0
    assert _unread(conversation, head_teacher_es) == 2
    with pytest.raises(PermissionRefused):
        message_send(actor=teacher_fr, conversation=conversation, body="Back?")


def test_the_inbox_is_newest_activity_first(many_per_hour, teacher_es, teacher_fr):
    first = start(teacher_fr, teacher_es)
    second = start(UserFactory(), teacher_es)
    assert [m.conversation for m in inbox_of(user=teacher_es)] == [second, first]
    message_send(actor=teacher_fr, conversation=first, body="Bump")
    rows = list(inbox_of(user=teacher_es))
    assert [m.conversation for m in rows] == [first, second]
    assert [m.user for m in rows[0].conversation.others] == [teacher_fr]
