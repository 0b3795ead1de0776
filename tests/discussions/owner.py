"""A fake owner of forums, so the engine is proven to work for any owner.

Its rule: what each user may do is whatever the test granted in `RULES`; the
owner's URL kwarg `owner_pk` is the forum's id. It records every `on_post` call.
Its moderators (told of reports) are the users granted `can_moderate`; a
follower may still read when `RULES` says so. `PLACE_OPTIONS` overrides the
place's fields for one test.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from twinning.accounts.models import User
from twinning.discussions.models import Forum, Post
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.views import ForumPlace

RULES: dict[int, ForumAccess] = {}
POSTED: list[tuple[int, int]] = []
PLACE_OPTIONS: dict = {}

NOTHING = ForumAccess.nothing()
READER = ForumAccess(can_read=True, can_start_thread=False, can_reply=False, can_moderate=False)
REPLIER = ForumAccess(can_read=True, can_start_thread=False, can_reply=True, can_moderate=False)
WRITER = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=False)
MODERATOR = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=True)


def _record(user, post: Post) -> None:
    POSTED.append((user.pk, post.pk))


def _moderators() -> list[User]:
    return list(User.objects.filter(pk__in=[pk for pk, access in RULES.items() if access.can_moderate]))


def _can_read_user(user: User) -> bool:
    return RULES.get(user.pk, NOTHING).can_read


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
        **{"reports_visible": True, "moderators": _moderators, "can_read_user": _can_read_user, **PLACE_OPTIONS},
    )
