"""Following teachers: follow / unfollow from a profile, and the lists of followers and followed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.core.errors import DomainError
from twinning.network.selectors import followers_of, following_of
from twinning.network.services import follow_create, follow_delete
from twinning.profiles.permissions import visible_profiles
from twinning.profiles.selectors import profile_for_viewer

PER_PAGE = 30


def _visible_profile_or_404(request: HttpRequest, user_id: int):  # type: ignore[no-untyped-def]
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is None:
        raise Http404
    return profile


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
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
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
