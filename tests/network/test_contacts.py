"""Contacts: the invitation's database rules, the lifecycle services, their refusals, progress and notifications."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from twinning.core.errors import DomainError, PermissionRefused
from twinning.network.models import Contact, ContactInvitation
from twinning.network.selectors import (
    are_contacts,
    contact_count,
    contact_ids,
    contacts_of,
    invitations_received,
    invitations_sent,
    pending_invitation_between,
)
from twinning.network.services import (
    contact_create,
    contact_invitation_accept,
    contact_invitation_decline,
    contact_invitation_withdraw,
    contact_invite,
    contact_remove,
)
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db

Status = ContactInvitation.Status


def _invite(sender, recipient, note=""):
    return contact_invite(actor=sender, recipient=recipient, note=note)


# The database rules


def test_the_database_refuses_an_invitation_to_oneself(teacher_es):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_es)


def test_the_database_refuses_a_second_pending_invitation_in_the_same_direction(teacher_es, teacher_fr):
    ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_fr)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_fr)


def test_the_database_refuses_a_pending_invitation_in_the_reverse_direction(teacher_es, teacher_fr):
    ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_fr)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactInvitation.objects.create(sender=teacher_fr, recipient=teacher_es)


def test_the_database_allows_many_decided_invitations_between_the_same_pair(teacher_es, teacher_fr):
    now = timezone.now()
    for status in [Status.DECLINED, Status.WITHDRAWN, Status.DECLINED]:
        ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_fr, status=status, decided_at=now)
    ContactInvitation.objects.create(sender=teacher_fr, recipient=teacher_es)
    assert ContactInvitation.objects.count() == 4


def test_the_database_refuses_a_decision_without_its_date(teacher_es, teacher_fr):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactInvitation.objects.create(sender=teacher_es, recipient=teacher_fr, status=Status.ACCEPTED)


# The lifecycle


def test_invite_then_accept_makes_mutual_contacts(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr, note="  Hola! Shall we work on a water project?  ")

    assert invitation.status == Status.PENDING
    assert invitation.note == "Hola! Shall we work on a water project?"
    assert list(invitations_received(user=teacher_fr)) == [invitation]
    assert list(invitations_sent(user=teacher_es)) == [invitation]
    assert not are_contacts(teacher_es, teacher_fr)

    contact_invitation_accept(actor=teacher_fr, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == Status.ACCEPTED
    assert invitation.decided_at is not None
    assert are_contacts(teacher_es, teacher_fr)
    assert are_contacts(teacher_fr, teacher_es)
    assert list(contacts_of(user=teacher_es)) == [teacher_fr]
    assert list(contacts_of(user=teacher_fr)) == [teacher_es]
    assert contact_count(teacher_es) == contact_count(teacher_fr) == 1
    assert not invitations_received(user=teacher_fr).exists()
    assert not invitations_sent(user=teacher_es).exists()


def test_decline_leaves_no_contact_and_allows_a_new_invitation_later(teacher_es, teacher_fr):
    first = _invite(teacher_es, teacher_fr)
    contact_invitation_decline(actor=teacher_fr, invitation=first)
    first.refresh_from_db()
    assert first.status == Status.DECLINED
    assert not are_contacts(teacher_es, teacher_fr)
    assert not Notification.objects.filter(recipient=teacher_es).exists()

    second = _invite(teacher_es, teacher_fr)
    assert second.pk != first.pk
    contact_invitation_accept(actor=teacher_fr, invitation=second)
    assert are_contacts(teacher_es, teacher_fr)


def test_withdraw_takes_the_invitation_back(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    contact_invitation_withdraw(actor=teacher_es, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.WITHDRAWN
    assert pending_invitation_between(teacher_es, teacher_fr) is None
    with pytest.raises(DomainError, match="no longer waiting"):
        contact_invitation_accept(actor=teacher_fr, invitation=invitation)
    assert not Contact.objects.exists()


def test_inviting_back_accepts_the_waiting_invitation(teacher_es, teacher_fr):
    """Decision: when B already invited A, A's "invite B" means yes, so it accepts B's invitation."""
    theirs = _invite(teacher_fr, teacher_es)
    result = _invite(teacher_es, teacher_fr, note="ignored: we are contacts now")

    assert result.pk == theirs.pk
    assert result.status == Status.ACCEPTED
    assert ContactInvitation.objects.count() == 1
    assert are_contacts(teacher_es, teacher_fr)
    assert Notification.objects.filter(recipient=teacher_fr, kind="contact_accepted", actor=teacher_es).exists()


@pytest.mark.parametrize("settle", ["accept", "decline", "withdraw"])
def test_a_settled_invitation_settles_its_notice_and_only_its_own(teacher_es, teacher_fr, head_teacher_es, settle):
    settled = _invite(teacher_fr, teacher_es)
    _invite(head_teacher_es, teacher_es)
    unread = Notification.objects.filter(recipient=teacher_es, kind="contact_invitation", read_at__isnull=True)
    assert unread.count() == 2

    if settle == "accept":
        contact_invitation_accept(actor=teacher_es, invitation=settled)
    elif settle == "decline":
        contact_invitation_decline(actor=teacher_es, invitation=settled)
    else:
        contact_invitation_withdraw(actor=teacher_fr, invitation=settled)

    assert list(unread.values_list("actor_id", flat=True)) == [head_teacher_es.pk]


def test_remove_ends_the_contact_for_both(teacher_es, teacher_fr):
    contact_invitation_accept(actor=teacher_fr, invitation=_invite(teacher_es, teacher_fr))
    contact_remove(actor=teacher_fr, other=teacher_es)
    assert not are_contacts(teacher_es, teacher_fr)
    assert not contacts_of(user=teacher_es).exists()
    # They may become contacts again.
    contact_invitation_accept(actor=teacher_es, invitation=_invite(teacher_fr, teacher_es))
    assert are_contacts(teacher_es, teacher_fr)


def test_contact_ids_serves_as_a_subquery_whichever_way_the_pair_is_stored(teacher_es):
    lower, higher = UserFactory(), UserFactory()
    stranger = UserFactory()
    contact_create(first=teacher_es, second=higher)
    contact_create(first=lower, second=teacher_es)
    contact_create(first=stranger, second=higher)
    from twinning.accounts.models import User

    found = set(User.objects.filter(pk__in=contact_ids(teacher_es)).values_list("pk", flat=True))
    assert found == {lower.pk, higher.pk}
    assert contact_count(teacher_es) == 2


# Refusals: each one stores nothing


def _nothing_stored():
    assert not ContactInvitation.objects.exists()
    assert not Contact.objects.exists()
    assert not Notification.objects.exists()


def test_nobody_invites_themselves(teacher_es):
    with pytest.raises(DomainError, match="yourself"):
        _invite(teacher_es, teacher_es)
    _nothing_stored()


def test_an_inactive_account_cannot_be_invited(teacher_es):
    gone = UserFactory(is_active=False)
    with pytest.raises(DomainError, match="not active"):
        _invite(teacher_es, gone)
    _nothing_stored()


def test_contacts_cannot_be_invited_again(teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    with pytest.raises(DomainError, match="already one of your contacts"):
        _invite(teacher_es, teacher_fr)
    assert not ContactInvitation.objects.exists()


def test_a_second_invitation_while_one_waits_is_refused(teacher_es, teacher_fr):
    _invite(teacher_es, teacher_fr)
    with pytest.raises(DomainError, match="already invited"):
        _invite(teacher_es, teacher_fr)
    assert ContactInvitation.objects.count() == 1
    assert Notification.objects.filter(kind="contact_invitation").count() == 1


def test_a_note_longer_than_500_characters_is_refused(teacher_es, teacher_fr):
    with pytest.raises(ValidationError):
        _invite(teacher_es, teacher_fr, note="x" * 501)
    _nothing_stored()


def test_only_the_recipient_accepts_or_declines(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    other = UserFactory()
    for actor in [teacher_es, other]:
        with pytest.raises(PermissionRefused):
            contact_invitation_accept(actor=actor, invitation=invitation)
        with pytest.raises(PermissionRefused):
            contact_invitation_decline(actor=actor, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING
    assert not Contact.objects.exists()


def test_only_the_sender_withdraws(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    for actor in [teacher_fr, UserFactory()]:
        with pytest.raises(PermissionRefused):
            contact_invitation_withdraw(actor=actor, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING


def test_a_decided_invitation_cannot_be_decided_again(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    contact_invitation_decline(actor=teacher_fr, invitation=invitation)
    with pytest.raises(DomainError, match="no longer waiting"):
        contact_invitation_accept(actor=teacher_fr, invitation=invitation)
    with pytest.raises(DomainError, match="no longer waiting"):
        contact_invitation_withdraw(actor=teacher_es, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Status.DECLINED
    assert not Contact.objects.exists()


def test_accepting_twice_is_refused_and_leaves_one_contact(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    stale_copy = ContactInvitation.objects.get(pk=invitation.pk)  # what a second, simultaneous click holds
    contact_invitation_accept(actor=teacher_fr, invitation=invitation)
    with pytest.raises(DomainError, match="no longer waiting"):
        contact_invitation_accept(actor=teacher_fr, invitation=stale_copy)
    assert Contact.objects.count() == 1
    assert Notification.objects.filter(kind="contact_accepted").count() == 1


def test_an_invitation_from_an_account_closed_since_cannot_be_accepted(teacher_es, teacher_fr):
    invitation = _invite(teacher_es, teacher_fr)
    teacher_es.is_active = False
    teacher_es.save()
    with pytest.raises(DomainError, match="not active"):
        contact_invitation_accept(actor=teacher_fr, invitation=invitation)
    assert not Contact.objects.exists()


def test_removing_someone_who_is_not_a_contact_is_refused(teacher_es, teacher_fr):
    with pytest.raises(DomainError, match="not one of your contacts"):
        contact_remove(actor=teacher_es, other=teacher_fr)
    with pytest.raises(DomainError):
        contact_remove(actor=teacher_es, other=teacher_es)


def test_invitations_are_limited_per_day(settings, teacher_es):
    settings.NETWORK_INVITATIONS_PER_DAY = 3
    people = UserFactory.create_batch(4)
    for person in people[:3]:
        _invite(teacher_es, person)
    with pytest.raises(DomainError, match="at most 3 contact invitations a day") as refused:
        _invite(teacher_es, people[3])
    assert refused.value.code == "rate_limited"
    assert not ContactInvitation.objects.filter(recipient=people[3]).exists()
    assert not Notification.objects.filter(recipient=people[3]).exists()


def test_withdrawn_invitations_still_count_towards_the_daily_limit(settings, teacher_es):
    settings.NETWORK_INVITATIONS_PER_DAY = 1
    first, second = UserFactory.create_batch(2)
    contact_invitation_withdraw(actor=teacher_es, invitation=_invite(teacher_es, first))
    with pytest.raises(DomainError):
        _invite(teacher_es, second)


def test_the_daily_limit_counts_only_the_last_24_hours(settings, teacher_es):
    settings.NETWORK_INVITATIONS_PER_DAY = 1
    first, second = UserFactory.create_batch(2)
    _invite(teacher_es, first)
    ContactInvitation.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert _invite(teacher_es, second).is_pending


def test_the_daily_limit_is_per_sender(settings, teacher_es, teacher_fr):
    settings.NETWORK_INVITATIONS_PER_DAY = 1
    _invite(teacher_es, UserFactory())
    assert _invite(teacher_fr, UserFactory()).is_pending


# Progress and notifications


def test_accepting_counts_contact_made_once_for_both(teacher_es, teacher_fr):
    contact_invitation_accept(actor=teacher_fr, invitation=_invite(teacher_es, teacher_fr))
    contact_remove(actor=teacher_es, other=teacher_fr)
    contact_invitation_accept(actor=teacher_es, invitation=_invite(teacher_fr, teacher_es))

    mine = ProgressAction.objects.filter(kind="contact_made")
    assert sorted(mine.values_list("user_id", "key")) == sorted(
        [(teacher_es.pk, str(teacher_fr.pk)), (teacher_fr.pk, str(teacher_es.pk))]
    )


def test_no_progress_before_acceptance(teacher_es, teacher_fr):
    contact_invitation_decline(actor=teacher_fr, invitation=_invite(teacher_es, teacher_fr))
    assert not ProgressAction.objects.filter(kind="contact_made").exists()


def test_the_invitation_notifies_the_recipient_with_the_invitations_page(teacher_es, teacher_fr):
    _invite(teacher_es, teacher_fr)
    notification = Notification.objects.get()
    assert notification.kind == "contact_invitation"
    assert notification.recipient == teacher_fr
    assert notification.actor == teacher_es
    assert notification.url == reverse("network:invitations")


def test_acceptance_notifies_the_sender_with_the_new_contacts_profile(teacher_es, teacher_fr):
    contact_invitation_accept(actor=teacher_fr, invitation=_invite(teacher_es, teacher_fr))
    notification = Notification.objects.get(kind="contact_accepted")
    assert notification.recipient == teacher_es
    assert notification.actor == teacher_fr
    assert notification.url == reverse("profiles:detail", args=[teacher_fr.pk])


def test_decline_and_withdraw_notify_nobody(teacher_es, teacher_fr):
    contact_invitation_decline(actor=teacher_fr, invitation=_invite(teacher_es, teacher_fr))
    contact_invitation_withdraw(actor=teacher_es, invitation=_invite(teacher_es, teacher_fr))
    assert Notification.objects.exclude(kind="contact_invitation").count() == 0
