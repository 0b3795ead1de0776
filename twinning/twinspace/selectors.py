"""Reads of TwinSpaces: a member's role, their TwinSpaces, boards, pages and members, in a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from twinning.accounts.models import User
from twinning.schools.models import Employment
from twinning.schools.selectors import current_employment_q
from twinning.twinspace.models import PUPIL_ROLES, TEACHER_ROLES, Comment, Membership, Page, Role, TwinSpace, Update


def role_of(*, user: User | AnonymousUser | None, twinspace: TwinSpace) -> Role | None:
    """The user's role in `twinspace`, or None when they are not a member (or are signed out)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    role = Membership.objects.filter(twinspace_id=twinspace.pk, user_id=user.pk).values_list("role", flat=True).first()
    return Role(role) if role else None


def twinspaces_of(*, user: User) -> QuerySet[TwinSpace]:
    """The TwinSpaces `user` is a member of, open ones first, then by title."""
    return TwinSpace.objects.filter(memberships__user_id=user.pk).order_by("is_closed", "title", "pk")


def board_updates(*, twinspace: TwinSpace, board: str) -> QuerySet[Update]:
    """Updates of one board, pinned first then newest, with their authors and comments (and theirs) loaded."""
    comments = Comment.objects.select_related("author").order_by("created_at", "pk")
    return (
        Update.objects.filter(twinspace_id=twinspace.pk, board=board)
        .select_related("author")
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("-is_pinned", "-created_at", "-pk")
    )


def visible_pages(*, twinspace: TwinSpace, user: User, role: Role | None) -> QuerySet[Page]:
    """The pages `user` may read: published ones, and drafts for teachers and for the draft's author."""
    pages = Page.objects.filter(twinspace_id=twinspace.pk).select_related("created_by")
    if role in TEACHER_ROLES:
        return pages
    return pages.filter(Q(status=Page.Status.PUBLISHED) | Q(created_by_id=user.pk))


@dataclass
class Members:
    teachers: list[Membership]
    pupils: list[Membership]


def space_members(*, twinspace: TwinSpace) -> Members:
    """Teachers (administrators first, with their current schools) and pupils (by nickname)."""
    rows = list(
        Membership.objects.filter(twinspace_id=twinspace.pk)
        .select_related("user", "user__pupil")
        .prefetch_related(
            Prefetch(
                "user__employments",
                queryset=Employment.objects.filter(current_employment_q()).select_related("school"),
                to_attr="current_employments",
            )
        )
    )
    order = {role: index for index, role in enumerate(Role)}
    teachers = sorted(
        (m for m in rows if m.role in TEACHER_ROLES),
        key=lambda m: (order[Role(m.role)], m.user.last_name.lower(), m.user.first_name.lower()),
    )
    pupils = sorted(
        (m for m in rows if m.role in PUPIL_ROLES),
        key=lambda m: (m.user.first_name.lower(), m.pk),
    )
    return Members(teachers=teachers, pupils=pupils)


def teacher_admin_count(*, twinspace: TwinSpace) -> int:
    return Membership.objects.filter(twinspace_id=twinspace.pk, role=Role.TEACHER_ADMIN).count()
