"""Groups in the JSON API: the same services, selectors and rules as the pages.

Mounted at `/api/groups/`: the directory (the search and filters of the
Groups page), a group's About card (plus its staff for readers), join and
leave, and my invitations with accept and decline. A group the viewer may not
see is a 404, as for one that does not exist; pupils get a 404 for every route.
A broken rule (already a member, the last administrator leaving) answers 400.
"""

from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from twinning.accounts.models import User
from twinning.core.api import PupilsExcludedAuth, check_id
from twinning.core.errors import DomainError, PermissionRefused
from twinning.groups import selectors, services
from twinning.groups.engines import group_for
from twinning.groups.models import Group, Invitation
from twinning.groups.permissions import group_access, invitations_answerable_by, is_teacher

router = Router(tags=["groups"])
PAGE_SIZE = 24


teacher_auth = PupilsExcludedAuth(is_teacher)
"""The signed-in teacher of the session."""


# --- schemas ----------------------------------------------------------------------------


class Detail(Schema):
    detail: str


class GroupSummary(Schema):
    id: int
    name: str
    description: str
    topic: str
    language: str
    kind: str
    is_central: bool
    member_count: int
    is_member: bool


class GroupPage(Schema):
    count: int
    page: int
    pages: int
    results: list[GroupSummary]


class StaffOut(Schema):
    user_id: int
    name: str
    role: str


class GroupOut(GroupSummary):
    """The About card for every teacher; `staff` only for those who read the group (null otherwise)."""

    aims: str
    my_role: str | None
    invited: bool
    can_join: bool
    can_leave: bool
    can_read: bool
    staff: list[StaffOut] | None = None


class MembershipOut(Schema):
    group_id: int
    role: str
    member_count: int


class InvitationOut(Schema):
    id: int
    group: GroupSummary
    invited_by: str | None
    created_at: datetime
    state: str


class DirectoryQuery(Schema):
    q: str = ""
    topic: str = ""
    language: str = ""
    kind: str = ""
    page: int = 1


ERRORS = {400: Detail, 401: Detail, 404: Detail}


# --- helpers ----------------------------------------------------------------------------


def _summary(group: Group, *, is_member: bool) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "description": group.description,
        "topic": group.topic,
        "language": group.language,
        "kind": group.kind,
        "is_central": group.is_central,
        "member_count": group.member_count,
        "is_member": is_member,
    }


def _group(request: HttpRequest, group_id: int):  # type: ignore[no-untyped-def]
    return group_for(request.user, check_id(group_id))  # type: ignore[arg-type]


def _run(action) -> Status | None:  # type: ignore[no-untyped-def]
    """Runs a service: a refusal is a 404, a broken rule a 400; None when it went through."""
    try:
        action()
    except PermissionRefused:
        return Status(404, {"detail": "Not found."})
    except DomainError as exc:
        return Status(400, {"detail": str(exc.message)})
    return None


def _group_data(request: HttpRequest, group: Group) -> dict[str, Any]:
    access = group_access(request.user, group)  # type: ignore[arg-type]
    staff = (
        [{"user_id": m.user_id, "name": m.user.full_name, "role": m.role} for m in selectors.group_staff(group=group)]
        if access.can_read
        else None
    )
    return {
        **_summary(group, is_member=access.is_member),
        "aims": group.aims,
        "my_role": access.role,
        "invited": access.invited,
        "can_join": access.can_join,
        "can_leave": access.can_leave,
        "can_read": access.can_read,
        "staff": staff,
    }


# --- routes -----------------------------------------------------------------------------


@router.get(
    "/",
    response={200: GroupPage, **ERRORS},
    auth=teacher_auth,
    summary="The groups directory",
    description="Approved groups (closed ones too: their About card), searched by keywords (name or "
    "description) and filtered by topic, language and kind (open or closed), by name, 24 a page.",
)
def group_list(request: HttpRequest, filters: Query[DirectoryQuery]) -> Status:
    found = selectors.group_directory(
        viewer=request.user,  # type: ignore[arg-type]
        filters=selectors.GroupFilters(
            q=filters.q[:200], topic=filters.topic, language=filters.language, kind=filters.kind
        ),
    )
    page = Paginator(found, PAGE_SIZE).get_page(filters.page)
    results = [_summary(group, is_member=group.is_mine) for group in page.object_list]  # type: ignore[attr-defined]
    return Status(
        200, {"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "results": results}
    )


@router.get(
    "/invitations/",
    response={200: list[InvitationOut], **ERRORS},
    auth=teacher_auth,
    summary="My invitations waiting for an answer",
)
def my_invitations(request: HttpRequest) -> Status:
    user: User = request.user  # type: ignore[assignment]
    rows = selectors.pending_invitations(user=user)[:100]
    return Status(200, [_invitation_data(invitation) for invitation in rows])


def _invitation_data(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "group": _summary(invitation.group, is_member=invitation.state == Invitation.State.ACCEPTED),
        "invited_by": invitation.invited_by.full_name if invitation.invited_by else None,
        "created_at": invitation.created_at,
        "state": invitation.state,
    }


def _my_invitation(request: HttpRequest, invitation_id: int) -> Invitation:
    invitation = (
        invitations_answerable_by(request.user)  # type: ignore[arg-type]
        .filter(pk=check_id(invitation_id), group__status=Group.Status.APPROVED)
        .select_related("group", "invited_by")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


@router.post(
    "/invitations/{int:invitation_id}/accept",
    response={200: InvitationOut, **ERRORS},
    auth=teacher_auth,
    summary="Accept an invitation: I become a member",
)
def invitation_accept(request: HttpRequest, invitation_id: int) -> Status:
    invitation = _my_invitation(request, invitation_id)
    refused = _run(lambda: services.invitation_accept(actor=request.user, invitation=invitation))  # type: ignore[arg-type]
    if refused:
        return refused
    invitation.refresh_from_db()
    invitation.group.refresh_from_db(fields=["member_count"])
    return Status(200, _invitation_data(invitation))


@router.post(
    "/invitations/{int:invitation_id}/decline",
    response={200: InvitationOut, **ERRORS},
    auth=teacher_auth,
    summary="Decline an invitation",
)
def invitation_decline(request: HttpRequest, invitation_id: int) -> Status:
    invitation = _my_invitation(request, invitation_id)
    refused = _run(lambda: services.invitation_decline(actor=request.user, invitation=invitation))  # type: ignore[arg-type]
    if refused:
        return refused
    invitation.refresh_from_db()
    return Status(200, _invitation_data(invitation))


@router.get(
    "/{int:group_id}",
    response={200: GroupOut, **ERRORS},
    auth=teacher_auth,
    summary="A group's About card, my place in it, and its staff for readers",
)
def group_detail(request: HttpRequest, group_id: int) -> Status:
    group, _access = _group(request, group_id)
    return Status(200, _group_data(request, group))


@router.post(
    "/{int:group_id}/join",
    response={200: MembershipOut, **ERRORS},
    auth=teacher_auth,
    summary="Join an open group (validated teachers)",
)
def group_join(request: HttpRequest, group_id: int) -> Status:
    group, _access = _group(request, group_id)
    refused = _run(lambda: services.group_join(actor=request.user, group=group))  # type: ignore[arg-type]
    if refused:
        return refused
    group.refresh_from_db(fields=["member_count"])
    return Status(200, {"group_id": group.pk, "role": "member", "member_count": group.member_count})


@router.post(
    "/{int:group_id}/leave",
    response={204: None, **ERRORS},
    auth=teacher_auth,
    summary="Leave a group (the only administrator cannot)",
)
def group_leave(request: HttpRequest, group_id: int) -> Status:
    group, _access = _group(request, group_id)
    refused = _run(lambda: services.group_leave(actor=request.user, group=group))  # type: ignore[arg-type]
    if refused:
        return refused
    return Status(204, None)
