"""The Home page (the feed), posting, deleting a post, and a teacher's posts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from twinning.activity.forms import PostForm
from twinning.activity.permissions import deletable_posts
from twinning.activity.selectors import Cursor, feed_for, home_dashboard, posts_of
from twinning.activity.services import post_create as create_post
from twinning.activity.services import post_delete as delete_post
from twinning.core.errors import DomainError
from twinning.core.forms import add_service_error
from twinning.core.http import safe_next
from twinning.profiles.selectors import profile_for_viewer


@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    """Visitors get the landing page; teachers their feed, the post form and where they stand."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    context = home_dashboard(user=request.user)  # type: ignore[arg-type]
    context["feed"] = feed_for(viewer=request.user, before=Cursor.parse(request.GET.get("before")))  # type: ignore[arg-type]
    context["form"] = PostForm()
    return render(request, "activity/home.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_post(actor=request.user, body=form.cleaned_data["body"], image=form.cleaned_data["image"])  # type: ignore[arg-type]
        except (DomainError, ValidationError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your post is on your profile; your followers and contacts will see it."))
            return redirect(safe_next(request, "home"))
    return render(request, "activity/post_form.html", {"form": form, "next": safe_next(request, "home")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = deletable_posts(request.user).filter(pk=post_id).first()
    if post is None:
        raise Http404
    if request.method == "POST":
        delete_post(actor=request.user, post=post)  # type: ignore[arg-type]
        messages.success(request, _("Your post has been deleted."))
        return redirect("profiles:detail", user_id=request.user.pk)
    return render(request, "activity/post_delete.html", {"post": post})


@require_http_methods(["GET", "HEAD"])
def user_posts(request: HttpRequest, user_id: int) -> HttpResponse:
    """A teacher's posts, newest first, for whoever may see their profile (others get 404)."""
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is None:
        raise Http404
    page = posts_of(viewer=request.user, author=profile.user, before=Cursor.parse(request.GET.get("before")))
    context = {
        "profile": profile,
        "owner": profile.user,
        "page": page,
        "is_owner": request.user.pk == profile.user_id,
        "form": PostForm(),
    }
    return render(request, "activity/user_posts.html", context)
