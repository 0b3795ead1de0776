"""What a reader may do in one forum, as decided by the forum's owner.

The engine never works out who may do what: the owning app (a TwinSpace, a
group, an event) builds a `ForumAccess` for the acting user from its own rules
and passes it to every service, selector and page here. The predicates below
turn that decision into the engine's rules for single threads and posts, so
services and templates ask the same questions.
"""

from dataclasses import dataclass

from twinning.accounts.models import User
from twinning.discussions.models import Post, Thread


@dataclass(frozen=True)
class ForumAccess:
    """The owner's answer for one user and one forum."""

    can_read: bool
    can_start_thread: bool
    can_reply: bool
    can_moderate: bool  # pin/unpin, lock, hide/unhide, delete any post

    @classmethod
    def nothing(cls) -> "ForumAccess":
        return cls(can_read=False, can_start_thread=False, can_reply=False, can_moderate=False)

    @property
    def can_write(self) -> bool:
        """May still write here at all (needed to change one's own posts)."""
        return self.can_read and (self.can_start_thread or self.can_reply or self.can_moderate)


def can_see_thread(access: ForumAccess, thread: Thread) -> bool:
    return access.can_read and (access.can_moderate or not thread.is_hidden)


def can_see_post(access: ForumAccess, post: Post) -> bool:
    return access.can_read and (access.can_moderate or not post.is_hidden)


def can_reply_in(access: ForumAccess, thread: Thread) -> bool:
    """Replies need the right to reply and an open thread; moderators still answer in a locked one."""
    if not can_see_thread(access, thread) or not (access.can_reply or access.can_moderate):
        return False
    return access.can_moderate or not thread.is_locked


def can_edit_post(user: User | None, access: ForumAccess, post: Post) -> bool:
    """Only the author edits, while they may still write here, the post is visible and its thread open."""
    if user is None or not user.is_authenticated or post.author_id != user.pk:
        return False
    if not access.can_write or not can_see_post(access, post) or post.is_hidden:
        return False
    return access.can_moderate or not post.thread.is_locked


def can_delete_post(user: User | None, access: ForumAccess, post: Post) -> bool:
    """Moderators delete any post; authors delete their own while they may still write here."""
    if not can_see_post(access, post):
        return False
    if access.can_moderate:
        return True
    return (
        user is not None
        and user.is_authenticated
        and post.author_id == user.pk
        and access.can_write
        and not post.is_hidden
    )
