"""Who may see and delete posts.

Each rule is a yes/no check for one post AND a queryset filter for many;
tests assert that the two agree. A post the viewer may not see answers 404.

The rule: whoever may see the author's profile (`profiles.permissions`) sees
their posts, unless one of the two has blocked the other. Only the author
deletes a post.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from twinning.accounts.models import User
from twinning.activity.models import Post
from twinning.network.selectors import blocked_either_way_ids, is_blocked_between
from twinning.profiles.permissions import can_view_profile, visible_profiles

Viewer = User | AnonymousUser


def can_view_post(viewer: Viewer, post: Post) -> bool:
    """Whether `viewer` may see `post` (see the module docstring for the rule)."""
    author = post.author
    if viewer.is_authenticated and viewer.pk != author.pk and is_blocked_between(viewer, author):  # type: ignore[arg-type]
        return False
    return can_view_profile(viewer, author.profile)


def visible_posts(viewer: Viewer, queryset: QuerySet[Post] | None = None) -> QuerySet[Post]:
    """The posts `viewer` may see; agrees with `can_view_post`.

    The profile rule is a correlated EXISTS on the author's profile (one
    primary-key lookup per row read), so a page of posts stays one query and
    never materialises the list of every visible profile.
    """
    qs = Post.objects.all() if queryset is None else queryset
    qs = qs.filter(Exists(visible_profiles(viewer).filter(user_id=OuterRef("author_id"))))
    if viewer.is_authenticated:
        qs = qs.exclude(author_id__in=blocked_either_way_ids(viewer))  # type: ignore[arg-type]
    return qs


def can_delete_post(actor: Viewer, post: Post) -> bool:
    """Only the author deletes a post."""
    return bool(actor.is_authenticated and actor.pk == post.author_id)


def deletable_posts(actor: Viewer) -> QuerySet[Post]:
    """The posts `actor` may delete; agrees with `can_delete_post`."""
    if not actor.is_authenticated:
        return Post.objects.none()
    return Post.objects.filter(author_id=actor.pk)
