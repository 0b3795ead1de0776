"""Network pages: following, contacts and invitations, blocking.

Pages about another teacher fetch their profile through the profiles app's
visibility rule: someone whose profile the viewer may not see is a 404, and
nothing is stored.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.core.http import safe_next
from twinning.network.forms import InvitationForm
from twinning.network.models import ContactInvitation
from twinning.network.permissions import invitations_answerable_by, invitations_withdrawable_by
from twinning.network.selectors import (
    blocked_by,
    contacts_of,
    followers_of,
    following_of,
    has_reached_out,
    invitations_received,
    invitations_received_count,
    invitations_sent,
    relation_between,
)
from twinning.network.services import (
    block_create,
    block_delete,
    contact_invitation_accept,
    contact_invitation_decline,
    contact_invitation_withdraw,
    contact_invite,
    contact_remove,
    follow_create,
    follow_delete,
)
from twinning.profiles.permissions import visible_profiles
from twinning.profiles.selectors import profile_for_viewer

PER_PAGE = 30


def _visible_profile_or_404(request: HttpRequest, user_id: int):  # type: ignore[no-untyped-def]
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is None:
        raise Http404
    return profile


def _paginate(request: HttpRequest, rows: QuerySet):  # type: ignore[no-untyped-def]
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


# Following


@login_required
@require_POST
def follow(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = _visible_profile_or_404(request, user_id)
    try:
        follow_create(actor=request.user, followed=profile.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You now follow %(name)s.") % {"name": profile.user.full_name})
    return redirect("profiles:detail", user_id=user_id)


@login_required
@require_POST
def unfollow(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = _visible_profile_or_404(request, user_id)
    follow_delete(actor=request.user, followed=profile.user)  # type: ignore[arg-type]
    messages.success(request, _("You no longer follow %(name)s.") % {"name": profile.user.full_name})
    return redirect("profiles:detail", user_id=user_id)


def _people_page(request: HttpRequest, user_id: int, *, followers: bool) -> HttpResponse:
    profile = _visible_profile_or_404(request, user_id)
    among = visible_profiles(request.user).values("user_id")
    select = followers_of if followers else following_of
    rows = select(user=profile.user, among=among)
    page = _paginate(request, rows)
    people = [row.follower if followers else row.followed for row in page.object_list]
    context = {
        "profile": profile,
        "owner": profile.user,
        "page": page,
        "people": people,
        "followers": followers,
        "is_owner": request.user.pk == profile.user_id,
    }
    return render(request, "network/people.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def followers(request: HttpRequest, user_id: int) -> HttpResponse:
    return _people_page(request, user_id, followers=True)


@login_required
@require_http_methods(["GET", "HEAD"])
def following(request: HttpRequest, user_id: int) -> HttpResponse:
    return _people_page(request, user_id, followers=False)


# Contacts


@login_required
@require_http_methods(["GET", "HEAD"])
def contacts(request: HttpRequest) -> HttpResponse:
    page = _paginate(request, contacts_of(user=request.user))  # type: ignore[arg-type]
    return render(request, "network/contacts.html", {"page": page, "tab": "contacts"})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def remove_contact(request: HttpRequest, user_id: int) -> HttpResponse:
    other = contacts_of(user=request.user).filter(pk=user_id).first()  # type: ignore[arg-type]
    if other is None:
        raise Http404
    if request.method == "POST":
        try:
            contact_remove(actor=request.user, other=other)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(name)s is no longer one of your contacts.") % {"name": other.full_name})
        return redirect("network:contacts")
    return render(request, "network/contact_remove.html", {"other": other})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request: HttpRequest, user_id: int) -> HttpResponse:
    profile = _visible_profile_or_404(request, user_id)
    if profile.user_id == request.user.pk:
        raise Http404
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = contact_invite(
                actor=request.user,  # type: ignore[arg-type]
                recipient=profile.user,
                note=form.cleaned_data["note"],
            )
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            if invitation.status == ContactInvitation.Status.ACCEPTED:
                text = _("%(name)s had already invited you: you are now contacts.")
            else:
                text = _("Your invitation has been sent to %(name)s.")
            messages.success(request, text % {"name": profile.user.full_name})
            return redirect("profiles:detail", user_id=user_id)
    relation = relation_between(viewer=request.user, owner=profile.user)  # type: ignore[arg-type]
    context = {"form": form, "profile": profile, "owner": profile.user, "relation": relation}
    return render(request, "network/invite.html", context)


# Invitations


def _invitations_page(request: HttpRequest, *, tab: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    rows = invitations_received(user=user) if tab == "received" else invitations_sent(user=user)
    page = _paginate(request, rows)
    received_count = page.paginator.count if tab == "received" else invitations_received_count(user=user)
    context = {"page": page, "tab": tab, "received_count": received_count}
    return render(request, "network/invitations.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def invitations_received_page(request: HttpRequest) -> HttpResponse:
    return _invitations_page(request, tab="received")


@login_required
@require_http_methods(["GET", "HEAD"])
def invitations_sent_page(request: HttpRequest) -> HttpResponse:
    return _invitations_page(request, tab="sent")


def _invitation_or_404(queryset: QuerySet[ContactInvitation], pk: int) -> ContactInvitation:
    invitation = queryset.select_related("sender", "recipient").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def _settle_invitation(
    request: HttpRequest,
    pk: int,
    *,
    among: QuerySet[ContactInvitation],
    service: Callable[..., ContactInvitation],
    done: Callable[[ContactInvitation], str],
    default: str,
) -> HttpResponse:
    """Accept, decline or withdraw: the invitation must be among those the user may settle (404 otherwise);
    the service's refusal or `done`'s sentence is shown where the form came from."""
    invitation = _invitation_or_404(among, pk)
    try:
        service(actor=request.user, invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(invitation))
    return redirect(safe_next(request, default))


@login_required
@require_POST
def invitation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle_invitation(
        request,
        pk,
        among=invitations_answerable_by(request.user),  # type: ignore[arg-type]
        service=contact_invitation_accept,
        done=lambda i: _("You and %(name)s are now contacts.") % {"name": i.sender.full_name},
        default="network:invitations",
    )


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle_invitation(
        request,
        pk,
        among=invitations_answerable_by(request.user),  # type: ignore[arg-type]
        service=contact_invitation_decline,
        done=lambda i: _("You declined the invitation of %(name)s.") % {"name": i.sender.full_name},
        default="network:invitations",
    )


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle_invitation(
        request,
        pk,
        among=invitations_withdrawable_by(request.user),  # type: ignore[arg-type]
        service=contact_invitation_withdraw,
        done=lambda i: _("You withdrew your invitation to %(name)s.") % {"name": i.recipient.full_name},
        default="network:invitations_sent",
    )


# Blocking


def _blockable_user_or_404(request: HttpRequest, user_id: int) -> User:
    """A teacher whose profile the viewer sees, or who followed or invited the viewer (to block them anyway)."""
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is not None and profile.user_id != request.user.pk:
        return profile.user
    other = User.objects.filter(pk=user_id).first()
    if other is None or other.pk == request.user.pk or not has_reached_out(sender=other, to=request.user):  # type: ignore[arg-type]
        raise Http404
    return other


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def block(request: HttpRequest, user_id: int) -> HttpResponse:
    other = _blockable_user_or_404(request, user_id)
    if request.method == "POST":
        try:
            block_create(actor=request.user, blocked=other)  # type: ignore[arg-type]
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have blocked %(name)s.") % {"name": other.full_name})
        return redirect("network:blocked")
    return render(request, "network/block.html", {"other": other})


@login_required
@require_http_methods(["GET", "HEAD"])
def blocked(request: HttpRequest) -> HttpResponse:
    page = _paginate(request, blocked_by(user=request.user))  # type: ignore[arg-type]
    return render(request, "network/blocked.html", {"page": page, "tab": "blocked"})


@login_required
@require_POST
def unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    row = blocked_by(user=request.user).filter(blocked_id=user_id).first()  # type: ignore[arg-type]
    if row is None:
        raise Http404
    try:
        block_delete(actor=request.user, blocked=row.blocked)  # type: ignore[arg-type]
    except DomainError as error:
        # Another click (another tab) lifted the block between the lookup and the delete.
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have unblocked %(name)s.") % {"name": row.blocked.full_name})
    return redirect(safe_next(request, "network:blocked"))
