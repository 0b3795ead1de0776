"""Two clicks on "Accept" at the same moment: one contact, the second click refused.

The accept service reads the invitation again under a row lock. These tests
make the first request pause while it holds the invitation, so that the second
one arrives in the middle: without the lock both would see "pending" and both
would succeed. They need real concurrent connections: PostgreSQL, or SQLite on
a file (an in-memory test database shares one cache between threads).
"""

import time

import pytest

from tests.accounts.factories import UserFactory
from tests.concurrency import needs_concurrent_connections, run_together
from twinning.core.errors import DomainError
from twinning.network import services
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.notifications.models import Notification
from twinning.progress.models import ProgressAction


@pytest.fixture
def slow_decisions(monkeypatch):
    """Each request pauses right after reading the invitation, as a loaded server might."""
    original = services._lock_pending

    def read_then_pause(invitation):
        current = original(invitation)
        time.sleep(0.5)
        return current

    monkeypatch.setattr(services, "_lock_pending", read_then_pause)


def _in_thread(service, *, actor, invitation):
    """Calls an invitation service as a request would: with its own copy of the invitation, read in its thread."""
    return service(actor=actor, invitation=ContactInvitation.objects.get(pk=invitation.pk))


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_make_one_contact(slow_decisions):
    needs_concurrent_connections()
    sender, recipient = UserFactory(), UserFactory()
    invitation = services.contact_invite(actor=sender, recipient=recipient)

    def accept():
        return _in_thread(services.contact_invitation_accept, actor=recipient, invitation=invitation)

    results = run_together(accept, accept)

    refused = [r for r in results if isinstance(r, DomainError)]
    accepted = [r for r in results if isinstance(r, ContactInvitation)]
    assert len(accepted) == 1, results
    assert len(refused) == 1, results
    assert refused[0].code == "not_pending"
    assert Contact.objects.count() == 1
    assert Notification.objects.filter(kind="contact_accepted").count() == 1
    assert ProgressAction.objects.filter(kind="contact_made").count() == 2


@pytest.mark.django_db(transaction=True)
def test_accept_racing_withdraw_has_one_winner(slow_decisions):
    needs_concurrent_connections()
    sender, recipient = UserFactory(), UserFactory()
    invitation = services.contact_invite(actor=sender, recipient=recipient)

    def accept():
        return _in_thread(services.contact_invitation_accept, actor=recipient, invitation=invitation)

    def withdraw():
        return _in_thread(services.contact_invitation_withdraw, actor=sender, invitation=invitation)

    results = run_together(accept, withdraw)

    assert sum(isinstance(r, ContactInvitation) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 1, results
    invitation.refresh_from_db()
    assert (invitation.status == ContactInvitation.Status.ACCEPTED) is Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_teachers_inviting_each_other_at_once_leave_one_pending_invitation():
    needs_concurrent_connections()
    a, b = UserFactory(), UserFactory()

    results = run_together(
        lambda: services.contact_invite(actor=a, recipient=b),
        lambda: services.contact_invite(actor=b, recipient=a),
    )

    # Either one invitation waits (the other request was refused or accepted it), or they are contacts.
    assert not any(isinstance(r, Exception) and not isinstance(r, DomainError) for r in results), results
    assert ContactInvitation.objects.filter(status=ContactInvitation.Status.PENDING).count() <= 1
    assert ContactInvitation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_block_during_an_accept_still_ends_the_contact(slow_decisions):
    """The accept holds the invitation when the block arrives: the block waits for it, then ends the new contact."""
    needs_concurrent_connections()
    sender, recipient = UserFactory(), UserFactory()
    invitation = services.contact_invite(actor=sender, recipient=recipient)

    def accept():
        return _in_thread(services.contact_invitation_accept, actor=recipient, invitation=invitation)

    def block():
        time.sleep(0.2)  # the accept has locked the invitation and is pausing
        return services.block_create(actor=sender, blocked=recipient)

    results = run_together(accept, block)

    assert not any(isinstance(r, Exception) for r in results), results
    assert Block.objects.filter(blocker=sender, blocked=recipient).exists()
    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_follow_during_a_block_never_survives_it(monkeypatch):
    """The follow has checked that no block exists and pauses before saving; the block arrives meanwhile.

    Both lock the two users' rows first, so the block waits for the follow and then removes it. Without
    the lock the block would remove nothing and the follow, saved after, would outlive the block.
    """
    needs_concurrent_connections()
    follower, followed = UserFactory(), UserFactory()
    original = services._refuse_if_blocked

    def check_then_pause(actor, other, *, message):
        original(actor, other, message=message)
        time.sleep(0.5)

    monkeypatch.setattr(services, "_refuse_if_blocked", check_then_pause)

    def follow():
        return services.follow_create(actor=follower, followed=followed)

    def block():
        time.sleep(0.2)  # the follow has passed its check and is pausing
        return services.block_create(actor=followed, blocked=follower)

    results = run_together(follow, block)

    assert Block.objects.filter(blocker=followed, blocked=follower).exists()
    assert not Follow.objects.filter(follower=follower, followed=followed).exists(), results
