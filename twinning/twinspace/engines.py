"""The forum, the teachers' board and the materials of a TwinSpace: the shared engines, with this app's rules.

The engines never decide who may do what; these builders turn a member's
role (`SpaceAccess`) into the engines' access objects, and the resolvers give
the engines' pages our layout. Teachers' posts and shared files count for
their progress; pupils' do not.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.discussions.models import Post
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.views import ForumPlace
from twinning.documents.models import Document
from twinning.documents.permissions import LibraryAccess
from twinning.documents.views import LibraryPlace
from twinning.progress.services import progress_record
from twinning.twinspace.models import TwinSpace
from twinning.twinspace.pages import shown_on_public_page
from twinning.twinspace.permissions import SpaceAccess, space_access, twinspace_for

LAYOUT = "twinspace/_layout.html"


def forum_access(access: SpaceAccess) -> ForumAccess:
    """The forum: every member reads; pupils reply; pupil administrators and teachers start threads."""
    return ForumAccess(
        can_read=access.can_read,
        can_start_thread=access.can_start_thread,
        can_reply=access.can_reply,
        can_moderate=access.is_admin and not access.closed,
    )


def board_access(access: SpaceAccess) -> ForumAccess:
    """The teachers' board: teachers only (visitors read); pupils get nothing."""
    if not access.can_read_board:
        return ForumAccess.nothing()
    return ForumAccess(
        can_read=True,
        can_start_thread=access.can_write_board,
        can_reply=access.can_write_board,
        can_moderate=access.is_admin and not access.closed,
    )


def library_access(access: SpaceAccess) -> LibraryAccess:
    """Materials: every member reads; teacher administrators and members upload; administrators delete any file."""
    return LibraryAccess(
        can_read=access.can_read,
        can_upload=access.can_upload,
        can_manage=access.is_admin and not access.closed,
    )


def _count_post(user: User, post: Post) -> None:
    if not user.is_pupil:
        progress_record(user=user, kind="twinspace_forum_post", key=str(post.pk))


def _count_upload(user: User, document: Document) -> None:
    if not user.is_pupil:
        progress_record(user=user, kind="twinspace_material_shared", key=str(document.pk))


def resolve_forum(request: HttpRequest, kwargs: dict[str, Any]) -> ForumPlace:
    twinspace, access = twinspace_for(request.user, kwargs["pk"])  # type: ignore[arg-type]
    return ForumPlace(
        forum=twinspace.forum,
        access=forum_access(access),
        layout=LAYOUT,
        context={"twinspace": twinspace, "access": access, "tab": "forum"},
        title=_("Forum"),
        on_post=_count_post,
    )


def resolve_board(request: HttpRequest, kwargs: dict[str, Any]) -> ForumPlace:
    twinspace, access = twinspace_for(request.user, kwargs["pk"])  # type: ignore[arg-type]
    if not access.can_read_board:
        raise Http404
    return ForumPlace(
        forum=twinspace.teachers_board,
        access=board_access(access),
        layout=LAYOUT,
        context={"twinspace": twinspace, "access": access, "tab": "board"},
        title=_("Teachers' board"),
        on_post=_count_post,
    )


def _public_image_asked(request: HttpRequest, twinspace: TwinSpace) -> bool:
    """A non-member asks to see (inline) an image that a published public page of this TwinSpace shows."""
    match = request.resolver_match
    if match is None or match.url_name != "download" or request.GET.get("inline") != "1":
        return False
    document_pk = match.kwargs.get("doc_pk")
    if not isinstance(document_pk, int):
        return False
    is_image = Document.objects.filter(
        pk=document_pk, library_id=twinspace.materials_id, kind=Document.Kind.IMAGE
    ).exists()
    return is_image and shown_on_public_page(twinspace=twinspace, document_pk=document_pk)


def resolve_materials(request: HttpRequest, kwargs: dict[str, Any]) -> LibraryPlace:
    """Members read the materials by their role. Anyone else gets 404, except for one thing:
    an image shown on a published public page is sent inline to anyone (with the engine's
    download headers), so that the public page does not show broken pictures."""
    twinspace = get_object_or_404(TwinSpace, pk=kwargs["pk"])
    access = space_access(request.user, twinspace)  # type: ignore[arg-type]
    if access.can_read:
        library = library_access(access)
    elif _public_image_asked(request, twinspace):
        library = LibraryAccess(can_read=True, can_upload=False, can_manage=False)
    else:
        raise Http404
    return LibraryPlace(
        library=twinspace.materials,
        access=library,
        layout=LAYOUT,
        context={"twinspace": twinspace, "access": access, "tab": "materials"},
        title=_("Materials"),
        on_upload=_count_upload,
    )
