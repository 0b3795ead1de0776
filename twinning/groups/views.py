"""Group pages: the directory, my groups, the request form, a group's tabs, membership and invitations.

Each view parses, fetches through the visibility rules (`engines.group_for` /
`readable_group`: a 404 for what the user may not see), calls one service and
answers. A `PermissionRefused` from a service is a 404 too.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.groups import selectors, services
from twinning.groups.engines import group_for, readable_group
from twinning.groups.forms import ActivityForm, DirectoryForm, GroupRequestForm, RoleForm
from twinning.groups.models import Activity, Group, Invitation, Membership
from twinning.groups.permissions import can_request_group, invitations_answerable_by, is_teacher
from twinning.profiles.invite_picker import candidates_context, invite_from_post

DIRECTORY_PAGE_SIZE = 24
MEMBERS_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50

form_page = require_http_methods(["GET", "HEAD", "POST"])
read_page = require_http_methods(["GET", "HEAD"])


def _teacher_only(request: HttpRequest) -> None:
    if not is_teacher(request.user):  # type: ignore[arg-type]
        raise Http404


@login_required
@read_page
def index(request: HttpRequest) -> HttpResponse:
    """The directory of approved groups, searched by keywords and filtered by topic, language and kind."""
    _teacher_only(request)
    form = DirectoryForm(request.GET or None)
    filters = selectors.GroupFilters()
    if form.is_valid():
        filters = selectors.GroupFilters(**form.cleaned_data)
    groups = selectors.group_directory(viewer=request.user, filters=filters)  # type: ignore[arg-type]
    page = Paginator(groups, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "groups/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_request": can_request_group(request.user),  # type: ignore[arg-type]
        },
    )


@login_required
@read_page
def mine(request: HttpRequest) -> HttpResponse:
    """My groups, my requests waiting or refused, and how many invitations wait for me."""
    _teacher_only(request)
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(selectors.my_memberships(user=user), DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/mine.html",
        {
            "page": page,
            "requests": selectors.my_requests(user=user)[:50],
            "invitation_count": selectors.pending_invitations(user=user).count(),
            "can_request": can_request_group(user),
        },
    )


@login_required
@form_page
def request_group(request: HttpRequest) -> HttpResponse:
    """A validated teacher asks the central support service for a new group."""
    user: User = request.user  # type: ignore[assignment]
    if not can_request_group(user):
        raise Http404
    form = GroupRequestForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_request(actor=user, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your request for “%(name)s” is sent: the central support service will decide.")
                % {"name": group.name},
            )
            return redirect("groups:mine")
    return render(request, "groups/request.html", {"form": form})


def _group_page(request: HttpRequest, template: str, group: Group, access: object, tab: str, **extra: object):  # type: ignore[no-untyped-def]
    return render(request, template, {"group": group, "group_access": access, "tab": tab, **extra})


@login_required
@read_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """About: what every teacher sees of an approved group; staff and member count for readers."""
    group, access = group_for(request.user, pk)  # type: ignore[arg-type]
    staff = selectors.group_staff(group=group) if access.can_read else []
    return _group_page(request, "groups/detail.html", group, access, "about", staff=staff)


@login_required
@form_page
def activities(request: HttpRequest, pk: int) -> HttpResponse:
    """Current, upcoming and past activities; moderators create one here."""
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    form = ActivityForm(request.POST or None) if access.can_moderate else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                activity = services.activity_create(actor=request.user, group=group, **form.cleaned_data)  # type: ignore[arg-type]
            except PermissionRefused as refused:
                raise Http404 from refused
            except DomainError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The activity is set; members answer in its thread."))
                return redirect("groups:activity", pk=group.pk, activity_pk=activity.pk)
    lists = selectors.group_activities(group=group, today=timezone.localdate())
    return _group_page(request, "groups/activities.html", group, access, "activities", form=form, **lists)


@login_required
@read_page
def activity(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    item = get_object_or_404(Activity.objects.select_related("thread", "created_by"), pk=activity_pk, group=group)
    return _group_page(request, "groups/activity.html", group, access, "activities", activity=item)


@login_required
@read_page
def members(request: HttpRequest, pk: int) -> HttpResponse:
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    page = Paginator(selectors.group_members(group=group), MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return _group_page(
        request, "groups/members.html", group, access, "members", page=page, roles=Membership.Role.choices
    )


def _act(request: HttpRequest, action, success: str, *, back: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Runs a service for a POST: a refusal is a 404, a broken rule a message on the page it came from."""
    try:
        action()
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    group, _access = group_for(request.user, pk)  # type: ignore[arg-type]
    return _act(
        request,
        lambda: services.group_join(actor=request.user, group=group),  # type: ignore[arg-type]
        _("Welcome to “%(name)s”.") % {"name": group.name},
        back=services.group_url(group),
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    group, _access = group_for(request.user, pk)  # type: ignore[arg-type]
    return _act(
        request,
        lambda: services.group_leave(actor=request.user, group=group),  # type: ignore[arg-type]
        _("You left “%(name)s”.") % {"name": group.name},
        back=services.group_url(group),
    )


def _member_user(group: Group, user_pk: int) -> User:
    return get_object_or_404(User, pk=user_pk, group_memberships__group=group)


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    if not access.can_manage_roles:
        raise Http404
    user = _member_user(group, user_pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("groups:members", pk=group.pk)
    role = form.cleaned_data["role"]
    return _act(
        request,
        lambda: services.member_set_role(actor=request.user, group=group, user=user, role=role),  # type: ignore[arg-type]
        _("%(name)s's role is changed.") % {"name": user.full_name},
        back=reverse("groups:members", kwargs={"pk": group.pk}),
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    if not access.can_moderate:
        raise Http404
    user = _member_user(group, user_pk)
    return _act(
        request,
        lambda: services.member_remove(actor=request.user, group=group, user=user),  # type: ignore[arg-type]
        _("%(name)s is no longer a member.") % {"name": user.full_name},
        back=reverse("groups:members", kwargs={"pk": group.pk}),
    )


@login_required
@form_page
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators and moderators invite a contact, or a teacher found by name."""
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    if not access.can_invite:
        raise Http404
    actor: User = request.user  # type: ignore[assignment]
    if request.method == "POST" and invite_from_post(
        request, lambda invitee: services.group_invite(actor=actor, group=group, invitee=invitee)
    ):
        return redirect("groups:invite", pk=group.pk)
    return _group_page(
        request,
        "groups/invite.html",
        group,
        access,
        "members",
        **candidates_context(request, lambda name: selectors.invite_candidates(actor=actor, group=group, name=name)),
        pending=list(selectors.group_pending_invitations(group=group)[:100]),
    )


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """An administrator or moderator withdraws an invitation that waits for an answer."""
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    if not access.can_invite:
        raise Http404
    invitation = get_object_or_404(Invitation.objects.select_related("invitee", "group"), pk=invitation_pk, group=group)
    return _act(
        request,
        lambda: services.invitation_withdraw(actor=request.user, invitation=invitation),  # type: ignore[arg-type]
        _("The invitation to %(name)s is withdrawn.") % {"name": invitation.invitee.full_name},
        back=reverse("groups:invite", kwargs={"pk": group.pk}),
    )


@login_required
@read_page
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's history (requests, decisions, arrivals, departures, invitations, roles): administrators only."""
    group, access = readable_group(request.user, pk)  # type: ignore[arg-type]
    if not access.can_manage_roles:
        raise Http404
    page = Paginator(selectors.group_history(group=group), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return _group_page(request, "groups/history.html", group, access, "members", page=page)


@login_required
@read_page
def invitations(request: HttpRequest) -> HttpResponse:
    _teacher_only(request)
    pending = selectors.pending_invitations(user=request.user)[:100]  # type: ignore[arg-type]
    return render(request, "groups/invitations.html", {"invitations": pending})


def _answer(request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
    invitation = get_object_or_404(
        invitations_answerable_by(request.user).select_related("group"),  # type: ignore[arg-type]
        pk=pk,
    )
    group = invitation.group
    try:
        if accept:
            services.invitation_accept(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
        else:
            services.invitation_decline(actor=request.user, invitation=invitation)  # type: ignore[arg-type]
    except PermissionRefused as refused:
        raise Http404 from refused
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("groups:invitations")
    if accept:
        messages.success(request, _("Welcome to “%(name)s”.") % {"name": group.name})
        return redirect("groups:detail", pk=group.pk)
    messages.success(request, _("Invitation declined."))
    return redirect("groups:invitations")


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=True)


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=False)
