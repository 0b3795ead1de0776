"""Who may do what in a TwinSpace: every rule of the five roles in one place.

A member's abilities come from their role (DESIGN.md §4) and from whether the
TwinSpace is closed (then everyone only reads). Non-members may do nothing and
are answered 404 for everything, as if the TwinSpace did not exist; the only
exception is a page that is both published and public (`public_pages`).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from twinning.accounts.models import User
from twinning.twinspace.models import PUPIL_ROLES, TEACHER_ROLES, Comment, Page, Role, TwinSpace, Update
from twinning.twinspace.selectors import role_of

WRITERS = (Role.TEACHER_ADMIN, Role.TEACHER)
ALL_ROLES = tuple(Role)
POSTERS = (Role.TEACHER_ADMIN, Role.TEACHER, Role.PUPIL_ADMIN, Role.PUPIL)


@dataclass(frozen=True)
class SpaceAccess:
    """What one user may do in one TwinSpace. `role` None: not a member, nothing allowed."""

    user_id: int | None
    role: Role | None
    closed: bool

    def _may(self, roles: tuple[Role, ...], *, write: bool = True) -> bool:
        if self.role is None or self.role not in roles:
            return False
        return not (write and self.closed)

    # Reading
    @property
    def can_read(self) -> bool:
        return self.role is not None

    @property
    def is_teacher(self) -> bool:
        return self.role in TEACHER_ROLES

    @property
    def is_pupil(self) -> bool:
        return self.role in PUPIL_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.TEACHER_ADMIN

    @property
    def can_read_board(self) -> bool:
        """The teachers' board: every teacher role, never pupils."""
        return self._may(TEACHER_ROLES, write=False)

    @property
    def can_read_drafts(self) -> bool:
        return self._may(TEACHER_ROLES, write=False)

    # Home and pupils' wall
    def can_post_update(self, board: str) -> bool:
        if board == Update.Board.HOME:
            return self._may(WRITERS)
        return self._may(POSTERS)

    @property
    def can_comment(self) -> bool:
        return self._may(POSTERS)

    @property
    def can_pin(self) -> bool:
        return self._may((Role.TEACHER_ADMIN,))

    def can_delete_update(self, update: Update) -> bool:
        return self.can_pin or (self._may(POSTERS) and update.author_id == self.user_id)

    def can_delete_comment(self, comment: Comment) -> bool:
        return self.can_pin or (self._may(POSTERS) and comment.author_id == self.user_id)

    # Pages
    @property
    def can_create_page(self) -> bool:
        return self._may((Role.TEACHER_ADMIN, Role.TEACHER, Role.PUPIL_ADMIN))

    def can_edit_page(self, page: Page) -> bool:
        """Teacher administrators edit any page; teacher members their own; pupil administrators their own drafts."""
        if self.is_admin:
            return not self.closed
        if not self.can_create_page or page.created_by_id != self.user_id:
            return False
        return self.is_teacher or page.status == Page.Status.DRAFT

    def can_publish_page(self, page: Page | None) -> bool:
        """Teacher administrators publish any page, teacher members their own; pupils' pages wait for a teacher."""
        if self.is_admin:
            return not self.closed
        return self._may((Role.TEACHER,)) and (page is None or page.created_by_id == self.user_id)

    @property
    def can_make_public(self) -> bool:
        return self._may((Role.TEACHER_ADMIN,))

    @property
    def can_reorder_pages(self) -> bool:
        return self._may((Role.TEACHER_ADMIN,))

    def can_delete_page(self, page: Page) -> bool:
        return self.can_edit_page(page)

    # Members and pupils
    @property
    def can_manage_members(self) -> bool:
        return self._may((Role.TEACHER_ADMIN,))

    @property
    def can_manage_pupils(self) -> bool:
        return self._may((Role.TEACHER_ADMIN,))

    # Materials and forums (the engines' access objects are built in `engines.py`)
    @property
    def can_upload(self) -> bool:
        return self._may(WRITERS)

    @property
    def can_start_thread(self) -> bool:
        return self._may((Role.TEACHER_ADMIN, Role.TEACHER, Role.PUPIL_ADMIN))

    @property
    def can_reply(self) -> bool:
        return self._may(POSTERS)

    @property
    def can_write_board(self) -> bool:
        return self._may(WRITERS)


def space_access(user: User | AnonymousUser | None, twinspace: TwinSpace) -> SpaceAccess:
    role = role_of(user=user, twinspace=twinspace)
    return SpaceAccess(user_id=user.pk if role and user else None, role=role, closed=twinspace.is_closed)


def visible_twinspaces(user: User | AnonymousUser) -> QuerySet[TwinSpace]:
    """Agrees with `SpaceAccess.can_read`: the TwinSpaces the user is a member of."""
    if not user.is_authenticated or not user.is_active:
        return TwinSpace.objects.none()
    return TwinSpace.objects.filter(memberships__user_id=user.pk)


def twinspace_for(user: User | AnonymousUser, pk: int) -> tuple[TwinSpace, SpaceAccess]:
    """The TwinSpace and the user's access to it, or 404 when they are not a member."""
    twinspace = get_object_or_404(TwinSpace, pk=pk)
    access = space_access(user, twinspace)
    if not access.can_read:
        raise Http404
    return twinspace, access


def public_pages() -> QuerySet[Page]:
    """Pages anyone may read, signed out included: published and made public by a teacher administrator."""
    return Page.objects.filter(status=Page.Status.PUBLISHED, is_public=True)
