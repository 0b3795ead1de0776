"""Changes to a TwinSpace: creation and closing (called by projects), members and roles, updates and comments.

`projects` keeps the membership in step with its partners through
`twinspace_member_add/remove` without an actor (it has already decided who
may); the Members page passes the acting teacher administrator, whose right is
checked here. Pages live in `pages.py`, pupil accounts in `pupils.py`.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum
from twinning.documents.models import Library
from twinning.network.selectors import contact_ids
from twinning.twinspace.models import PUPIL_ROLES, TEACHER_ROLES, Comment, Membership, Role, TwinSpace, Update
from twinning.twinspace.permissions import SpaceAccess, space_access


def _forum(purpose: str) -> Forum:
    try:
        from twinning.discussions.services import forum_create
    except ImportError:  # pragma: no cover - the engine's services land in the same release
        return Forum.objects.create(purpose=purpose)
    return forum_create(purpose=purpose)


def _library(purpose: str) -> Library:
    try:
        from twinning.documents.services import library_create
    except ImportError:  # pragma: no cover
        return Library.objects.create(purpose=purpose)
    return library_create(purpose=purpose)


def _refuse_if_closed(twinspace: TwinSpace) -> None:
    if twinspace.is_closed:
        raise DomainError(_("This TwinSpace is closed: it can be read but no longer changed."))


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give the TwinSpace a title."), field="title")
    if len(title) > 200:
        raise DomainError(_("The title can be at most %(max)d characters long.") % {"max": 200}, field="title")
    return title


@transaction.atomic
def twinspace_create(*, title: str, administrators: list[User]) -> TwinSpace:
    """Makes a TwinSpace with its forum, teachers' board and materials; `administrators` become teacher administrators.

    At least one administrator is needed, and only teachers (not pupils) can be administrators.
    """
    if not administrators:
        raise DomainError(_("A TwinSpace needs at least one teacher administrator."))
    if any(user.is_pupil for user in administrators):
        raise DomainError(_("Only teachers can administer a TwinSpace."))
    twinspace = TwinSpace(
        title=_clean_title(title),
        forum=_forum("twinspace_forum"),
        teachers_board=_forum("twinspace_teachers_board"),
        materials=_library("twinspace_materials"),
    )
    twinspace.full_clean()
    twinspace.save()
    Membership.objects.bulk_create(
        Membership(twinspace=twinspace, user=user, role=Role.TEACHER_ADMIN)
        for user in {user.pk: user for user in administrators}.values()
    )
    return twinspace


def _check_role_fits(user: User, role: Role) -> None:
    if user.is_pupil and role not in PUPIL_ROLES:
        raise DomainError(_("A pupil can only be a pupil or a pupil administrator."), field="role")
    if not user.is_pupil and role not in TEACHER_ROLES:
        raise DomainError(
            _("A teacher can only be a teacher administrator, a teacher member or a visitor."), field="role"
        )


def _refuse_last_admin(twinspace: TwinSpace, membership: Membership) -> None:
    """The last teacher administrator stays: without one nobody could manage the TwinSpace."""
    if membership.role != Role.TEACHER_ADMIN:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(twinspace_id=twinspace.pk, role=Role.TEACHER_ADMIN)
        .exclude(pk=membership.pk)
    )
    if not list(others.values_list("pk", flat=True)):
        raise DomainError(
            _(
                "%(name)s is the last teacher administrator of this TwinSpace. "
                "Make another teacher an administrator first."
            )
            % {"name": membership.user.full_name}
        )


def _require_manager(actor: User | None, twinspace: TwinSpace) -> None:
    if actor is not None and not space_access(actor, twinspace).can_manage_members:
        raise PermissionRefused()


@transaction.atomic
def twinspace_member_add(*, twinspace: TwinSpace, user: User, role: Role, actor: User | None = None) -> Membership:
    """Adds `user` with `role`, or gives an existing member that role.

    `actor` None is the projects app keeping members in step with partners (no
    permission check). Otherwise `actor` must be a teacher administrator. A pupil
    holds only pupil roles, a teacher only teacher roles; inactive accounts are
    refused; the last teacher administrator cannot be demoted.
    """
    role = Role(role)
    _require_manager(actor, twinspace)
    if actor is not None:
        _refuse_if_closed(twinspace)
    if not user.is_active:
        raise DomainError(_("This account is not active."))
    _check_role_fits(user, role)
    membership = Membership.objects.select_for_update().filter(twinspace_id=twinspace.pk, user_id=user.pk).first()
    if membership is None:
        membership = Membership(twinspace=twinspace, user=user, role=role, added_by=actor)
        membership.full_clean(validate_unique=False, validate_constraints=False)
        membership.save()
        return membership
    if membership.role != role:
        if role != Role.TEACHER_ADMIN:
            _refuse_last_admin(twinspace, membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def twinspace_member_remove(*, twinspace: TwinSpace, user: User, actor: User | None = None) -> None:
    """Removes `user` from the TwinSpace (nothing happens when they are not a member).

    `actor` None: the projects app (no permission check); otherwise a teacher
    administrator. The last teacher administrator cannot be removed, whoever asks.
    Their posts, pages and documents stay, as in any shared space.
    """
    _require_manager(actor, twinspace)
    if actor is not None:
        _refuse_if_closed(twinspace)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(twinspace_id=twinspace.pk, user_id=user.pk)
        .first()
    )
    if membership is None:
        return
    _refuse_last_admin(twinspace, membership)
    membership.delete()


@transaction.atomic
def twinspace_set_title(*, twinspace: TwinSpace, title: str) -> TwinSpace:
    """Renames the TwinSpace (the projects app keeps it equal to the project's title)."""
    twinspace.title = _clean_title(title)
    twinspace.save(update_fields=["title"])
    return twinspace


@transaction.atomic
def twinspace_close(*, twinspace: TwinSpace) -> TwinSpace:
    """Closes the TwinSpace when its project ends: members still read it, nobody changes it. Safe to call twice."""
    TwinSpace.objects.filter(pk=twinspace.pk).update(is_closed=True)
    twinspace.is_closed = True
    return twinspace


# Updates and comments (Home and the pupils' wall)


def _body(text: str, *, limit: int, too_long: str) -> str:
    """The text without surrounding spaces; `too_long` is a whole sentence with %(limit)d, so that
    each language can make it agree with what it speaks of."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write something first."), field="body")
    if len(text) > limit:
        raise DomainError(too_long % {"limit": limit}, field="body")
    return text


def _access(actor: User, twinspace: TwinSpace) -> SpaceAccess:
    access = space_access(actor, twinspace)
    if not access.can_read:
        raise PermissionRefused()
    return access


@transaction.atomic
def update_post(*, actor: User, twinspace: TwinSpace, board: str, body: str) -> Update:
    """Posts an update on Home (teacher administrators and members) or on the pupils' wall (teachers and pupils)."""
    access = _access(actor, twinspace)
    _refuse_if_closed(twinspace)
    if board not in Update.Board.values or not access.can_post_update(board):
        raise PermissionRefused()
    update = Update(
        twinspace=twinspace,
        board=board,
        author=actor,
        body=_body(body, limit=5_000, too_long=_("A post can be at most %(limit)d characters long.")),
    )
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def comment_add(*, actor: User, update: Update, body: str) -> Comment:
    """Comments an update; every member but visitors may comment on both boards."""
    access = _access(actor, update.twinspace)
    _refuse_if_closed(update.twinspace)
    if not access.can_comment:
        raise PermissionRefused()
    comment = Comment(
        update=update,
        author=actor,
        body=_body(body, limit=2_000, too_long=_("A comment can be at most %(limit)d characters long.")),
    )
    comment.full_clean()
    comment.save()
    Update.objects.filter(pk=update.pk).update(comment_count=F("comment_count") + 1)
    return comment


@transaction.atomic
def update_set_pinned(*, actor: User, update: Update, pinned: bool) -> Update:
    """Pins an update above the others or unpins it; teacher administrators only."""
    access = _access(actor, update.twinspace)
    _refuse_if_closed(update.twinspace)
    if not access.can_pin:
        raise PermissionRefused()
    update.is_pinned = pinned
    update.save(update_fields=["is_pinned"])
    return update


@transaction.atomic
def update_delete(*, actor: User, update: Update) -> None:
    """Deletes an update and its comments: its author, or a teacher administrator."""
    access = _access(actor, update.twinspace)
    _refuse_if_closed(update.twinspace)
    if not access.can_delete_update(update):
        raise PermissionRefused()
    update.delete()


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> None:
    """Deletes a comment: its author, or a teacher administrator."""
    twinspace = comment.update.twinspace
    access = _access(actor, twinspace)
    _refuse_if_closed(twinspace)
    if not access.can_delete_comment(comment):
        raise PermissionRefused()
    # Count down only for the request that deleted the row: two clicks at once remove one comment, not two.
    if Comment.objects.filter(pk=comment.pk).delete()[0]:
        Update.objects.filter(pk=comment.update_id, comment_count__gt=0).update(comment_count=F("comment_count") - 1)


@transaction.atomic
def twinspace_visitor_add(
    *, actor: User, twinspace: TwinSpace, email: str = "", contact_id: int | None = None
) -> Membership:
    """A teacher administrator adds a visitor: a validated teacher found by email address or among their contacts.

    Refused: no such validated teacher (pupils never match), someone already a member.
    """
    _require_manager(actor, twinspace)
    _refuse_if_closed(twinspace)
    teachers = User.objects.filter(is_active=True, is_validated=True, is_pupil=False)
    if contact_id is not None:
        user = teachers.filter(pk=contact_id, pk__in=contact_ids(actor)).first()
    else:
        user = teachers.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise DomainError(_("No validated teacher on Twinning has this address."), field="email")
    if Membership.objects.filter(twinspace_id=twinspace.pk, user_id=user.pk).exists():
        raise DomainError(
            _("%(name)s is already a member of this TwinSpace.") % {"name": user.full_name}, field="email"
        )
    return twinspace_member_add(twinspace=twinspace, user=user, role=Role.VISITOR, actor=actor)
