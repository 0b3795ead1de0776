"""An idea's public replies: one thread of the `discussions` engine, mounted at `forums:replies:*`.

The engine's pages are mounted under the idea (`ideas/<pk>/replies/`); the
resolver lets them show only that idea's thread, to readers of the idea, with
the idea's rules (`permissions.idea_access`). A reply tells the idea's author.

The thread's first message is the idea itself: it changes with the idea's own
pages (edit, close) and the support service hides it through
`services.idea_set_hidden` or the report queue, so the engine's edit, delete
and hide pages answer 404 for it.
"""

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse

from twinning.accounts.models import User
from twinning.discussions.models import Post
from twinning.discussions.views import ForumPlace
from twinning.forums.models import Idea
from twinning.forums.permissions import idea_access
from twinning.forums.selectors import idea_get
from twinning.forums.services import central_officers, idea_reply_notify, opening_post_id

LAYOUT = "forums/_idea_layout.html"
# The engine's pages that would change the idea's opening message behind the idea's back.
_NOT_FOR_THE_IDEA = frozenset({"post_edit", "post_delete", "post_hide"})


def _on_reply(idea: Idea):  # type: ignore[no-untyped-def]
    def on_post(user: User, post: Post) -> None:
        idea_reply_notify(idea=idea, post=post)

    return on_post


def resolve_replies(request: HttpRequest, kwargs: dict[str, Any]) -> ForumPlace:
    """The replies of a visible idea, or 404; any other thread of the forum is a 404 here."""
    try:
        idea = idea_get(viewer=request.user, pk=kwargs["pk"])
    except Idea.DoesNotExist as missing:
        raise Http404 from missing
    match = request.resolver_match
    thread_pk = match.kwargs.get("thread_pk") if match is not None else None
    if thread_pk is not None and thread_pk != idea.thread_id:
        raise Http404
    post_pk = match.kwargs.get("post_pk") if match is not None else None
    if (
        post_pk is not None
        and match is not None
        and match.url_name in _NOT_FOR_THE_IDEA
        and post_pk == opening_post_id(idea.thread_id)
    ):
        raise Http404
    access = idea_access(request.user, idea)
    return ForumPlace(
        forum=idea.category.forum,
        access=access.replies(),
        layout=LAYOUT,
        context={"idea": idea, "idea_access": access},
        title=idea.title,
        on_post=_on_reply(idea),
        moderators=central_officers,
        reports_url=reverse("support:reports"),
    )
