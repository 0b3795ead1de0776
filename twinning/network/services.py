"""Changes to relations between teachers: following, contacts (invite / accept) and blocking.

Whether the actor may see the other teacher's profile is checked by the
caller (the pages fetch the profile through the profiles app's visibility
rule and answer 404 otherwise): profiles sit above network, so these services
cannot ask it. Every other rule is enforced here.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.network.permissions import can_answer_invitation, can_withdraw_invitation
from twinning.network.selectors import are_contacts, has_blocked, is_blocked_between
from twinning.notifications.services import notifications_mark_read_about, notify
from twinning.progress.services import progress_record

Status = ContactInvitation.Status


def _pair(a: User, b: User) -> tuple[int, int]:
    low, high = sorted((a.pk, b.pk))
    return low, high


def _between(a: User, b: User) -> Q:
    """Invitations between `a` and `b`, whoever sent them."""
    return Q(sender_id=a.pk, recipient_id=b.pk) | Q(sender_id=b.pk, recipient_id=a.pk)


def _lock_pair(a: User, b: User) -> None:
    """Locks both users' rows, lower id first, until the transaction ends (PostgreSQL; SQLite already runs
    one writer at a time): a follow and a block of the same two people then happen one after the other,
    so a follow can never slip in after the block has removed follows. `no_key`: rows that merely point at
    these users (a new contact, a notification) are still written meanwhile, which avoids deadlocks."""
    list(
        User.objects.select_for_update(no_key=True)
        .filter(pk__in=[a.pk, b.pk])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _refuse_if_blocked(actor: User, other: User, *, message: str) -> None:
    """Refuses with `message`, or with "unblock first" when the actor is the one who blocked."""
    if has_blocked(blocker=actor, blocked=other):
        raise DomainError(_("You have blocked this teacher. Unblock them first if you want to do this."))
    if has_blocked(blocker=other, blocked=actor):
        # The blocked person is not told that they are blocked, only that this is not possible.
        raise DomainError(message)


@transaction.atomic
def contact_create(*, first: User, second: User) -> Contact:
    """Records a mutual contact. A teacher cannot be their own contact; a pair is stored once.

    This is the bare record; people become contacts through an accepted
    invitation (`contact_invitation_accept`), which also records progress and
    notifies. Demo data and tests use this directly.
    """
    if first.pk == second.pk:
        raise DomainError(_("A teacher cannot be their own contact."))
    low, high = _pair(first, second)
    contact, _created = Contact.objects.get_or_create(user_low_id=low, user_high_id=high)
    return contact


# Contacts


def _invitations_sent_today(actor: User) -> int:
    since = timezone.now() - timedelta(days=1)
    return ContactInvitation.objects.filter(sender_id=actor.pk, created_at__gte=since).count()


@transaction.atomic
def contact_invite(*, actor: User, recipient: User, note: str = "") -> ContactInvitation:
    """`actor` invites `recipient` to become contacts, with an optional note (500 characters at most).

    Refused: inviting oneself, an inactive account, someone already a contact,
    someone blocked by or blocking the actor, a second invitation while one is
    waiting, and more than NETWORK_INVITATIONS_PER_DAY invitations in 24 hours.

    When `recipient` had already invited `actor` and is waiting for an answer,
    inviting them back means "yes": that invitation is accepted and returned
    (status accepted), so the two become contacts at once instead of the actor
    being sent to find the other invitation.
    """
    if actor.pk == recipient.pk:
        raise DomainError(_("You cannot invite yourself as a contact."))
    if not actor.is_active or not recipient.is_active:
        raise DomainError(_("This teacher's account is not active: they cannot be invited."))
    _refuse_if_blocked(actor, recipient, message=_("You cannot invite this teacher as a contact."))
    if are_contacts(actor, recipient):
        raise DomainError(
            _("%(name)s is already one of your contacts.") % {"name": recipient.full_name or _("This teacher")}
        )
    pending = (
        ContactInvitation.objects.select_for_update().filter(_between(actor, recipient), status=Status.PENDING).first()
    )
    if pending is not None:
        if pending.sender_id == actor.pk:
            raise DomainError(_("You have already invited this teacher; the invitation is waiting for an answer."))
        return contact_invitation_accept(actor=actor, invitation=pending)
    limit = settings.NETWORK_INVITATIONS_PER_DAY
    if _invitations_sent_today(actor) >= limit:
        raise DomainError(
            ngettext(
                "You can send at most %(limit)d contact invitation a day. Please try again tomorrow.",
                "You can send at most %(limit)d contact invitations a day. Please try again tomorrow.",
                limit,
            )
            % {"limit": limit},
            code="rate_limited",
        )
    invitation = ContactInvitation(sender=actor, recipient=recipient, note=note.strip())
    # The one-pending-per-pair constraint is left to the database: only it sees a concurrent request's row.
    invitation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Both invited each other, or one person clicked twice, at the same moment.
        raise DomainError(_("An invitation between you is already waiting for an answer.")) from None
    notify(
        recipient=recipient,
        kind="contact_invitation",
        actor=actor,
        url=reverse("network:invitations"),
    )
    return invitation


def _lock_pending(invitation: ContactInvitation) -> ContactInvitation:
    """The invitation read again under a row lock; refused unless it is still waiting for an answer.

    Two clicks on "Accept" (or Accept racing Withdraw) queue on the lock: the
    second one sees the first one's decision and is refused.
    """
    current = ContactInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if current is None or current.status != Status.PENDING:
        raise DomainError(_("This invitation is no longer waiting for an answer."), code="not_pending")
    return current


def _decide(invitation: ContactInvitation, status: str) -> ContactInvitation:
    invitation.status = status
    invitation.decided_at = timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["status", "decided_at"])
    # The "invites you" notice has nothing left to answer, whoever settled it.
    notifications_mark_read_about(recipient=invitation.recipient, kind="contact_invitation", actor=invitation.sender)
    return invitation


@transaction.atomic
def contact_invitation_accept(*, actor: User, invitation: ContactInvitation) -> ContactInvitation:
    """The recipient accepts: the two teachers become contacts.

    Only the recipient may accept, only a pending invitation, and not when
    either has blocked the other or the sender's account is no longer active.
    Both teachers get the "contact made" progress action (once per person) and
    the sender is told.
    """
    if not can_answer_invitation(actor, invitation):
        raise PermissionRefused(_("Only the invited teacher can accept this invitation."))
    invitation = _lock_pending(invitation)
    sender = User.objects.get(pk=invitation.sender_id)
    if not sender.is_active:
        raise DomainError(_("This teacher's account is not active any more: the invitation cannot be accepted."))
    if is_blocked_between(actor, sender):
        raise DomainError(_("This invitation can no longer be accepted."))
    _decide(invitation, Status.ACCEPTED)
    contact_create(first=sender, second=actor)
    progress_record(user=sender, kind="contact_made", key=str(actor.pk))
    progress_record(user=actor, kind="contact_made", key=str(sender.pk))
    notify(
        recipient=sender,
        kind="contact_accepted",
        actor=actor,
        url=reverse("profiles:detail", args=[actor.pk]),
    )
    return invitation


@transaction.atomic
def contact_invitation_decline(*, actor: User, invitation: ContactInvitation) -> ContactInvitation:
    """The recipient declines; the sender is not notified and may invite again later."""
    if not can_answer_invitation(actor, invitation):
        raise PermissionRefused(_("Only the invited teacher can decline this invitation."))
    return _decide(_lock_pending(invitation), Status.DECLINED)


@transaction.atomic
def contact_invitation_withdraw(*, actor: User, invitation: ContactInvitation) -> ContactInvitation:
    """The sender takes back an invitation that is still waiting for an answer."""
    if not can_withdraw_invitation(actor, invitation):
        raise PermissionRefused(_("Only the teacher who sent this invitation can withdraw it."))
    return _decide(_lock_pending(invitation), Status.WITHDRAWN)


@transaction.atomic
def contact_remove(*, actor: User, other: User) -> None:
    """`actor` ends the contact with `other`, for both (a contact is mutual); the other is not notified.

    Progress already earned stays: it records what happened.
    """
    if actor.pk == other.pk:
        raise DomainError(_("You cannot remove yourself from your contacts."))
    low, high = _pair(actor, other)
    deleted, _rows = Contact.objects.filter(user_low_id=low, user_high_id=high).delete()
    if not deleted:
        raise DomainError(_("This teacher is not one of your contacts."), code="not_contacts")


# Following


@transaction.atomic
def follow_create(*, actor: User, followed: User) -> Follow:
    """`actor` follows `followed` to see their public activity; one-way, no consent asked.

    Nobody follows themselves, an inactive account, or someone with a block
    between them (either way). Following someone already followed returns the
    existing row. The first follow of each person counts once towards the
    actor's progress and tells the followed teacher (only the first time, so
    following again after unfollowing sends no second notice).
    """
    if actor.pk == followed.pk:
        raise DomainError(_("You cannot follow yourself."))
    if not followed.is_active:
        raise DomainError(_("This teacher cannot be followed."))
    _lock_pair(actor, followed)
    _refuse_if_blocked(actor, followed, message=_("This teacher cannot be followed."))
    follow = Follow.objects.filter(follower=actor, followed=followed).first()
    if follow is not None:
        return follow
    follow = Follow(follower=actor, followed=followed)
    follow.full_clean()
    try:
        with transaction.atomic():
            follow.save()
    except IntegrityError:
        # A double click: the other request created the row.
        return Follow.objects.get(follower=actor, followed=followed)
    first_time = progress_record(user=actor, kind="follow", key=str(followed.pk))
    if first_time:
        # Told once per follower: unfollowing and following again must not flood the followed teacher.
        notify(
            recipient=followed,
            kind="new_follower",
            actor=actor,
            url=reverse("profiles:detail", args=[actor.pk]),
        )
    return follow


@transaction.atomic
def follow_delete(*, actor: User, followed: User) -> None:
    """`actor` stops following `followed`; nothing happens if they did not follow them."""
    Follow.objects.filter(follower=actor, followed=followed).delete()


# Blocking


@transaction.atomic
def block_create(*, actor: User, blocked: User) -> Block:
    """`actor` blocks `blocked`: they can no longer message, invite or follow each other.

    Blocking also ends what linked them: the contact, the follows both ways,
    and invitations waiting for an answer in either direction (the actor's own
    are withdrawn, the other's declined). The blocked teacher is not told.
    Blocking someone already blocked returns the existing block.
    """
    if actor.pk == blocked.pk:
        raise DomainError(_("You cannot block yourself."))
    _lock_pair(actor, blocked)
    block = Block.objects.filter(blocker=actor, blocked=blocked).first()
    if block is None:
        block = Block(blocker=actor, blocked=blocked)
        block.full_clean()
        try:
            with transaction.atomic():
                block.save()
        except IntegrityError:
            block = Block.objects.get(blocker=actor, blocked=blocked)
    # Invitations first: an accept in progress holds its invitation's row lock, so these updates wait for it
    # to commit, and the contact it made is then visible to the delete below.
    now = timezone.now()
    pending = ContactInvitation.objects.filter(status=Status.PENDING)
    pending.filter(sender_id=actor.pk, recipient_id=blocked.pk).update(status=Status.WITHDRAWN, decided_at=now)
    pending.filter(sender_id=blocked.pk, recipient_id=actor.pk).update(status=Status.DECLINED, decided_at=now)
    notifications_mark_read_about(recipient=actor, kind="contact_invitation", actor=blocked)
    notifications_mark_read_about(recipient=blocked, kind="contact_invitation", actor=actor)
    low, high = _pair(actor, blocked)
    Contact.objects.filter(user_low_id=low, user_high_id=high).delete()
    Follow.objects.filter(
        Q(follower_id=actor.pk, followed_id=blocked.pk) | Q(follower_id=blocked.pk, followed_id=actor.pk)
    ).delete()
    return block


@transaction.atomic
def block_delete(*, actor: User, blocked: User) -> None:
    """`actor` lifts their block on `blocked`; what the block ended (contact, follows) does not come back."""
    deleted, _rows = Block.objects.filter(blocker=actor, blocked=blocked).delete()
    if not deleted:
        raise DomainError(_("You have not blocked this teacher."), code="not_blocked")
