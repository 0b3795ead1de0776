"""A fake owner of forums, so the engine is proven to work for any owner.

Its rule: what each user may do is whatever the test granted in `RULES`; the
owner's URL kwarg `owner_pk` is the forum's id. It records every `on_post` call.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from twinning.discussions.models import Forum, Post
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.views import ForumPlace

RULES: dict[int, ForumAccess] = {}
POSTED: list[tuple[int, int]] = []

NOTHING = ForumAccess.nothing()
READER = ForumAccess(can_read=True, can_start_thread=False, can_reply=False, can_moderate=False)
REPLIER = ForumAccess(can_read=True, can_start_thread=False, can_reply=True, can_moderate=False)
WRITER = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=False)
MODERATOR = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=True)


def _record(user, post: Post) -> None:
    POSTED.append((user.pk, post.pk))


def resolve(request: HttpRequest, kwargs: dict) -> ForumPlace:
    forum = get_object_or_404(Forum, pk=kwargs["owner_pk"])
    user = request.user
    access = RULES.get(user.pk, NOTHING) if user.is_authenticated else NOTHING
    if not access.can_read:
        raise Http404
    return ForumPlace(
        forum=forum,
        access=access,
        layout="test_owner/layout.html",
        context={"owner_label": "test-owner-layout"},
        title="Test board",
        on_post=_record,
    )
