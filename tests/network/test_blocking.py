"""Blocking: what it ends, and what neither side can do afterwards (the blocking matrix)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from twinning.core.errors import DomainError
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.network.selectors import (
    are_contacts,
    blocked_by,
    has_blocked,
    is_blocked_between,
    relation_between,
)
from twinning.network.services import (
    block_create,
    block_delete,
    contact_create,
    contact_invitation_accept,
    contact_invite,
    follow_create,
)
from twinning.notifications.models import Notification
from twinning.profiles.models import Audience

pytestmark = pytest.mark.django_db

Status = ContactInvitation.Status


@pytest.fixture
def blocker(teacher_es):
    return teacher_es


@pytest.fixture
def blocked(teacher_fr):
    return teacher_fr


def _sides(who, blocker, blocked):
    """(the one acting, the other one) for `who` in "blocker" / "blocked"."""
    return (blocker, blocked) if who == "blocker" else (blocked, blocker)


# The database rules


def test_the_database_refuses_blocking_oneself(teacher_es):
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=teacher_es, blocked=teacher_es)


def test_the_database_refuses_blocking_twice(teacher_es, teacher_fr):
    Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=teacher_es, blocked=teacher_fr)


# Services


def test_block_and_unblock(blocker, blocked):
    block = block_create(actor=blocker, blocked=blocked)
    assert block_create(actor=blocker, blocked=blocked).pk == block.pk
    assert Block.objects.count() == 1
    assert has_blocked(blocker=blocker, blocked=blocked)
    assert not has_blocked(blocker=blocked, blocked=blocker)
    assert is_blocked_between(blocked, blocker)
    assert [row.blocked for row in blocked_by(user=blocker)] == [blocked]

    block_delete(actor=blocker, blocked=blocked)
    assert not is_blocked_between(blocker, blocked)


def test_nobody_blocks_themselves(teacher_es):
    with pytest.raises(DomainError):
        block_create(actor=teacher_es, blocked=teacher_es)
    assert not Block.objects.exists()


def test_unblocking_someone_not_blocked_is_refused(blocker, blocked):
    block_create(actor=blocked, blocked=blocker)
    with pytest.raises(DomainError, match="not blocked"):
        block_delete(actor=blocker, blocked=blocked)
    assert Block.objects.count() == 1  # the other's block stays


def test_blocking_ends_the_contact_and_follows_both_ways(blocker, blocked):
    contact_create(first=blocker, second=blocked)
    follow_create(actor=blocker, followed=blocked)
    follow_create(actor=blocked, followed=blocker)
    bystander = UserFactory()
    contact_create(first=blocker, second=bystander)
    follow_create(actor=bystander, followed=blocker)

    block_create(actor=blocker, blocked=blocked)

    assert not are_contacts(blocker, blocked)
    assert not Follow.objects.filter(follower__in=[blocker, blocked], followed__in=[blocker, blocked]).exists()
    # Relations with other people are untouched.
    assert are_contacts(blocker, bystander)
    assert Follow.objects.filter(follower=bystander, followed=blocker).exists()


@pytest.mark.parametrize("sent_by", ["blocker", "blocked"])
def test_blocking_closes_a_pending_invitation_either_way(blocker, blocked, sent_by):
    sender, recipient = _sides(sent_by, blocker, blocked)
    invitation = contact_invite(actor=sender, recipient=recipient)

    block_create(actor=blocker, blocked=blocked)

    invitation.refresh_from_db()
    assert invitation.status == (Status.WITHDRAWN if sent_by == "blocker" else Status.DECLINED)
    assert invitation.decided_at is not None
    with pytest.raises(DomainError, match="no longer waiting"):
        contact_invitation_accept(actor=recipient, invitation=invitation)
    assert not Contact.objects.exists()


def test_unblocking_does_not_bring_back_what_the_block_ended(blocker, blocked):
    contact_create(first=blocker, second=blocked)
    follow_create(actor=blocked, followed=blocker)
    block_create(actor=blocker, blocked=blocked)
    block_delete(actor=blocker, blocked=blocked)
    assert not are_contacts(blocker, blocked)
    assert not Follow.objects.exists()
    # ...but they may connect again.
    follow_create(actor=blocked, followed=blocker)
    contact_invitation_accept(actor=blocked, invitation=contact_invite(actor=blocker, recipient=blocked))
    assert are_contacts(blocker, blocked)


def test_the_blocked_teacher_is_not_notified(blocker, blocked):
    block_create(actor=blocker, blocked=blocked)
    assert not Notification.objects.filter(recipient=blocked).exists()


# The matrix: each side of a block, each action


@pytest.mark.parametrize("who", ["blocker", "blocked"])
def test_neither_side_can_follow(blocker, blocked, who):
    block_create(actor=blocker, blocked=blocked)
    actor, other = _sides(who, blocker, blocked)
    with pytest.raises(DomainError) as refused:
        follow_create(actor=actor, followed=other)
    # The blocker is told why and how to undo it; the blocked teacher is not told they are blocked.
    assert ("Unblock" in refused.value.message) is (who == "blocker")
    assert not Follow.objects.exists()
    assert not Notification.objects.filter(kind="new_follower").exists()


@pytest.mark.parametrize("who", ["blocker", "blocked"])
def test_neither_side_can_invite(blocker, blocked, who):
    block_create(actor=blocker, blocked=blocked)
    actor, other = _sides(who, blocker, blocked)
    with pytest.raises(DomainError) as refused:
        contact_invite(actor=actor, recipient=other)
    assert ("Unblock" in refused.value.message) is (who == "blocker")
    assert "blocked" not in refused.value.message.lower() or who == "blocker"
    assert not ContactInvitation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["blocker", "blocked"])
def test_an_invitation_created_before_the_block_cannot_be_accepted(blocker, blocked, who):
    recipient, sender = _sides(who, blocker, blocked)
    invitation = contact_invite(actor=sender, recipient=recipient)
    block_create(actor=blocker, blocked=blocked)
    with pytest.raises(DomainError):
        contact_invitation_accept(actor=recipient, invitation=invitation)
    assert not Contact.objects.exists()


def test_an_accept_that_slips_past_the_block_is_still_refused(blocker, blocked):
    """Even a pending row left behind (written before this rule existed, or by hand) cannot make contacts."""
    invitation = ContactInvitation.objects.create(sender=blocked, recipient=blocker)
    Block.objects.create(blocker=blocker, blocked=blocked)
    with pytest.raises(DomainError, match="can no longer be accepted"):
        contact_invitation_accept(actor=blocker, invitation=invitation)
    assert not Contact.objects.exists()


VISIBILITY_UNDER_BLOCK = [
    # (visibility of the viewed profile, who views, status of the page)
    (Audience.EVERYONE, "blocked", 200),
    (Audience.MEMBERS, "blocked", 404),
    (Audience.CONTACTS, "blocked", 404),
    (Audience.EVERYONE, "blocker", 200),
    (Audience.MEMBERS, "blocker", 200),
]


@pytest.mark.parametrize(("visibility", "who", "status"), VISIBILITY_UNDER_BLOCK)
def test_profile_pages_under_a_block(client, blocker, blocked, visibility, who, status):
    viewer, owner = _sides(who, blocker, blocked)
    profile_of(owner, visibility=visibility)
    block_create(actor=blocker, blocked=blocked)
    client.force_login(viewer)
    assert client.get(reverse("profiles:detail", args=[owner.pk])).status_code == status


def test_a_blocked_teacher_cannot_follow_through_the_public_profile_page(client, blocker, blocked):
    profile_of(blocker, visibility=Audience.EVERYONE)
    block_create(actor=blocker, blocked=blocked)
    client.force_login(blocked)
    response = client.post(reverse("network:follow", args=[blocker.pk]), follow=True)
    assert response.status_code == 200
    assert "This teacher cannot be followed." in response.content.decode()
    assert not Follow.objects.exists()


def test_a_blocked_teacher_cannot_invite_through_the_public_profile_page(client, blocker, blocked):
    profile_of(blocker, visibility=Audience.EVERYONE)
    block_create(actor=blocker, blocked=blocked)
    client.force_login(blocked)
    response = client.post(reverse("network:invite", args=[blocker.pk]), {"note": "please"})
    assert response.status_code == 200
    assert "You cannot invite this teacher as a contact." in response.content.decode()
    assert not ContactInvitation.objects.exists()


def test_a_blocked_teacher_cannot_reach_a_hidden_profile_s_pages(client, blocker, blocked):
    profile_of(blocker, visibility=Audience.MEMBERS)
    block_create(actor=blocker, blocked=blocked)
    client.force_login(blocked)
    assert client.post(reverse("network:follow", args=[blocker.pk])).status_code == 404
    assert client.get(reverse("network:invite", args=[blocker.pk])).status_code == 404
    assert client.post(reverse("network:invite", args=[blocker.pk])).status_code == 404
    assert client.get(reverse("network:followers", args=[blocker.pk])).status_code == 404
    assert not Follow.objects.exists()
    assert not ContactInvitation.objects.exists()


# The relation the profile shows


def test_relation_under_a_block(blocker, blocked):
    block_create(actor=blocker, blocked=blocked)
    mine = relation_between(viewer=blocker, owner=blocked)
    theirs = relation_between(viewer=blocked, owner=blocker)
    assert (mine.i_blocked, mine.blocked_me, mine.can_invite) == (True, False, False)
    assert (theirs.i_blocked, theirs.blocked_me, theirs.can_invite) == (False, True, False)
