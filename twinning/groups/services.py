"""Every change to groups: requests and the central service's decision, joining and leaving,
invitations, roles, removals and activities.

Rules come from `permissions.GroupAccess`; a refusal is `PermissionRefused`
(pages answer 404), a broken business rule a `DomainError` shown to the user.
`Group.member_count` moves with `F()` updates in the same transaction as the
membership row, and only when a row was really created or deleted. Every
transition writes a `GroupLogEntry` (who, what, when, detail) in the same
transaction: the group's history, shown to its administrators.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import SupportService, User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.vocabularies import LANGUAGES, SUBJECTS
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import forum_create, thread_start
from twinning.documents.services import library_create
from twinning.groups.models import Activity, Group, GroupLogEntry, Invitation, Membership
from twinning.groups.permissions import (
    GroupAccess,
    can_request_group,
    group_access,
    is_central_officer,
    is_teacher,
)
from twinning.network.selectors import contact_ids, is_blocked_between
from twinning.notifications.services import notifications_mark_read_about, notify
from twinning.profiles.permissions import visible_profiles
from twinning.progress.services import progress_record

Role = Membership.Role
Action = GroupLogEntry.Action
NAME_MAX_LENGTH = Group._meta.get_field("name").max_length or 120
TEXT_MAX_LENGTH = 5_000
MAX_PROPOSED_MODERATORS = 10


# --- helpers -----------------------------------------------------------------------------


def _clean_text(value: str, *, field: str, max_length: int, required_message: str) -> str:
    value = (value or "").strip()
    if field == "name":
        value = " ".join(value.split())
    if not value:
        raise DomainError(required_message, field=field)
    if len(value) > max_length:
        raise DomainError(
            _("At most %(max)d characters; this has %(length)d.") % {"max": max_length, "length": len(value)},
            field=field,
        )
    if "\x00" in value:
        raise DomainError(_("This text contains a character that cannot be stored."), field=field)
    return value


def _check_choices(*, topic: str, language: str, kind: str) -> None:
    if topic not in dict(SUBJECTS):
        raise DomainError(_("Choose a topic from the list."), field="topic")
    if language not in dict(LANGUAGES):
        raise DomainError(_("Choose a language from the list."), field="language")
    if kind not in Group.Kind.values:
        raise DomainError(_("Choose whether the group is open or closed."), field="kind")


def _check_moderators(actor: User, proposed: Iterable[User]) -> list[User]:
    """Proposed moderators are the actor's contacts, teachers, not the actor."""
    people = list({user.pk: user for user in proposed}.values())
    if len(people) > MAX_PROPOSED_MODERATORS:
        raise DomainError(
            _("Propose at most %(max)d moderators.") % {"max": MAX_PROPOSED_MODERATORS}, field="proposed_moderators"
        )
    if not people:
        return []
    contacts = set(User.objects.filter(pk__in=contact_ids(actor)).values_list("pk", flat=True))
    for user in people:
        if user.pk == actor.pk or user.pk not in contacts or not is_teacher(user):
            raise DomainError(
                _("Moderators are chosen among your contacts; %(name)s is not one of them.") % {"name": user.full_name},
                field="proposed_moderators",
            )
    return people


def group_url(group: Group) -> str:
    return reverse("groups:detail", kwargs={"pk": group.pk})


def _add_member(group: Group, user: User, role: str) -> bool:
    """Makes `user` a member with `role` (raising an existing member's role); True when a row was created."""
    try:
        with transaction.atomic():
            Membership.objects.create(group=group, user=user, role=role)
    except IntegrityError:
        if role != Role.MEMBER:
            Membership.objects.filter(group=group, user=user).update(role=role)
        return False
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
    return True


def log(group: Group, actor: User | None, action: str, detail: str = "") -> GroupLogEntry:
    """One line of the group's history (the detail names the other person or the thing, untranslated)."""
    return GroupLogEntry.objects.create(group=group, actor=actor, action=action, detail=detail[:500])


def _locked_admin_count(group: Group) -> int:
    return len(
        list(
            Membership.objects.select_for_update()
            .filter(group_id=group.pk, role=Role.ADMIN)
            .values_list("pk", flat=True)
        )
    )


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionRefused()


# --- requests and decisions --------------------------------------------------------------


def _build_group(*, actor: User, name: str, description: str, aims: str, topic: str, language: str, kind: str) -> Group:
    name = _clean_text(name, field="name", max_length=NAME_MAX_LENGTH, required_message=_("Give the group a name."))
    description = _clean_text(
        description, field="description", max_length=TEXT_MAX_LENGTH, required_message=_("Describe the group.")
    )
    aims = _clean_text(
        aims, field="aims", max_length=TEXT_MAX_LENGTH, required_message=_("Say what the group aims at.")
    )
    _check_choices(topic=topic, language=language, kind=kind)
    group = Group(
        name=name,
        description=description,
        aims=aims,
        topic=topic,
        language=language,
        kind=kind,
        requested_by=actor,
    )
    return group


def _central_officers() -> Iterable[User]:
    return (
        User.objects.filter(support_services__kind=SupportService.Kind.CENTRAL, is_active=True)
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def group_request(
    *,
    actor: User,
    name: str,
    description: str,
    aims: str,
    topic: str,
    language: str,
    kind: str,
    proposed_moderators: Iterable[User] = (),
) -> Group:
    """A validated teacher asks for a new group; the central support service's officers are told."""
    if not can_request_group(actor):
        raise PermissionRefused(_("Only validated teachers can ask for a group."))
    group = _build_group(
        actor=actor, name=name, description=description, aims=aims, topic=topic, language=language, kind=kind
    )
    moderators = _check_moderators(actor, proposed_moderators)
    group.full_clean()
    group.save()
    group.proposed_moderators.set(moderators)
    log(group, actor, Action.REQUESTED, group.name)
    url = reverse("support:groups")
    for officer in _central_officers():
        notify(recipient=officer, kind="group_request_waiting", actor=actor, url=url, params={"group": group.name})
    return group


def _open_spaces(group: Group, *, actor: User) -> None:
    """Gives an approved group its forum, its library and its first members."""
    group.forum = forum_create(purpose="group_forum")
    group.library = library_create(purpose="group_documents")
    group.status = Group.Status.APPROVED
    group.decided_by = actor
    group.decided_at = timezone.now()
    group.save(update_fields=["forum", "library", "status", "decided_by", "decided_at"])
    _add_member(group, group.requested_by, Role.ADMIN)
    progress_record(user=group.requested_by, kind="group_moderated", key=str(group.pk))
    for moderator in group.proposed_moderators.all():
        if moderator.is_active and not is_blocked_between(moderator, group.requested_by):
            _add_member(group, moderator, Role.MODERATOR)
            progress_record(user=moderator, kind="group_moderated", key=str(group.pk))
    group.refresh_from_db(fields=["member_count"])


def _claim_request(group: Group) -> Group:
    locked = Group.objects.select_for_update().filter(pk=group.pk).first()
    if locked is None:
        raise PermissionRefused()
    if locked.status != Group.Status.REQUESTED:
        raise DomainError(_("This request was already decided."), code="decided")
    return locked


@transaction.atomic
def group_approve(*, actor: User, group: Group) -> Group:
    """The central support service approves a request: the group opens, the requester becomes its administrator."""
    _require(is_central_officer(actor))
    group = _claim_request(group)
    _open_spaces(group, actor=actor)
    log(group, actor, Action.APPROVED)
    notify(
        recipient=group.requested_by,
        kind="group_request_approved",
        actor=actor,
        url=group_url(group),
        params={"group": group.name},
    )
    return group


@transaction.atomic
def group_reject(*, actor: User, group: Group, reason: str) -> Group:
    """The central support service turns a request down, saying why."""
    _require(is_central_officer(actor))
    reason = _clean_text(
        reason, field="reason", max_length=2_000, required_message=_("Say why the group is not approved.")
    )
    group = _claim_request(group)
    group.status = Group.Status.REJECTED
    group.rejection_reason = reason
    group.decided_by = actor
    group.decided_at = timezone.now()
    group.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    log(group, actor, Action.REJECTED, reason)
    notify(
        recipient=group.requested_by,
        kind="group_request_rejected",
        actor=actor,
        url=reverse("groups:mine"),
        params={"group": group.name, "reason": reason},
    )
    return group


@transaction.atomic
def group_create_central(
    *,
    actor: User,
    name: str,
    description: str,
    aims: str,
    topic: str,
    language: str,
    kind: str,
    proposed_moderators: Iterable[User] = (),
) -> Group:
    """The central support service creates a group of its own, approved at once, marked as run by it."""
    _require(is_central_officer(actor))
    group = _build_group(
        actor=actor, name=name, description=description, aims=aims, topic=topic, language=language, kind=kind
    )
    moderators = _check_moderators(actor, proposed_moderators)
    group.is_central = True
    group.full_clean()
    group.save()
    group.proposed_moderators.set(moderators)
    log(group, actor, Action.CREATED, group.name)
    _open_spaces(group, actor=actor)
    return group


# --- joining and leaving -----------------------------------------------------------------


@transaction.atomic
def group_join(*, actor: User, group: Group) -> Membership:
    """A validated teacher joins an open group."""
    access = group_access(actor, group)
    if access.is_member:
        raise DomainError(_("You are already a member of this group."), code="member")
    _require(access.can_see and not access.closed)
    if not access.can_join:
        raise DomainError(_("You can join groups once your account is validated."), code="not_validated")
    if not _add_member(group, actor, Role.MEMBER):  # joined a moment ago (a double click)
        raise DomainError(_("You are already a member of this group."), code="member")
    log(group, actor, Action.JOINED)
    progress_record(user=actor, kind="group_joined", key=str(group.pk))
    _close_own_invitation(group, actor)
    return Membership.objects.get(group=group, user=actor)


def _close_own_invitation(group: Group, invitee: User) -> None:
    """Joining an open group on one's own answers a pending invitation to it: accepted, its notice read."""
    invitation = Invitation.objects.filter(
        group_id=group.pk, invitee_id=invitee.pk, state=Invitation.State.PENDING
    ).first()
    if invitation is None:
        return
    if Invitation.objects.filter(pk=invitation.pk, state=Invitation.State.PENDING).update(
        state=Invitation.State.ACCEPTED, decided_at=timezone.now()
    ):
        _settle_invitation_notice(invitation)


@transaction.atomic
def group_leave(*, actor: User, group: Group) -> None:
    """A member leaves; the last administrator cannot (appoint another one first)."""
    access = group_access(actor, group)
    _require(access.can_leave)
    if access.is_admin and _locked_admin_count(group) <= 1:
        raise DomainError(
            _("You are the group's only administrator: make another member administrator before leaving."),
            code="last_admin",
        )
    if Membership.objects.filter(group=group, user=actor).delete()[0]:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
        log(group, actor, Action.LEFT)


# --- invitations -------------------------------------------------------------------------


def _may_invite(actor: User, invitee: User) -> bool:
    """The picker's rule: another teacher, not blocked either way, among the actor's contacts or whose
    profile the actor may see (a hidden profile is not found by its id either)."""
    if not is_teacher(invitee) or invitee.pk == actor.pk or is_blocked_between(actor, invitee):
        return False
    if User.objects.filter(pk=invitee.pk, pk__in=contact_ids(actor)).exists():
        return True
    return visible_profiles(actor).filter(user_id=invitee.pk).exists()


@transaction.atomic
def group_invite(*, actor: User, group: Group, invitee: User) -> Invitation:
    """An administrator or moderator invites a teacher (the only way into a closed group)."""
    access = group_access(actor, group)
    _require(access.can_invite)
    if not _may_invite(actor, invitee):
        raise DomainError(_("This teacher cannot be invited."), field="invitee")
    if not invitee.is_validated:
        raise DomainError(
            _("%(name)s can be invited once their account is validated.") % {"name": invitee.full_name},
            field="invitee",
        )
    if Membership.objects.filter(group=group, user=invitee).exists():
        raise DomainError(_("%(name)s is already a member.") % {"name": invitee.full_name}, field="invitee")
    invitation = Invitation(group=group, invitee=invitee, invited_by=actor)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exists:
        raise DomainError(
            _("%(name)s is already invited and has not answered yet.") % {"name": invitee.full_name},
            field="invitee",
        ) from exists
    log(group, actor, Action.INVITED, invitee.full_name)
    notify(
        recipient=invitee,
        kind="group_invitation",
        actor=actor,
        url=reverse("groups:invitations"),
        params={"group": group.name},
    )
    return invitation


def _answer(actor: User, invitation: Invitation, state: str) -> Invitation:
    _require(is_teacher(actor) and invitation.invitee_id == actor.pk)
    updated = Invitation.objects.filter(pk=invitation.pk, state=Invitation.State.PENDING).update(
        state=state, decided_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("This invitation was already answered or withdrawn."), code="answered")
    invitation.refresh_from_db()
    log(invitation.group, actor, Action.ACCEPTED if state == Invitation.State.ACCEPTED else Action.DECLINED)
    _settle_invitation_notice(invitation)
    return invitation


def _settle_invitation_notice(invitation: Invitation) -> None:
    """Marks read the invitee's "invites you" notice once no other invitation from that person waits."""
    others_waiting = Invitation.objects.filter(
        invitee_id=invitation.invitee_id, invited_by_id=invitation.invited_by_id, state=Invitation.State.PENDING
    ).exists()
    if others_waiting:
        return
    notifications_mark_read_about(
        recipient=invitation.invitee,
        kind="group_invitation",
        url=reverse("groups:invitations"),
        actor=invitation.invited_by,
    )


@transaction.atomic
def invitation_accept(*, actor: User, invitation: Invitation) -> Invitation:
    """The invitee accepts and becomes a member."""
    group = invitation.group
    if group.status != Group.Status.APPROVED:
        raise PermissionRefused()
    invitation = _answer(actor, invitation, Invitation.State.ACCEPTED)
    _add_member(group, actor, Role.MEMBER)
    progress_record(user=actor, kind="group_joined", key=str(group.pk))
    return invitation


@transaction.atomic
def invitation_decline(*, actor: User, invitation: Invitation) -> Invitation:
    return _answer(actor, invitation, Invitation.State.DECLINED)


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    """An administrator or moderator withdraws an invitation not answered yet; the invitee's notice is settled."""
    group = invitation.group
    _require(group_access(actor, group).can_invite)
    updated = Invitation.objects.filter(pk=invitation.pk, group_id=group.pk, state=Invitation.State.PENDING).update(
        state=Invitation.State.WITHDRAWN, decided_at=timezone.now()
    )
    if not updated:
        raise DomainError(_("This invitation was already answered or withdrawn."), code="answered")
    invitation.refresh_from_db()
    log(group, actor, Action.WITHDRAWN, invitation.invitee.full_name)
    _settle_invitation_notice(invitation)
    return invitation


# --- roles and removals ------------------------------------------------------------------


def _membership(group: Group, user: User) -> Membership:
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise DomainError(_("This teacher is not a member of the group."), field="user")
    return membership


@transaction.atomic
def member_set_role(*, actor: User, group: Group, user: User, role: str) -> Membership:
    """Administrators appoint or revoke moderators and administrators; the last administrator stays one."""
    _require(group_access(actor, group).can_manage_roles)
    if role not in Role.values:
        raise DomainError(_("Choose a role from the list."), field="role")
    membership = _membership(group, user)
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and _locked_admin_count(group) <= 1:
        raise DomainError(_("A group keeps at least one administrator."), code="last_admin")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log(group, actor, Action.ROLE_CHANGED, f"{user.full_name}: {previous} -> {role}")
    if role in (Role.MODERATOR, Role.ADMIN):
        progress_record(user=user, kind="group_moderated", key=str(group.pk))
        notify(recipient=user, kind="group_moderator", actor=actor, url=group_url(group), params={"group": group.name})
    return membership


@transaction.atomic
def member_remove(*, actor: User, group: Group, user: User) -> None:
    """Moderators remove members; administrators also remove moderators; nobody removes an administrator
    (revoke the role first) nor themselves (they leave)."""
    access = group_access(actor, group)
    _require(access.can_moderate)
    if user.pk == actor.pk:
        raise DomainError(_("To remove yourself, leave the group."), code="self")
    membership = _membership(group, user)
    if membership.role not in access.removable_roles:
        raise PermissionRefused(_("You cannot remove this member."))
    membership.delete()
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    log(group, actor, Action.REMOVED, user.full_name)


# --- activities --------------------------------------------------------------------------


def activity_forum_access(access: GroupAccess) -> ForumAccess:
    """The forum rights of a group role (the activities' threads live in the group's forum)."""
    return ForumAccess(
        can_read=access.can_read,
        can_start_thread=access.can_post,
        can_reply=access.can_post,
        can_moderate=access.can_moderate,
    )


@transaction.atomic
def activity_create(
    *,
    actor: User,
    group: Group,
    title: str,
    description: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Activity:
    """A moderator sets a task for the group over a period; it gets its own thread in the group's forum."""
    access = group_access(actor, group)
    _require(access.can_moderate)
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError(_("Give the period's first and last day."), field="starts_on")
    if ends_on < starts_on:
        raise DomainError(_("The activity must end on or after the day it starts."), field="ends_on")
    description = _clean_text(
        description, field="description", max_length=10_000, required_message=_("Say what members should do.")
    )
    assert group.forum is not None  # an approved group has its forum
    thread = thread_start(
        actor=actor, forum=group.forum, access=activity_forum_access(access), title=title, body=description
    )
    activity = Activity(
        group=group,
        title=thread.title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        thread=thread,
        created_by=actor,
    )
    activity.full_clean()
    activity.save()
    log(group, actor, Action.ACTIVITY_CREATED, activity.title)
    progress_record(user=actor, kind="group_activity_run", key=str(activity.pk))
    return activity
