"""Reads of groups shared by the pages: the directory, my groups, members, activities, invitations, the queue."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from twinning.accounts.models import User
from twinning.groups.models import Activity, Group, GroupLogEntry, Invitation, Membership
from twinning.groups.permissions import decidable_requests, invitations_answerable_by, visible_groups
from twinning.profiles.selectors import invitable_teachers


@dataclass(frozen=True)
class GroupFilters:
    q: str = ""
    topic: str = ""
    language: str = ""
    kind: str = ""


def group_directory(*, viewer: User, filters: GroupFilters) -> QuerySet[Group]:
    """Approved groups matching the keywords (name or description) and filters, by name; each row says
    whether the viewer is a member (`is_mine`)."""
    groups = visible_groups(viewer)
    for word in filters.q.split()[:8]:
        groups = groups.filter(Q(name__icontains=word) | Q(description__icontains=word))
    if filters.topic:
        groups = groups.filter(topic=filters.topic)
    if filters.language:
        groups = groups.filter(language=filters.language)
    if filters.kind:
        groups = groups.filter(kind=filters.kind)
    return groups.annotate(
        is_mine=Exists(Membership.objects.filter(group_id=OuterRef("pk"), user_id=viewer.pk))
    ).order_by("name", "pk")


def my_memberships(*, user: User) -> QuerySet[Membership]:
    """The user's memberships of approved groups, with their groups, by group name."""
    return (
        Membership.objects.filter(user_id=user.pk, group__status=Group.Status.APPROVED)
        .select_related("group")
        .order_by("group__name", "group_id")
    )


def my_requests(*, user: User) -> QuerySet[Group]:
    """Groups the user asked for that are waiting or were not approved, newest first."""
    return Group.objects.filter(requested_by_id=user.pk).exclude(status=Group.Status.APPROVED).order_by("-created_at")


def group_members(*, group: Group) -> QuerySet[Membership]:
    """Members, administrators first, then moderators, then by name."""
    return (
        Membership.objects.filter(group_id=group.pk)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "pk")
    )


def group_staff(*, group: Group) -> list[Membership]:
    """Administrators and moderators, for the About tab."""
    return list(group_members(group=group).filter(role__in=[Membership.Role.ADMIN, Membership.Role.MODERATOR])[:50])


def group_activities(*, group: Group, today: datetime.date) -> dict[str, list[Activity]]:
    """The group's activities as current, upcoming and past."""
    activities = list(Activity.objects.filter(group_id=group.pk).select_related("thread", "created_by")[:300])
    return {
        "current": [a for a in activities if a.starts_on <= today <= a.ends_on],
        "upcoming": sorted((a for a in activities if a.starts_on > today), key=lambda a: a.starts_on),
        "past": [a for a in activities if a.ends_on < today],
    }


def pending_invitations(*, user: User) -> QuerySet[Invitation]:
    return (
        invitations_answerable_by(user)
        .filter(state=Invitation.State.PENDING, group__status=Group.Status.APPROVED)
        .select_related("group", "invited_by")
        .order_by("-created_at")
    )


def request_queue(*, officer: User) -> QuerySet[Group]:
    """Waiting group requests, oldest first, for the central support service."""
    return decidable_requests(officer).select_related("requested_by").order_by("created_at", "pk")


def invite_candidates(*, actor: User, group: Group, name: str = "") -> QuerySet[User]:
    """Validated teachers `actor` may invite: their contacts, or with a name, teachers whose profile they
    can see; members, people with a pending invitation and people blocked either way with `actor` are left out
    (`services.group_invite` agrees)."""
    users = invitable_teachers(actor=actor, name=name)
    return (
        users.exclude(group_memberships__group_id=group.pk)
        .exclude(group_invitations__group_id=group.pk, group_invitations__state=Invitation.State.PENDING)
        .order_by("last_name", "first_name", "pk")
    )


def group_pending_invitations(*, group: Group) -> QuerySet[Invitation]:
    """The group's invitations not answered yet, newest first (administrators and moderators may withdraw them)."""
    return (
        Invitation.objects.filter(group_id=group.pk, state=Invitation.State.PENDING)
        .select_related("invitee", "invited_by")
        .order_by("-created_at", "-pk")
    )


def group_history(*, group: Group) -> QuerySet[GroupLogEntry]:
    """The group's audit trail, newest first, with who did each thing."""
    return GroupLogEntry.objects.filter(group_id=group.pk).select_related("actor").order_by("-created_at", "-pk")
