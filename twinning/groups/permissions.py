"""Who sees a group and what they may do in it: one `GroupAccess` per (user, group), and the querysets that agree.

Every signed-in teacher sees approved groups in the directory, closed ones too
(name, description, kind, "by invitation only"). The content of a closed group
(discussions, documents, activities, members) is for its members only: anyone
else gets a 404, as if it did not exist; the central support service is no
exception there (it approves requests, it does not read closed groups). A
group still waiting for approval, or not approved, is seen by its requester
and the central support service only, in their own lists.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.groups.models import Group, Invitation, Membership

Role = Membership.Role


def is_teacher(user: User) -> bool:
    """A signed-in adult account (pupils have no part in groups)."""
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)


def is_central_officer(user: User) -> bool:
    """The central support service decides group requests and creates its own groups."""
    return is_teacher(user) and support_scope(user).central


def can_request_group(user: User) -> bool:
    """Any validated teacher may ask for a new group."""
    return is_teacher(user) and user.is_validated


@dataclass(frozen=True)
class GroupAccess:
    """What one user may do in one group, from their membership role and the group's kind and status."""

    approved: bool
    closed: bool
    role: str | None  # Membership.Role of the user, None for a non-member
    invited: bool  # a pending invitation waits for the user
    teacher: bool  # a signed-in adult
    validated: bool
    central: bool  # the user staffs the central support service

    @property
    def is_member(self) -> bool:
        return self.role is not None

    @property
    def is_moderator(self) -> bool:
        """Moderators and administrators moderate."""
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_see(self) -> bool:
        """The group's About card (name, description, kind): every teacher, once approved."""
        return self.approved and self.teacher

    @property
    def can_read(self) -> bool:
        """Discussions, documents, activities and members: open groups to every teacher, closed ones to members."""
        return self.can_see and (not self.closed or self.is_member)

    @property
    def can_post(self) -> bool:
        return self.approved and self.is_member

    @property
    def can_join(self) -> bool:
        """Open groups only, for validated teachers who are not members yet (closed: by invitation)."""
        return self.can_see and not self.closed and not self.is_member and self.validated

    @property
    def can_leave(self) -> bool:
        """Members leave; the services refuse the last administrator."""
        return self.approved and self.is_member

    @property
    def can_invite(self) -> bool:
        return self.approved and self.is_moderator

    @property
    def can_moderate(self) -> bool:
        return self.approved and self.is_moderator

    @property
    def can_manage_roles(self) -> bool:
        return self.approved and self.is_admin

    @property
    def removable_roles(self) -> frozenset[str]:
        """The roles of the members this user may remove: moderators remove members, administrators
        also moderators; nobody removes an administrator (the role is revoked first)."""
        if not self.can_moderate:
            return frozenset()
        return frozenset({Role.MEMBER, Role.MODERATOR} if self.can_manage_roles else {Role.MEMBER})

    @classmethod
    def nothing(cls) -> "GroupAccess":
        return cls(False, True, None, False, False, False, False)


def group_access(user: User, group: Group) -> GroupAccess:
    """The access of `user` to `group` (two small queries for a signed-in teacher)."""
    if not is_teacher(user):
        return GroupAccess.nothing()
    role = Membership.objects.filter(group_id=group.pk, user_id=user.pk).values_list("role", flat=True).first()
    invited = (
        role is None
        and Invitation.objects.filter(group_id=group.pk, invitee_id=user.pk, state=Invitation.State.PENDING).exists()
    )
    central = support_scope(user).central
    return GroupAccess(
        approved=group.status == Group.Status.APPROVED,
        closed=group.kind == Group.Kind.CLOSED,
        role=role,
        invited=invited,
        teacher=True,
        validated=user.is_validated or central,  # central officers join the groups they look after
        central=central,
    )


def visible_groups(viewer: User) -> QuerySet[Group]:
    """Groups whose About card `viewer` sees (agrees with `GroupAccess.can_see`): approved ones, for teachers."""
    if not is_teacher(viewer):
        return Group.objects.none()
    return Group.objects.filter(status=Group.Status.APPROVED)


def readable_groups(viewer: User) -> QuerySet[Group]:
    """Groups whose content `viewer` reads (agrees with `GroupAccess.can_read`)."""
    if not is_teacher(viewer):
        return Group.objects.none()
    return visible_groups(viewer).filter(Q(kind=Group.Kind.OPEN) | Q(memberships__user_id=viewer.pk)).distinct()


def decidable_requests(viewer: User) -> QuerySet[Group]:
    """Requests the viewer may approve or reject: every waiting one for the central service, none for others."""
    if not is_central_officer(viewer):
        return Group.objects.none()
    return Group.objects.filter(status=Group.Status.REQUESTED)


def invitations_answerable_by(user: User) -> QuerySet[Invitation]:
    """Invitations `user` may accept or decline: their own."""
    if not is_teacher(user):
        return Invitation.objects.none()
    return Invitation.objects.filter(invitee_id=user.pk)
