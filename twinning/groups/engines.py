"""A group's discussions and documents: the shared engines, with the group's rules.

The resolvers turn a member's role (`GroupAccess`) into the engines' access
objects; the place's `on_post` counts a member's first post in an activity's
thread for their progress and tells members mentioned as `@Firstname Lastname`.
"""

import re
from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Concat, Lower
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.discussions.models import Post
from twinning.discussions.views import ForumPlace
from twinning.documents.permissions import LibraryAccess
from twinning.documents.views import LibraryPlace
from twinning.groups.models import Activity, Group, Membership
from twinning.groups.permissions import GroupAccess, group_access, visible_groups
from twinning.groups.services import activity_forum_access
from twinning.notifications.services import notify
from twinning.progress.services import progress_record

LAYOUT = "groups/_layout.html"
MAX_MENTIONS = 10
_MENTION = re.compile(r"(?<![\w@])@(\w[\w'’.-]*(?:[ \u00a0]+\w[\w'’.-]*){1,3})")


def group_for(user: User, pk: int) -> tuple[Group, GroupAccess]:
    """The approved group `pk` and the user's access to it; 404 when they cannot even see it."""
    group = get_object_or_404(visible_groups(user), pk=pk)
    access = group_access(user, group)
    if not access.can_see:
        raise Http404
    return group, access


def readable_group(user: User, pk: int) -> tuple[Group, GroupAccess]:
    """Like `group_for`, for the group's content: 404 for a non-member of a closed group."""
    group, access = group_for(user, pk)
    if not access.can_read:
        raise Http404
    return group, access


def library_access(access: GroupAccess) -> LibraryAccess:
    return LibraryAccess(can_read=access.can_read, can_upload=access.can_post, can_manage=access.can_moderate)


def mentioned_members(*, group: Group, body: str, exclude: int | None = None) -> list[User]:
    """Members of `group` named as `@Firstname Lastname` in `body` (at most ten)."""
    candidates: set[str] = set()
    for match in _MENTION.finditer(body):
        words = match.group(1).split()
        for length in range(2, len(words) + 1):
            candidates.add(" ".join(words[:length]).lower().rstrip(".,;:!?"))
    if not candidates:
        return []
    users = (
        User.objects.filter(group_memberships__group_id=group.pk, is_active=True)
        .annotate(whole=Lower(Concat("first_name", Value(" "), "last_name", output_field=CharField())))
        .filter(whole__in=sorted(candidates)[:100])
        .order_by("pk")
    )
    if exclude is not None:
        users = users.exclude(pk=exclude)
    return list(users[:MAX_MENTIONS])


def _post_url(group: Group, post: Post) -> str:
    url = reverse("groups:discussions:thread", kwargs={"pk": group.pk, "thread_pk": post.thread_id})
    return f"{url}#post-{post.pk}"


def on_group_post(group: Group):  # type: ignore[no-untyped-def]
    def handle(user: User, post: Post) -> None:
        activity_pk = (
            Activity.objects.filter(group_id=group.pk, thread_id=post.thread_id).values_list("pk", flat=True).first()
        )
        if activity_pk is not None:
            progress_record(user=user, kind="group_activity_joined", key=str(activity_pk))
        mentioned = mentioned_members(group=group, body=post.body, exclude=user.pk)
        if mentioned:
            title = post.thread.title
            url = _post_url(group, post)
            for member in mentioned:
                notify(recipient=member, kind="mention", actor=user, url=url, params={"thread": title})

    return handle


def _moderators(group: Group):  # type: ignore[no-untyped-def]
    def moderators() -> list[User]:
        return list(
            User.objects.filter(
                group_memberships__group_id=group.pk,
                group_memberships__role__in=[Membership.Role.MODERATOR, Membership.Role.ADMIN],
                is_active=True,
            ).order_by("pk")[:50]
        )

    return moderators


def resolve_forum(request: HttpRequest, kwargs: dict[str, Any]) -> ForumPlace:
    group, access = readable_group(request.user, kwargs["pk"])  # type: ignore[arg-type]
    assert group.forum is not None
    return ForumPlace(
        forum=group.forum,
        access=activity_forum_access(access),
        layout=LAYOUT,
        context={"group": group, "group_access": access, "tab": "discussions"},
        title=_("Discussions"),
        on_post=on_group_post(group),
        can_read_user=lambda reader: group_access(reader, group).can_read,
        moderators=_moderators(group),
        reports_visible=True,
    )


def resolve_library(request: HttpRequest, kwargs: dict[str, Any]) -> LibraryPlace:
    group, access = readable_group(request.user, kwargs["pk"])  # type: ignore[arg-type]
    assert group.library is not None
    return LibraryPlace(
        library=group.library,
        access=library_access(access),
        layout=LAYOUT,
        context={"group": group, "group_access": access, "tab": "documents"},
        title=_("Documents"),
    )
