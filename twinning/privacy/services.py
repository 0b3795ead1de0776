"""A teacher deletes their own account.

The user row stays, anonymised: other people's projects, groups, threads and
conversations keep their history, and show "Former member" where the name was
(see `User.full_name`). What is personal is erased: the profile and its photo,
the school history, the network (contacts, follows, blocks, contact
invitations), notifications, the calendar feed, profile posts, progress, the
email addresses and two-factor authenticators, and the search index entry.
What the teacher takes part in is left through the owning apps' services, so
their rules apply as if the teacher had clicked: a place at an event that has
not started goes to the waiting list, a future event they organise is
cancelled and its participants are told, groups are left (the last
administrator of a group stays in it, anonymised, so the group keeps an
administrator the central service can replace).
"""

import datetime as dt

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.activity.models import Post
from twinning.activity.services import post_files_delete_on_commit
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import ThreadFollow
from twinning.events.models import CalendarFeed, Event, Registration
from twinning.events.models import Invitation as EventInvitation
from twinning.events.selectors import LIVE_STATES
from twinning.events.services import event_cancel, registration_cancel
from twinning.forums.models import Idea
from twinning.forums.services import idea_close
from twinning.groups.models import Invitation as GroupInvitation
from twinning.groups.models import Membership as GroupMembership
from twinning.groups.services import group_leave
from twinning.groups.services import invitation_decline as group_invitation_decline
from twinning.learning.models import Completion, StepVisit
from twinning.messaging.models import ConversationMember
from twinning.messaging.services import conversation_leave
from twinning.network.models import Block, Contact, ContactInvitation, Follow
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.services import notifications_mark_read_about
from twinning.profiles.models import Audience, Profile
from twinning.profiles.services import profile_remove_photo, profile_update, profile_update_privacy
from twinning.progress.models import ProgressAction
from twinning.schools.models import Employment
from twinning.schools.services import teacher_validation_refresh
from twinning.search.services import search_unindex_people


def confirmation_word() -> str:
    """The word a teacher types to confirm, in their language (the page shows the same)."""
    return pgettext("the word typed to confirm deleting an account", "DELETE")


def may_delete_own_account(user: User) -> bool:
    """Teachers delete their own account here; support staff and administrators ask an administrator,
    because their accounts carry the work of a support service."""
    return not (user.is_superuser or user.is_staff or is_support_staff(user))


def _check(actor: User, *, password: str, confirmation: str) -> None:
    if not actor.is_authenticated or not actor.is_active or actor.is_pupil:
        raise PermissionRefused()
    if not may_delete_own_account(actor):
        raise DomainError(
            _("Accounts of support staff and administrators are deleted by an administrator: please ask one."),
            code="staff",
        )
    if not actor.check_password(password):
        raise DomainError(_("This is not your current password."), field="password", code="wrong_password")
    if confirmation.strip() != confirmation_word():
        raise DomainError(
            _("Type %(word)s to confirm.") % {"word": confirmation_word()},
            field="confirmation",
            code="wrong_word",
        )


def _leave_events(user: User, now: dt.datetime) -> None:
    """Gives up every live place at an event not started yet (the seat goes to the first in line), and
    cancels every event the user organises that has not started (its participants are told)."""
    live = Registration.objects.filter(user_id=user.pk, state__in=LIVE_STATES, event__starts_at__gt=now)
    for registration in live.select_related("event").order_by("pk"):
        registration_cancel(actor=user, registration=registration, now=now)
    organised = Event.objects.filter(organiser_id=user.pk, status=Event.Status.SCHEDULED, starts_at__gt=now)
    reason = _("The organiser has left Twinning.")
    for event in organised.order_by("pk"):
        event_cancel(actor=user, event=event, reason=reason)
    EventInvitation.objects.filter(invitee_id=user.pk).delete()
    CalendarFeed.objects.filter(user_id=user.pk).delete()


def _leave_groups(user: User) -> None:
    """Leaves every group it may leave; the last administrator of a group stays (see the module)."""
    for membership in GroupMembership.objects.filter(user_id=user.pk).select_related("group").order_by("pk"):
        try:
            group_leave(actor=user, group=membership.group)
        except DomainError:
            continue
    pending = GroupInvitation.objects.filter(invitee_id=user.pk, state=GroupInvitation.State.PENDING)
    for invitation in pending.select_related("group").order_by("pk"):
        group_invitation_decline(actor=user, invitation=invitation)


def _leave_conversations(user: User) -> None:
    """The others keep the conversations and the user's messages; the user receives nothing more."""
    current = ConversationMember.objects.filter(user_id=user.pk, left_at__isnull=True).select_related("conversation")
    for member in current.order_by("pk"):
        conversation_leave(actor=user, conversation=member.conversation)


def _close_ideas(user: User) -> None:
    """An open idea would have teachers answer someone who is gone: it is closed, and stays readable."""
    for idea in Idea.objects.filter(author_id=user.pk, status=Idea.Status.OPEN).order_by("pk"):
        try:
            idea_close(actor=user, idea=idea)
        except DomainError:  # hidden by the support service meanwhile: it stays hidden
            continue


def _erase_network(user: User) -> None:
    """Contacts (gone for the other side too), follows and blocks both ways, contact invitations."""
    for invitation in ContactInvitation.objects.filter(
        sender_id=user.pk, status=ContactInvitation.Status.PENDING
    ).select_related("recipient"):
        notifications_mark_read_about(recipient=invitation.recipient, kind="contact_invitation", actor=user)
    ContactInvitation.objects.filter(Q(sender_id=user.pk) | Q(recipient_id=user.pk)).delete()
    # QuerySet.delete() sends post_delete per row: the Home feeds of the others follow (activity.signals).
    Contact.objects.filter(Q(user_low_id=user.pk) | Q(user_high_id=user.pk)).delete()
    Follow.objects.filter(Q(follower_id=user.pk) | Q(followed_id=user.pk)).delete()
    Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk)).delete()


def _erase_profile(user: User) -> None:
    profile = Profile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return
    if profile.photo or profile.thumbnail:
        profile_remove_photo(actor=user, profile=profile)
    profile_update(
        actor=user,
        profile=profile,
        about="",
        subjects=[],
        languages=[],
        age_bands=[],
        interests=[],
        available_for_projects=False,
        available_for_plus=False,
    )
    profile_update_privacy(
        actor=user,
        profile=profile,
        visibility=Audience.CONTACTS,
        hide_from_search_engines=True,
        email_visibility=Audience.NOBODY,
        messages_from=Audience.NOBODY,
    )
    posts = list(Post.objects.filter(author_id=user.pk))
    post_files_delete_on_commit(posts)
    Post.objects.filter(pk__in=[post.pk for post in posts]).delete()


def _erase_personal_rows(user: User) -> None:
    """Rows that only ever served the user: their history, notifications, reading places and progress."""
    Employment.objects.filter(teacher_id=user.pk).delete()
    teacher_validation_refresh(user=user)
    Notification.objects.filter(recipient_id=user.pk).delete()
    NotificationPreference.objects.filter(user_id=user.pk).delete()
    ThreadFollow.objects.filter(user_id=user.pk).delete()
    StepVisit.objects.filter(user_id=user.pk).delete()
    Completion.objects.filter(user_id=user.pk).delete()
    ProgressAction.objects.filter(user_id=user.pk).delete()
    EmailAddress.objects.filter(user_id=user.pk).delete()
    Authenticator.objects.filter(user_id=user.pk).delete()


def _anonymise(user: User) -> None:
    """The row stays for other people's history; nothing in it says who it was, and it can never sign in."""
    user.first_name = ""
    user.last_name = ""
    user.email = f"deleted-{user.pk}@invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["first_name", "last_name", "email", "is_active", "password"])


@transaction.atomic
def account_delete(*, actor: User, password: str, confirmation: str, now: dt.datetime | None = None) -> None:
    """`actor` deletes their own account, after typing their current password and the confirmation word.

    Teachers only (support staff and administrators ask an administrator;
    pupils' accounts belong to their TwinSpace). A wrong password or word
    changes nothing. Everything happens in one transaction, in the order of
    the module's docstring: the services of the other apps first, while the
    account is still active and may act, then the personal rows, then the
    user row itself. Signing out is the caller's (the view ends the session;
    any other session fails at its next request, the account being inactive).
    """
    _check(actor, password=password, confirmation=confirmation)
    now = now or timezone.now()
    locked = User.objects.select_for_update().filter(pk=actor.pk, is_active=True).first()
    if locked is None:  # deleted a moment ago, by a second click
        raise PermissionRefused()
    _leave_events(actor, now)
    _leave_groups(actor)
    _leave_conversations(actor)
    _close_ideas(actor)
    _erase_network(actor)
    _erase_profile(actor)
    _erase_personal_rows(actor)
    _anonymise(actor)
    # Last: the saves above rewrite the person's document; the account must leave the index entirely.
    search_unindex_people(user_ids=[actor.pk])
