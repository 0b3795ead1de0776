"""TwinSpace pages: Home, the pupils' wall, pages, members and pupils. Forum, board and materials are mounted engines.

Every view fetches the TwinSpace through `twinspace_for`, so a non-member gets
a 404 for everything; what a member may do comes from `SpaceAccess` and the
services check it again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.network.selectors import contacts_of
from twinning.twinspace.forms import (
    CommentForm,
    PageForm,
    PupilRoleForm,
    PupilsForm,
    TeacherRoleForm,
    UpdateForm,
    VisitorForm,
)
from twinning.twinspace.models import PUPIL_ROLES, Comment, Membership, Page, Role, TwinSpace, Update
from twinning.twinspace.pages import page_create, page_delete, page_move, page_update
from twinning.twinspace.permissions import SpaceAccess, public_pages, twinspace_for
from twinning.twinspace.pupils import pupil_remove, pupil_reset_password, pupil_set_role, pupils_create
from twinning.twinspace.selectors import board_updates, space_members, twinspaces_of, visible_pages
from twinning.twinspace.services import (
    comment_add,
    comment_delete,
    twinspace_member_add,
    twinspace_member_remove,
    twinspace_visitor_add,
    update_delete,
    update_post,
    update_set_pinned,
)

UPDATES_PER_PAGE = 20
READ = ["GET", "HEAD"]
READ_WRITE = ["GET", "HEAD", "POST"]


def _space(request: HttpRequest, pk: int) -> tuple[TwinSpace, SpaceAccess]:
    return twinspace_for(request.user, pk)  # type: ignore[arg-type]


def _ctx(twinspace: TwinSpace, access: SpaceAccess, tab: str, **extra: object) -> dict:
    return {"twinspace": twinspace, "access": access, "tab": tab, **extra}


def _confirm(
    request: HttpRequest, twinspace: TwinSpace, access: SpaceAccess, tab: str, **texts: object
) -> HttpResponse:
    """The confirmation page before a change (heading, text, quote, button, danger, cancel)."""
    return render(request, "twinspace/confirm.html", _ctx(twinspace, access, tab, **texts))


@login_required
@require_http_methods(READ)
def mine(request: HttpRequest) -> HttpResponse:
    """The TwinSpaces of the signed-in member; the page pupils land on."""
    return render(request, "twinspace/mine.html", {"twinspaces": twinspaces_of(user=request.user)})  # type: ignore[arg-type]


# Home and the pupils' wall


def _board(request: HttpRequest, pk: int, board: str, tab: str, template: str) -> HttpResponse:
    twinspace, access = _space(request, pk)
    page = Paginator(board_updates(twinspace=twinspace, board=board), UPDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for update in page.object_list:
        update.can_delete = access.can_delete_update(update)  # type: ignore[attr-defined]
        for comment in update.comments.all():
            comment.can_delete = access.can_delete_comment(comment)  # type: ignore[attr-defined]
    context = _ctx(
        twinspace,
        access,
        tab,
        page=page,
        updates=page.object_list,
        board=board,
        form=UpdateForm() if access.can_post_update(board) else None,
        comment_form=CommentForm() if access.can_comment else None,
    )
    return render(request, template, context)


@login_required
@require_http_methods(READ)
def home(request: HttpRequest, pk: int) -> HttpResponse:
    return _board(request, pk, Update.Board.HOME, "home", "twinspace/home.html")


@login_required
@require_http_methods(READ)
def wall(request: HttpRequest, pk: int) -> HttpResponse:
    return _board(request, pk, Update.Board.PUPILS_WALL, "wall", "twinspace/wall.html")


def _board_tab(update: Update) -> str:
    return "home" if update.board == Update.Board.HOME else "wall"


def _board_url(update: Update) -> str:
    return reverse(f"twinspace:{_board_tab(update)}", args=[update.twinspace_id])


@login_required
@require_POST
def update_new(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    board = request.POST.get("board", Update.Board.HOME)
    if board not in Update.Board.values or not access.can_post_update(board):
        raise Http404
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            update = update_post(actor=request.user, twinspace=twinspace, board=board, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return redirect(_board_url(update))
    else:
        messages.error(request, _("Write something first."))
    return redirect("twinspace:home" if board == Update.Board.HOME else "twinspace:wall", pk=twinspace.pk)


def _update(twinspace: TwinSpace, update_pk: int) -> Update:
    update = get_object_or_404(Update.objects.select_related("twinspace"), pk=update_pk, twinspace_id=twinspace.pk)
    return update


@login_required
@require_POST
def comment_new(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    update = _update(twinspace, update_pk)
    if not access.can_comment:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_add(actor=request.user, update=update, body=form.cleaned_data["body"])  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Write something first."))
    return redirect(f"{_board_url(update)}#update-{update.pk}")


@login_required
@require_POST
def update_pin(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    update = _update(twinspace, update_pk)
    if not access.can_pin:
        raise Http404
    update_set_pinned(actor=request.user, update=update, pinned=request.POST.get("pinned") == "1")  # type: ignore[arg-type]
    return redirect(_board_url(update))


@login_required
@require_http_methods(READ_WRITE)
def update_remove(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    update = _update(twinspace, update_pk)
    if not access.can_delete_update(update):
        raise Http404
    if request.method == "POST":
        update_delete(actor=request.user, update=update)  # type: ignore[arg-type]
        messages.success(request, _("The post was deleted."))
        return redirect(_board_url(update))
    return _confirm(
        request,
        twinspace,
        access,
        _board_tab(update),
        heading=_("Delete this post?"),
        text=_("The post and all its comments will be deleted for everyone."),
        quote=update.body,
        button=_("Delete the post"),
        cancel=_board_url(update),
    )


@login_required
@require_http_methods(READ_WRITE)
def comment_remove(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    comment = get_object_or_404(
        Comment.objects.select_related("update__twinspace"), pk=comment_pk, update__twinspace_id=twinspace.pk
    )
    if not access.can_delete_comment(comment):
        raise Http404
    if request.method == "POST":
        comment_delete(actor=request.user, comment=comment)  # type: ignore[arg-type]
        messages.success(request, _("The comment was deleted."))
        return redirect(_board_url(comment.update))
    return _confirm(
        request,
        twinspace,
        access,
        _board_tab(comment.update),
        heading=_("Delete this comment?"),
        text=_("The comment will be deleted for everyone."),
        quote=comment.body,
        button=_("Delete the comment"),
        cancel=_board_url(comment.update),
    )


# Pages


@login_required
@require_http_methods(READ)
def pages(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    items = list(visible_pages(twinspace=twinspace, user=request.user, role=access.role))  # type: ignore[arg-type]
    return render(request, "twinspace/pages.html", _ctx(twinspace, access, "pages", pages=items))


def _page(request: HttpRequest, twinspace: TwinSpace, access: SpaceAccess, page_pk: int) -> Page:
    return get_object_or_404(
        visible_pages(twinspace=twinspace, user=request.user, role=access.role),  # type: ignore[arg-type]
        pk=page_pk,
    )


@login_required
@require_http_methods(READ)
def page_detail(request: HttpRequest, pk: int, page_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    page = _page(request, twinspace, access, page_pk)
    return render(
        request, "twinspace/page.html", _ctx(twinspace, access, "pages", page=page, can_edit=access.can_edit_page(page))
    )


def _page_form(request: HttpRequest, access: SpaceAccess, page: Page | None) -> PageForm:
    initial = {}
    if page is not None:
        initial = {
            "title": page.title,
            "body": page.body,
            "publish": page.status == Page.Status.PUBLISHED,
            "public": page.is_public,
            "parental_consent": page.parental_consent,
        }
    return PageForm(
        request.POST or None,
        initial=initial,
        can_publish=access.can_publish_page(page),
        can_make_public=access.can_make_public,
    )


def _save_page(request: HttpRequest, twinspace: TwinSpace, access: SpaceAccess, page: Page | None) -> HttpResponse:
    form = _page_form(request, access, page)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            "title": data["title"],
            "body": data["body"],
            "publish": data.get("publish", False),
            "public": data.get("public", page.is_public if page else False),
            "parental_consent": data["parental_consent"],
        }
        try:
            if page is None:
                page = page_create(actor=request.user, twinspace=twinspace, **fields)  # type: ignore[arg-type]
            else:
                page = page_update(actor=request.user, page=page, **fields)  # type: ignore[arg-type]
        except PermissionRefused:
            raise Http404 from None
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The page was saved."))
            return redirect("twinspace:page", pk=twinspace.pk, page_pk=page.pk)
    return render(request, "twinspace/page_form.html", _ctx(twinspace, access, "pages", form=form, page=page))


@login_required
@require_http_methods(READ_WRITE)
def page_new(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    if not access.can_create_page:
        raise Http404
    return _save_page(request, twinspace, access, None)


@login_required
@require_http_methods(READ_WRITE)
def page_edit(request: HttpRequest, pk: int, page_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    page = _page(request, twinspace, access, page_pk)
    if not access.can_edit_page(page):
        raise Http404
    return _save_page(request, twinspace, access, page)


@login_required
@require_POST
def page_reorder(request: HttpRequest, pk: int, page_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    page = _page(request, twinspace, access, page_pk)
    if not access.can_reorder_pages:
        raise Http404
    page_move(actor=request.user, page=page, up=request.POST.get("direction") == "up")  # type: ignore[arg-type]
    return redirect("twinspace:pages", pk=twinspace.pk)


@login_required
@require_http_methods(READ_WRITE)
def page_remove(request: HttpRequest, pk: int, page_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    page = _page(request, twinspace, access, page_pk)
    if not access.can_delete_page(page):
        raise Http404
    if request.method == "POST":
        page_delete(actor=request.user, page=page)  # type: ignore[arg-type]
        messages.success(request, _("The page was deleted."))
        return redirect("twinspace:pages", pk=twinspace.pk)
    return _confirm(
        request,
        twinspace,
        access,
        "pages",
        heading=_("Delete this page?"),
        text=_("“%(title)s” will be deleted for everyone.") % {"title": page.title},
        button=_("Delete the page"),
        cancel=reverse("twinspace:page", args=[twinspace.pk, page.pk]),
    )


@require_http_methods(READ)
def public_page(request: HttpRequest, page_pk: int) -> HttpResponse:
    """A page its teacher administrators made public: readable by anyone, signed out included."""
    page = get_object_or_404(public_pages().select_related("twinspace"), pk=page_pk)
    return render(request, "twinspace/public_page.html", {"page": page, "twinspace": page.twinspace})


# Members and pupils


@login_required
@require_http_methods(READ)
def members(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    listing = space_members(twinspace=twinspace)
    visitor_form = None
    if access.can_manage_members:
        visitor_form = VisitorForm(contacts=list(contacts_of(user=request.user)))  # type: ignore[arg-type]
    return render(
        request,
        "twinspace/members.html",
        _ctx(
            twinspace,
            access,
            "members",
            teachers=listing.teachers,
            pupils=listing.pupils,
            teacher_roles=TeacherRoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
            pupil_roles=PupilRoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
            visitor_form=visitor_form,
        ),
    )


def _member(twinspace: TwinSpace, user_pk: int, *, roles: tuple[str, ...] | None = None) -> Membership:
    """The member's row (404 if absent, or if `roles` is given and their role is not among them)."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), twinspace_id=twinspace.pk, user_id=user_pk
    )
    if roles is not None and membership.role not in roles:
        raise Http404
    return membership


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    if not access.can_manage_members:
        raise Http404
    membership = _member(twinspace, user_pk)
    form_class = PupilRoleForm if membership.role in PUPIL_ROLES else TeacherRoleForm
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("twinspace:members", pk=twinspace.pk)
    try:
        if membership.role in PUPIL_ROLES:
            pupil_set_role(
                actor=request.user,
                twinspace=twinspace,
                pupil_user=membership.user,
                role=Role(form.cleaned_data["role"]),
            )  # type: ignore[arg-type]
        else:
            twinspace_member_add(
                twinspace=twinspace,
                user=membership.user,
                role=Role(form.cleaned_data["role"]),
                actor=request.user,  # type: ignore[arg-type]
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The role was changed."))
    return redirect("twinspace:members", pk=twinspace.pk)


@login_required
@require_POST
def visitor_add(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    if not access.can_manage_members:
        raise Http404
    form = VisitorForm(request.POST, contacts=list(contacts_of(user=request.user)))  # type: ignore[arg-type]
    if form.is_valid():
        try:
            twinspace_visitor_add(
                actor=request.user,  # type: ignore[arg-type]
                twinspace=twinspace,
                email=form.cleaned_data.get("email") or "",
                contact_id=form.cleaned_data.get("contact"),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The visitor was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("twinspace:members", pk=twinspace.pk)


@login_required
@require_http_methods(READ_WRITE)
def member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    """Removes a visitor (teachers who are partners leave through the project) or a pupil."""
    twinspace, access = _space(request, pk)
    if not access.can_manage_members:
        raise Http404
    membership = _member(twinspace, user_pk, roles=(Role.VISITOR, *PUPIL_ROLES))
    back = reverse("twinspace:members", args=[twinspace.pk])
    if request.method == "POST":
        try:
            if membership.role in PUPIL_ROLES:
                pupil_remove(actor=request.user, twinspace=twinspace, pupil_user=membership.user)  # type: ignore[arg-type]
            else:
                twinspace_member_remove(twinspace=twinspace, user=membership.user, actor=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s was removed.") % {"name": membership.user.full_name})
        return redirect(back)
    is_pupil = membership.role in PUPIL_ROLES
    return _confirm(
        request,
        twinspace,
        access,
        "members",
        heading=_("Remove %(name)s?") % {"name": membership.user.full_name},
        text=_(
            "The pupil leaves this TwinSpace; their account is deleted if they are in no other TwinSpace. "
            "What they wrote stays, without their name."
        )
        if is_pupil
        else _("The visitor will no longer see this TwinSpace."),
        button=_("Remove"),
        cancel=back,
    )


@login_required
@require_http_methods(READ)
def pupils(request: HttpRequest, pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    if not access.can_manage_pupils:
        raise Http404
    listing = space_members(twinspace=twinspace)
    return render(
        request, "twinspace/pupils.html", _ctx(twinspace, access, "members", pupils=listing.pupils, form=PupilsForm())
    )


@never_cache
@login_required
@require_POST
def pupils_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Makes the pupils and shows their login names and passwords once, as a printable sheet."""
    twinspace, access = _space(request, pk)
    if not access.can_manage_pupils:
        raise Http404
    form = PupilsForm(request.POST)
    if form.is_valid():
        try:
            made = pupils_create(actor=request.user, twinspace=twinspace, nicknames=form.cleaned_data["nicknames"])  # type: ignore[arg-type]
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            return _credentials_sheet(request, twinspace, access, made)
    listing = space_members(twinspace=twinspace)
    return render(
        request,
        "twinspace/pupils.html",
        _ctx(twinspace, access, "members", pupils=listing.pupils, form=form),
        status=400,
    )


def _credentials_sheet(request: HttpRequest, twinspace: TwinSpace, access: SpaceAccess, made: list) -> HttpResponse:
    login_url = request.build_absolute_uri(reverse("pupils:login"))
    response = render(
        request,
        "twinspace/pupils_sheet.html",
        _ctx(twinspace, access, "members", credentials=made, login_url=login_url),
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(READ_WRITE)
def pupil_password(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    twinspace, access = _space(request, pk)
    if not access.can_manage_pupils:
        raise Http404
    membership = _member(twinspace, user_pk, roles=PUPIL_ROLES)
    if request.method == "POST":
        credentials = pupil_reset_password(actor=request.user, twinspace=twinspace, pupil_user=membership.user)  # type: ignore[arg-type]
        return _credentials_sheet(request, twinspace, access, [credentials])
    return _confirm(
        request,
        twinspace,
        access,
        "members",
        heading=_("Give %(name)s a new password?") % {"name": membership.user.first_name},
        text=_("The current password stops working. The new one is shown once, on the next page."),
        button=_("Make a new password"),
        danger=False,
        cancel=reverse("twinspace:pupils", args=[twinspace.pk]),
    )
