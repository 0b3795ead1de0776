"""Pages of the partner-finding forums. Every page needs a signed-in teacher: pupils get a 404 and
signed-out visitors are sent to log in. Ideas are fetched through `visible_ideas`, so an idea one may
not read (held, or missing) is a 404."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.core.mounting import MountLinks
from twinning.core.vocabularies import COUNTRY_NAMES
from twinning.discussions.forms import ReplyForm, ReportForm
from twinning.discussions.models import Post
from twinning.discussions.permissions import can_delete_post, can_edit_post, can_see_post
from twinning.discussions.selectors import is_following, thread_posts
from twinning.forums import selectors, services
from twinning.forums.forms import IdeaFilterForm, IdeaForm, search_back_query
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import can_report_idea, idea_access, is_held, is_hidden_idea, is_teacher
from twinning.messaging.permissions import message_refusal

IDEAS_PER_PAGE = 20
REPLIES_PER_PAGE = 50


def teacher_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_teacher(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _idea_or_404(request: HttpRequest, pk: int) -> Idea:
    try:
        return selectors.idea_get(viewer=request.user, pk=pk)
    except Idea.DoesNotExist as missing:
        raise Http404 from missing


@teacher_required
@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    """The forums with their open ideas counted, and the search box."""
    context = {"categories": selectors.categories(), "filters": IdeaFilterForm(category=None, countries=[])}
    return render(request, "forums/index.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD"])
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One forum's ideas, newest first, 20 a page (closed ones on request)."""
    category = get_object_or_404(Category, slug=slug)
    include_closed = request.GET.get("closed") == "1"
    # A national forum shows the ideas of the reader's own country unless they ask for every country.
    countries = []
    if category.is_national and request.GET.get("country") != "all":
        countries = [category.country] if category.country else services.author_countries(request.user)  # type: ignore[arg-type]
    ideas = selectors.category_ideas(
        viewer=request.user, category=category, include_closed=include_closed, countries=countries
    )
    page = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "ideas": page.object_list,
        "include_closed": include_closed,
        "own_countries": countries,
        "country_names": [str(COUNTRY_NAMES[code]) for code in countries if code in COUNTRY_NAMES],
        "filters": IdeaFilterForm(category=category, countries=countries),
    }
    return render(request, "forums/category.html", context)


def _decorate_replies(user: User, idea: Idea, posts: list[Post], access: Any) -> None:
    """What each reply offers this reader, with the engine's own rules (the template only shows it)."""
    for post in posts:
        post.thread = idea.thread
        post.can_edit = can_edit_post(user, access, post)  # type: ignore[attr-defined]
        post.can_delete = can_delete_post(user, access, post)  # type: ignore[attr-defined]
        post.can_report = post.author_id != user.pk and not post.is_hidden  # type: ignore[attr-defined]
        parent = post.parent
        post.parent_shown = parent is not None and can_see_post(access, parent)  # type: ignore[attr-defined]


@teacher_required
@require_http_methods(["GET", "HEAD"])
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The idea, its author and schools, the ways to answer it, and its public replies."""
    idea = _idea_or_404(request, pk)
    user: User = request.user  # type: ignore[assignment]
    access = idea_access(user, idea)
    replies_access = access.replies()
    replies = thread_posts(thread=idea.thread, access=replies_access)
    opening = Post.objects.filter(thread_id=idea.thread_id).order_by("created_at", "pk").values("pk")[:1]
    replies = replies.exclude(pk__in=opening)
    page = Paginator(replies, REPLIES_PER_PAGE).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    _decorate_replies(user, idea, posts, replies_access)
    refusal = None if idea.author_id == user.pk else message_refusal(user, idea.author)
    context = {
        "idea": idea,
        "idea_access": access,
        "held": is_held(idea),
        "hidden": is_hidden_idea(idea),
        "can_report": can_report_idea(user, idea),
        "schools": selectors.author_schools(author=idea.author),
        "page": page,
        "posts": posts,
        # The engine's post list links to the replies' pages mounted at `forums:replies:*`.
        "forum_links": MountLinks(namespace="forums:replies", owner_kwargs={"pk": idea.pk}),
        "may_reply": access.can_reply or access.can_moderate,
        "form": ReplyForm() if access.can_reply else None,
        "following": is_following(user=user, thread=idea.thread),
        "is_author": idea.author_id == user.pk,
        "message_refusal": refusal,
        # Back to the search results the reader came from (`?from=` holds the search's query string).
        "search_query": search_back_query(request.GET.get("from", "")),
    }
    return render(request, "forums/idea.html", context)


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Report the idea itself (not a reply) to the support service, with a reason."""
    idea = _idea_or_404(request, pk)
    if not can_report_idea(request.user, idea):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_report(actor=request.user, idea=idea, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: the support service will look at this idea."))
            return redirect("forums:idea", pk=idea.pk)
    return render(request, "forums/idea_report.html", {"idea": idea, "form": form})


@teacher_required
@require_POST
def idea_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A support officer in scope hides the idea (`hidden=1`) or shows it again (`hidden=0`)."""
    idea = _idea_or_404(request, pk)
    hidden = request.POST.get("hidden") == "1"
    try:
        services.idea_set_hidden(actor=request.user, idea=idea, hidden=hidden)  # type: ignore[arg-type]
    except PermissionRefused as refused:
        raise Http404 from refused
    if hidden:
        messages.success(request, _("The idea is hidden: only its author and the support officers see it."))
    else:
        messages.success(request, _("The idea is shown again to everyone."))
    return redirect("forums:idea", pk=idea.pk)


@teacher_required
def replies_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The engine's list of threads would hold this idea's only thread: the idea page is that list."""
    idea = _idea_or_404(request, pk)
    return redirect("forums:idea", pk=idea.pk)


def _save_idea(request: HttpRequest, form: IdeaForm, idea: Idea | None) -> Idea | None:
    data = form.cleaned_data
    fields = {name: data[name] for name in services.IDEA_FIELDS}
    try:
        if idea is None:
            return services.idea_publish(actor=request.user, category=data["category"], **fields)  # type: ignore[arg-type]
        return services.idea_update(actor=request.user, idea=idea, category=data["category"], **fields)  # type: ignore[arg-type]
    except PermissionRefused as refused:
        raise Http404 from refused
    except (DomainError, ValidationError) as error:
        add_service_error(form, error)
        return None


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_new(request: HttpRequest) -> HttpResponse:
    """Publish an idea; `?category=<slug>` chooses the forum."""
    initial: dict[str, Any] = {}
    chosen = selectors.open_categories().filter(slug=request.GET.get("category", "")).first()
    if chosen is not None:
        initial["category"] = chosen.pk
    form = IdeaForm(request.POST or None, categories=selectors.open_categories(), initial=initial)
    if request.method == "POST" and form.is_valid():
        idea = _save_idea(request, form, None)
        if idea is not None:
            if is_held(idea):
                messages.success(
                    request,
                    _("Your idea is saved. Others will see it once your school has confirmed that you teach there."),
                )
            else:
                messages.success(request, _("Your idea is published."))
            return redirect("forums:idea", pk=idea.pk)
    return render(request, "forums/idea_form.html", {"form": form, "idea": None})


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, pk)
    if not idea_access(request.user, idea).can_change:
        raise Http404
    categories = selectors.open_categories() | Category.objects.filter(pk=idea.category_id)
    form = IdeaForm(request.POST or None, categories=categories, initial=IdeaForm.initial_for(idea))
    if request.method == "POST" and form.is_valid() and _save_idea(request, form, idea) is not None:
        messages.success(request, _("Your idea has been changed."))
        return redirect("forums:idea", pk=idea.pk)
    return render(request, "forums/idea_form.html", {"form": form, "idea": idea})


@teacher_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The author confirms that partners are found: the idea closes to new replies."""
    idea = _idea_or_404(request, pk)
    if not idea_access(request.user, idea).can_change:
        raise Http404
    if request.method == "POST":
        try:
            services.idea_close(actor=request.user, idea=idea)  # type: ignore[arg-type]
        except PermissionRefused as refused:
            raise Http404 from refused
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your idea is closed: partners found. It takes no new replies."))
        return redirect("forums:idea", pk=idea.pk)
    return render(request, "forums/idea_close.html", {"idea": idea})


@teacher_required
@require_http_methods(["GET", "HEAD"])
def mine(request: HttpRequest) -> HttpResponse:
    """My ideas, open and closed; held ones marked "held until your validation"."""
    page = Paginator(selectors.my_ideas(user=request.user), IDEAS_PER_PAGE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    return render(request, "forums/mine.html", {"page": page, "ideas": page.object_list})
