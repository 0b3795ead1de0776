"""Forum pages an owner app mounts in its own URLs, with its own layout and access rule.

An owner writes a resolver that turns the request and its URL kwargs into a
`ForumPlace` (raising Http404 when the user may not read) and mounts
`forum_urlpatterns(resolver)` under its namespace:

    path("<int:pk>/forum/", include((forum_urlpatterns(resolve_forum), "forum")))

Every page extends `place.layout` and fills its `{% block space_content %}`;
links keep the owner's kwargs (`{% forum_url %}`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.core.mounting import Here, form_page, mounted, read_page
from twinning.discussions.forms import EditForm, ReplyForm, ReportForm, ThreadForm
from twinning.discussions.models import Forum, Post, Report, Thread
from twinning.discussions.permissions import (
    ForumAccess,
    can_delete_post,
    can_edit_post,
    can_reply_in,
    can_see_post,
)
from twinning.discussions.selectors import (
    forum_thread,
    forum_threads,
    is_following,
    open_reports,
    thread_post,
    thread_posts,
)
from twinning.discussions.services import (
    notify_followers,
    notify_report,
    post_delete,
    post_edit,
    post_reply,
    post_report,
    post_set_hidden,
    report_resolve,
    thread_follow,
    thread_set_locked,
    thread_set_pinned,
    thread_start,
    thread_unfollow,
)

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 50
REPORTS_PER_PAGE = 25
OWN_KWARGS = ("thread_pk", "post_pk", "report_pk")


@dataclass
class ForumPlace:
    """Where a forum is shown, as its owner resolves it for one request."""

    forum: Forum
    access: ForumAccess
    layout: str  # template the engine's pages extend; it must define {% block space_content %}
    context: dict[str, Any] = field(default_factory=dict)  # extra context for that layout
    title: str = ""  # heading, e.g. "Forum" or "Teachers' board"
    on_post: Callable[[User, Post], None] | None = None  # called after a thread or reply is saved
    # Who may still read here, asked before telling a follower of a new post (None: every follower).
    can_read_user: Callable[[User], bool] | None = None
    # The people told of a new report ("post_reported"); None: nobody is told.
    moderators: Callable[[], Iterable[User]] | None = None
    # Moderators (`access.can_moderate`) see the open reports at the page `reports` of this forum.
    reports_visible: bool = False
    # Where the moderators handle reports when not on this forum's `reports` page (e.g. a support queue).
    reports_url: str = ""
    # The owner's lookup of people a post may mention (the owner parses and notifies in `on_post`).
    mentionable: Callable[[str], list[User]] | None = None

    @property
    def takes_reports(self) -> bool:
        """Members see "Report" on posts only where someone will read the reports."""
        return self.reports_visible or self.moderators is not None


class _Here(Here[ForumPlace]):
    @property
    def access(self) -> ForumAccess:
        return self.place.access

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def engine_context(self) -> dict[str, Any]:
        return {"forum": self.place.forum, "forum_links": self.links}

    def thread(self, pk: int) -> Thread:
        try:
            return forum_thread(forum=self.place.forum, access=self.access, pk=pk)
        except Thread.DoesNotExist as missing:
            raise Http404 from missing

    def post(self, thread: Thread, pk: int) -> Post:
        try:
            return thread_post(thread=thread, access=self.access, pk=pk)
        except Post.DoesNotExist as missing:
            raise Http404 from missing

    def post_url(self, thread: Thread, post: Post) -> str:
        """The thread page that holds `post`, scrolled to it."""
        before = (
            thread_posts(thread=thread, access=self.access)
            .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
            .count()
        )
        page = before // POSTS_PER_PAGE + 1
        url = self.links.url("thread", thread_pk=thread.pk)
        return f"{url}?page={page}#post-{post.pk}" if page > 1 else f"{url}#post-{post.pk}"


def _mounted(resolve: Callable[[HttpRequest, dict[str, Any]], ForumPlace], *, writes: bool = False):  # type: ignore[no-untyped-def]
    return mounted(resolve, here=_Here, own_kwargs=OWN_KWARGS, writes=writes)


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("1", "true", "on")


def _threads(here: _Here) -> HttpResponse:
    page = Paginator(forum_threads(forum=here.place.forum, access=here.access), THREADS_PER_PAGE).get_page(
        here.request.GET.get("page")
    )
    form = ThreadForm() if here.access.can_start_thread and here.user.is_authenticated else None
    return here.render("discussions/threads.html", {"page": page, "threads": page.object_list, "form": form})


def _thread_new(here: _Here) -> HttpResponse:
    if not here.access.can_start_thread:
        raise Http404
    form = ThreadForm(here.request.POST or None)
    if here.request.method == "POST" and form.is_valid():
        try:
            thread = thread_start(
                actor=here.user,
                forum=here.place.forum,
                access=here.access,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            if isinstance(error, PermissionRefused):
                raise
            add_service_error(form, error)
        else:
            if here.place.on_post is not None:
                first = Post.objects.filter(thread=thread).order_by("created_at", "pk").first()
                if first is not None:
                    here.place.on_post(here.user, first)
            messages.success(here.request, _("Your thread has been started."))
            return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))
    return here.render("discussions/thread_new.html", {"form": form})


def _decorate_posts(here: _Here, thread: Thread, posts: list[Post]) -> None:
    """What each post offers this reader, decided here so the template only shows it."""
    user = here.user if here.user.is_authenticated else None
    for post in posts:
        post.thread = thread
        post.can_edit = can_edit_post(user, here.access, post)  # type: ignore[attr-defined]
        post.can_delete = can_delete_post(user, here.access, post)  # type: ignore[attr-defined]
        post.can_report = (  # type: ignore[attr-defined]
            user is not None and here.place.takes_reports and post.author_id != user.pk and not post.is_hidden
        )
        parent = post.parent
        post.parent_shown = parent is not None and can_see_post(here.access, parent)  # type: ignore[attr-defined]


def _thread(here: _Here, thread_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    paginator = Paginator(thread_posts(thread=thread, access=here.access), POSTS_PER_PAGE)
    wanted = here.request.GET.get("post")
    if wanted and wanted.isdigit():
        try:
            return HttpResponseRedirect(here.post_url(thread, here.post(thread, int(wanted))))
        except Http404:
            pass
    page = paginator.get_page(here.request.GET.get("page"))
    posts = list(page.object_list)
    _decorate_posts(here, thread, posts)
    may_reply = here.user.is_authenticated and can_reply_in(here.access, thread)
    context = {
        "thread": thread,
        "page": page,
        "posts": posts,
        "form": ReplyForm() if may_reply else None,
        "may_reply": may_reply,
        "following": is_following(user=here.user, thread=thread),
    }
    return here.render("discussions/thread.html", context)


def _reply(here: _Here, thread_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    if not can_reply_in(here.access, thread):
        if thread.is_locked:
            messages.error(here.request, _("This thread is closed to replies."))
            return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))
        raise Http404
    source = here.request.POST if here.request.method == "POST" else None
    parent_pk = here.request.POST.get("parent") or here.request.GET.get("parent")
    parent = here.post(thread, int(parent_pk)) if parent_pk and str(parent_pk).isdigit() else None
    form = ReplyForm(source, initial={"parent": parent.pk if parent else None})
    if source is not None and form.is_valid():
        try:
            post = post_reply(
                actor=here.user, thread=thread, access=here.access, body=form.cleaned_data["body"], parent=parent
            )
        except DomainError as error:
            if isinstance(error, PermissionRefused):
                raise
            add_service_error(form, error)
        else:
            if here.place.on_post is not None:
                here.place.on_post(here.user, post)
            address = here.post_url(thread, post)
            notify_followers(post=post, url=address, can_read_user=here.place.can_read_user)
            return HttpResponseRedirect(address)
    return here.render("discussions/reply.html", {"thread": thread, "parent": parent, "form": form})


def _post_edit(here: _Here, thread_pk: int, post_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    post = here.post(thread, post_pk)
    if not can_edit_post(here.user, here.access, post):
        raise Http404
    form = EditForm(here.request.POST or None, initial={"body": post.body})
    if here.request.method == "POST" and form.is_valid():
        try:
            post_edit(actor=here.user, post=post, access=here.access, body=form.cleaned_data["body"])
        except DomainError as error:
            if isinstance(error, PermissionRefused):
                raise
            add_service_error(form, error)
        else:
            messages.success(here.request, _("Your message has been changed."))
            return HttpResponseRedirect(here.post_url(thread, post))
    return here.render("discussions/post_edit.html", {"thread": thread, "post": post, "form": form})


def _post_delete(here: _Here, thread_pk: int, post_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    post = here.post(thread, post_pk)
    if not can_delete_post(here.user, here.access, post):
        raise Http404
    is_first = Post.objects.filter(thread=thread).order_by("created_at", "pk").values_list("pk", flat=True).first()
    opens_thread = is_first == post.pk
    if here.request.method == "POST":
        post_delete(actor=here.user, post=post, access=here.access)
        if opens_thread:
            messages.success(here.request, _("The thread has been deleted."))
            return HttpResponseRedirect(here.links.url("threads"))
        messages.success(here.request, _("The message has been deleted."))
        return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))
    context = {"thread": thread, "post": post, "opens_thread": opens_thread}
    return here.render("discussions/post_delete.html", context)


def _post_hide(here: _Here, thread_pk: int, post_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    post = here.post(thread, post_pk)
    hidden = _flag(here.request, "hidden")
    post_set_hidden(actor=here.user, post=post, access=here.access, hidden=hidden)
    messages.success(here.request, _("The message is hidden.") if hidden else _("The message is shown again."))
    return HttpResponseRedirect(here.post_url(thread, post))


def _thread_pin(here: _Here, thread_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    pinned = _flag(here.request, "pinned")
    thread_set_pinned(actor=here.user, thread=thread, access=here.access, pinned=pinned)
    messages.success(here.request, _("The thread is pinned.") if pinned else _("The thread is no longer pinned."))
    return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))


def _thread_lock(here: _Here, thread_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    locked = _flag(here.request, "locked")
    thread_set_locked(actor=here.user, thread=thread, access=here.access, locked=locked)
    messages.success(
        here.request, _("The thread is closed to replies.") if locked else _("The thread is open to replies again.")
    )
    return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))


def _thread_follow(here: _Here, thread_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    if _flag(here.request, "follow"):
        thread_follow(actor=here.user, thread=thread, access=here.access)
        messages.success(here.request, _("You will hear of new messages in this thread."))
    else:
        thread_unfollow(actor=here.user, thread=thread)
        messages.success(here.request, _("You no longer follow this thread."))
    return HttpResponseRedirect(here.links.url("thread", thread_pk=thread.pk))


def _post_report(here: _Here, thread_pk: int, post_pk: int) -> HttpResponse:
    thread = here.thread(thread_pk)
    post = here.post(thread, post_pk)
    if not here.place.takes_reports or post.is_hidden or post.author_id == here.user.pk:
        raise Http404
    form = ReportForm(here.request.POST or None)
    if here.request.method == "POST" and form.is_valid():
        try:
            report = post_report(actor=here.user, post=post, access=here.access, reason=form.cleaned_data["reason"])
        except DomainError as error:
            if isinstance(error, PermissionRefused):
                raise
            add_service_error(form, error)
        else:
            if here.place.moderators is not None:
                address = here.place.reports_url
                if not address:
                    address = here.links.url("reports") if here.place.reports_visible else here.post_url(thread, post)
                notify_report(report=report, moderators=here.place.moderators(), url=address)
            messages.success(here.request, _("Thank you: the moderators will look at this message."))
            return HttpResponseRedirect(here.post_url(thread, post))
    return here.render("discussions/post_report.html", {"thread": thread, "post": post, "form": form})


def _moderates_reports(here: _Here) -> None:
    if not (here.place.reports_visible and here.access.can_moderate):
        raise Http404


def _reports(here: _Here) -> HttpResponse:
    _moderates_reports(here)
    page = Paginator(open_reports(forum=here.place.forum), REPORTS_PER_PAGE).get_page(here.request.GET.get("page"))
    return here.render("discussions/reports.html", {"page": page, "reports": page.object_list})


def _report_resolve(here: _Here, report_pk: int) -> HttpResponse:
    _moderates_reports(here)
    report = (
        Report.objects.filter(pk=report_pk, post__thread__forum_id=here.place.forum.pk)
        .select_related("post", "post__thread")
        .first()
    )
    if report is None:
        raise Http404
    hide = _flag(here.request, "hide")
    try:
        report_resolve(actor=here.user, report=report, access=here.access, hide=hide)
    except DomainError as error:
        if isinstance(error, PermissionRefused):
            raise
        messages.error(here.request, error.message)
    else:
        messages.success(here.request, _("The message is hidden.") if hide else _("The report is dismissed."))
    return HttpResponseRedirect(here.links.url("reports"))


def forum_urlpatterns(resolve: Callable[[HttpRequest, dict[str, Any]], ForumPlace]) -> list[URLPattern]:
    """The forum's pages, to mount with `include((forum_urlpatterns(resolve), "forum"))` in the owner's
    URLs. `resolve(request, owner_kwargs)` returns the `ForumPlace` or raises Http404."""
    return [
        path("", read_page(_mounted(resolve)(_threads)), name="threads"),
        path("new/", form_page(_mounted(resolve, writes=True)(_thread_new)), name="thread_new"),
        path("<int:thread_pk>/", read_page(_mounted(resolve)(_thread)), name="thread"),
        path("<int:thread_pk>/reply/", form_page(_mounted(resolve, writes=True)(_reply)), name="reply"),
        path("<int:thread_pk>/pin/", require_POST(_mounted(resolve, writes=True)(_thread_pin)), name="thread_pin"),
        path("<int:thread_pk>/lock/", require_POST(_mounted(resolve, writes=True)(_thread_lock)), name="thread_lock"),
        path(
            "<int:thread_pk>/posts/<int:post_pk>/edit/",
            form_page(_mounted(resolve, writes=True)(_post_edit)),
            name="post_edit",
        ),
        path(
            "<int:thread_pk>/posts/<int:post_pk>/delete/",
            form_page(_mounted(resolve, writes=True)(_post_delete)),
            name="post_delete",
        ),
        path(
            "<int:thread_pk>/posts/<int:post_pk>/hide/",
            require_POST(_mounted(resolve, writes=True)(_post_hide)),
            name="post_hide",
        ),
        path(
            "<int:thread_pk>/follow/",
            require_POST(_mounted(resolve, writes=True)(_thread_follow)),
            name="thread_follow",
        ),
        path(
            "<int:thread_pk>/posts/<int:post_pk>/report/",
            form_page(_mounted(resolve, writes=True)(_post_report)),
            name="post_report",
        ),
        path("reports/", read_page(_mounted(resolve)(_reports)), name="reports"),
        path(
            "reports/<int:report_pk>/",
            require_POST(_mounted(resolve, writes=True)(_report_resolve)),
            name="report_resolve",
        ),
    ]
