"""Template pieces of the activity app used on other apps' pages (the profile page's posts slot)."""

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser

from twinning.accounts.models import User
from twinning.activity.forms import PostForm
from twinning.activity.models import Post
from twinning.activity.permissions import can_delete_post
from twinning.activity.selectors import PROFILE_POSTS_SHOWN, posts_of

register = template.Library()


@dataclass(frozen=True)
class ProfilePosts:
    """The latest posts of a profile's owner as the viewer may see them, and whether the viewer may post here."""

    posts: list[Post]
    has_more: bool
    is_owner: bool
    form: PostForm | None


@register.simple_tag
def profile_posts(viewer: User | AnonymousUser, owner: User) -> ProfilePosts:
    """One query: the owner's last posts visible to the viewer (the page already checked the profile)."""
    page = posts_of(viewer=viewer, author=owner, size=PROFILE_POSTS_SHOWN)
    is_owner = bool(viewer.is_authenticated and viewer.pk == owner.pk)
    return ProfilePosts(
        posts=page.items, has_more=page.has_next, is_owner=is_owner, form=PostForm() if is_owner else None
    )


@register.filter
def deletable_by(post: Post, viewer: User | AnonymousUser) -> bool:
    return can_delete_post(viewer, post)
