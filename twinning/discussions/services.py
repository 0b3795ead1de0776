"""Changes in a forum: start a thread, reply, edit, delete, the moderators' pin, lock and hide,
following threads, and members' reports of posts with the moderators' answer.

Every service takes the owner's `ForumAccess` for the actor and refuses with
`PermissionRefused` when it says no. Counters (`Forum.thread_count`,
`Thread.post_count`, `Thread.last_post_at`) count what readers who are not
moderators see, and move with conditional `F()` updates inside the same
transaction as the change, so two requests at once cannot skew them.
"""

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Forum, Post, Report, Thread, ThreadFollow
from twinning.discussions.permissions import (
    ForumAccess,
    can_delete_post,
    can_edit_post,
    can_see_post,
    can_see_thread,
)
from twinning.notifications.services import notify

TITLE_MAX_LENGTH = Thread._meta.get_field("title").max_length or 200
REASON_MAX_LENGTH = Report._meta.get_field("reason").max_length or 500
BODY_MAX_LENGTH = Post._meta.get_field("body").max_length or 10_000


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise DomainError(_("Give the thread a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(
            _("A title can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": TITLE_MAX_LENGTH, "length": len(title)},
            field="title",
        )
    if "\x00" in title:
        raise DomainError(_("The title contains a character that cannot be stored."), field="title")
    return title


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write your message before posting it."), field="body")
    if len(body) > BODY_MAX_LENGTH:
        raise DomainError(
            _("A message can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": BODY_MAX_LENGTH, "length": len(body)},
            field="body",
        )
    if "\x00" in body:
        raise DomainError(_("The message contains a character that cannot be stored."), field="body")
    return body


def _require_actor(actor: User | None) -> User:
    if actor is None or not actor.is_authenticated:
        raise PermissionRefused()
    return actor


def _first_post_id(thread: Thread) -> int | None:
    return Post.objects.filter(thread_id=thread.pk).order_by("created_at", "pk").values_list("pk", flat=True).first()


def _refresh_last_post_at(thread_id: int) -> None:
    """After a post goes away or comes back, the thread's last activity is its latest visible post."""
    latest = (
        Post.objects.filter(thread_id=thread_id, is_hidden=False)
        .values("thread_id")
        .annotate(latest=Max("created_at"))
        .values("latest")
    )
    # A thread whose posts are all hidden keeps a date: its creation.
    Thread.objects.filter(pk=thread_id).update(last_post_at=Coalesce(Subquery(latest), F("created_at")))


def forum_create(*, purpose: str) -> Forum:
    """An empty forum for an owner; `purpose` is a short label for the admin ("twinspace_forum")."""
    forum = Forum(purpose=purpose)
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def thread_start(*, actor: User, forum: Forum, access: ForumAccess, title: str, body: str) -> Thread:
    """Opens a thread with its first post. Needs `can_read` and `can_start_thread`; title and message
    must not be empty."""
    actor = _require_actor(actor)
    if not (access.can_read and access.can_start_thread):
        raise PermissionRefused(_("You cannot start a thread here."))
    title = _clean_title(title)
    body = _clean_body(body)
    now = timezone.now()
    thread = Thread(forum=forum, title=title, author=actor, created_at=now, last_post_at=now, post_count=1)
    thread.full_clean()
    thread.save()
    post = Post(thread=thread, author=actor, body=body, created_at=now)
    post.full_clean()
    post.save()
    Forum.objects.filter(pk=forum.pk).update(thread_count=F("thread_count") + 1)
    _follow(actor, thread)
    return thread


@transaction.atomic
def post_reply(*, actor: User, thread: Thread, access: ForumAccess, body: str, parent: Post | None = None) -> Post:
    """Adds a reply to a thread the actor can see, optionally answering one of its posts.

    Needs `can_reply` (or `can_moderate`); a locked thread takes replies from
    moderators only; the answered post must belong to the same thread and be
    visible to the actor.
    """
    actor = _require_actor(actor)
    if not can_see_thread(access, thread):
        raise PermissionRefused()
    if not (access.can_reply or access.can_moderate):
        raise PermissionRefused(_("You cannot reply here."))
    body = _clean_body(body)
    if parent is not None and (parent.thread_id != thread.pk or not can_see_post(access, parent)):
        raise DomainError(_("The message you answer is not in this thread."), field="parent")
    now = timezone.now()
    # The lock is checked in the same statement that counts the reply, so a reply cannot slip in
    # while a moderator locks or hides the thread.
    open_thread = Thread.objects.filter(pk=thread.pk)
    if not access.can_moderate:
        open_thread = open_thread.filter(is_locked=False, is_hidden=False)
    if not open_thread.update(post_count=F("post_count") + 1, last_post_at=now):
        if Thread.objects.filter(pk=thread.pk, is_locked=True).exists():
            raise DomainError(_("This thread is closed to replies."), code="locked")
        raise PermissionRefused()
    post = Post(thread=thread, parent=parent, author=actor, body=body, created_at=now)
    post.full_clean()
    post.save()
    thread.post_count += 1
    thread.last_post_at = now
    _follow(actor, thread)
    return post


@transaction.atomic
def post_edit(*, actor: User, post: Post, access: ForumAccess, body: str) -> Post:
    """Its author changes a post's message, while they may still write here and the thread is open."""
    actor = _require_actor(actor)
    if not can_edit_post(actor, access, post):
        raise PermissionRefused(_("You cannot change this message."))
    body = _clean_body(body)
    post.body = body
    post.edited_at = timezone.now()
    post.full_clean()
    post.save(update_fields=["body", "edited_at"])
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post, access: ForumAccess) -> None:
    """Removes a post (its author, or a moderator). Removing a thread's first post removes the thread;
    replies to a removed post stay, answering what it answered."""
    actor = _require_actor(actor)
    if not can_delete_post(actor, access, post):
        raise PermissionRefused(_("You cannot delete this message."))
    thread = post.thread
    if _first_post_id(thread) == post.pk:
        deleted, _rows = Thread.objects.filter(pk=thread.pk).delete()
        if deleted and not thread.is_hidden:
            Forum.objects.filter(pk=thread.forum_id, thread_count__gt=0).update(thread_count=F("thread_count") - 1)
        return
    Post.objects.filter(parent_id=post.pk).update(parent_id=post.parent_id)
    deleted, _rows = Post.objects.filter(pk=post.pk).delete()
    if deleted and not post.is_hidden:
        Thread.objects.filter(pk=thread.pk, post_count__gt=0).update(post_count=F("post_count") - 1)
        _refresh_last_post_at(thread.pk)


@transaction.atomic
def post_set_hidden(*, actor: User, post: Post, access: ForumAccess, hidden: bool) -> Post:
    """A moderator hides a post from everyone but moderators, or shows it again. Hiding a thread's
    first post hides the whole thread."""
    actor = _require_actor(actor)
    if not (access.can_read and access.can_moderate):
        raise PermissionRefused(_("Only moderators can hide messages."))
    changed = Post.objects.filter(pk=post.pk, is_hidden=not hidden).update(
        is_hidden=hidden, hidden_by=actor if hidden else None
    )
    post.is_hidden = hidden
    post.hidden_by = actor if hidden else None
    if not changed:
        return post
    thread = post.thread
    if _first_post_id(thread) == post.pk:
        if Thread.objects.filter(pk=thread.pk, is_hidden=not hidden).update(is_hidden=hidden):
            step = -1 if hidden else 1
            forum_rows = Forum.objects.filter(pk=thread.forum_id)
            if hidden:
                forum_rows = forum_rows.filter(thread_count__gt=0)
            forum_rows.update(thread_count=F("thread_count") + step)
        thread.is_hidden = hidden
    posts = Thread.objects.filter(pk=thread.pk)
    if hidden:
        posts.filter(post_count__gt=0).update(post_count=F("post_count") - 1)
    else:
        posts.update(post_count=F("post_count") + 1)
    _refresh_last_post_at(thread.pk)
    return post


def _moderator_only(actor: User | None, access: ForumAccess) -> None:
    _require_actor(actor)
    if not (access.can_read and access.can_moderate):
        raise PermissionRefused(_("Only moderators can do this."))


@transaction.atomic
def thread_set_pinned(*, actor: User, thread: Thread, access: ForumAccess, pinned: bool) -> Thread:
    """A moderator keeps a thread at the top of the list, or lets it go back in order of activity."""
    _moderator_only(actor, access)
    Thread.objects.filter(pk=thread.pk).update(is_pinned=pinned)
    thread.is_pinned = pinned
    return thread


@transaction.atomic
def thread_set_locked(*, actor: User, thread: Thread, access: ForumAccess, locked: bool) -> Thread:
    """A moderator closes a thread to replies (moderators can still answer), or opens it again."""
    _moderator_only(actor, access)
    Thread.objects.filter(pk=thread.pk).update(is_locked=locked)
    thread.is_locked = locked
    return thread


def _follow(user: User, thread: Thread) -> None:
    """The author and repliers of a thread follow it (once, whoever comes first)."""
    ThreadFollow.objects.bulk_create([ThreadFollow(thread=thread, user=user)], ignore_conflicts=True)


@transaction.atomic
def thread_follow(*, actor: User, thread: Thread, access: ForumAccess) -> ThreadFollow:
    """The actor hears of new posts in a thread they can see. Following again changes nothing."""
    actor = _require_actor(actor)
    if not can_see_thread(access, thread):
        raise PermissionRefused()
    _follow(actor, thread)
    return ThreadFollow.objects.get(thread=thread, user=actor)


@transaction.atomic
def thread_unfollow(*, actor: User, thread: Thread) -> None:
    """The actor stops hearing of new posts in a thread (nothing happens if they did not follow it)."""
    actor = _require_actor(actor)
    ThreadFollow.objects.filter(thread=thread, user=actor).delete()


def notify_followers(*, post: Post, url: str, can_read_user: Callable[[User], bool] | None = None) -> int:
    """Tells the followers of the post's thread, but its author, of the new post ("thread_reply");
    returns how many were told.

    Nobody is told of a hidden post or of a post in a hidden thread. Pupils get
    no notifications. The engine does not know who may still read the forum:
    the owner passes `can_read_user`, and followers for whom it says False are
    skipped (their follow stays, should they come back).
    """
    thread = post.thread
    if post.is_hidden or thread.is_hidden:
        return 0
    author = post.author
    followers = User.objects.filter(followed_threads__thread_id=thread.pk, is_active=True, is_pupil=False)
    if post.author_id is not None:
        followers = followers.exclude(pk=post.author_id)
    told = 0
    for follower in followers.order_by("pk"):
        if can_read_user is not None and not can_read_user(follower):
            continue
        if notify(recipient=follower, kind="thread_reply", actor=author, url=url, params={"thread": thread.title}):
            told += 1
    return told


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Say what is wrong with this message."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(
            _("A reason can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": REASON_MAX_LENGTH, "length": len(reason)},
            field="reason",
        )
    if "\x00" in reason:
        raise DomainError(_("The reason contains a character that cannot be stored."), field="reason")
    return reason


def post_report(*, actor: User, post: Post, access: ForumAccess, reason: str) -> Report:
    """A member who can read a post reports it to the moderators, with a reason. Once per member and
    post; nobody reports their own message."""
    actor = _require_actor(actor)
    if not (can_see_thread(access, post.thread) and can_see_post(access, post)):
        raise PermissionRefused()
    if post.author_id == actor.pk:
        raise DomainError(_("You cannot report your own message."), code="own_post")
    reason = _clean_reason(reason)
    if Report.objects.filter(post=post, reporter=actor).exists():
        raise DomainError(_("You have already reported this message."), code="already_reported")
    report = Report(post=post, reporter=actor, reason=reason)
    report.full_clean(exclude=["post", "reporter"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as twice:  # the same member, twice at once
        raise DomainError(_("You have already reported this message."), code="already_reported") from twice
    return report


def notify_report(*, report: Report, moderators: Iterable[User], url: str) -> int:
    """Tells the place's moderators ("post_reported"), but the reporter, of a new report; returns how
    many were told. `url` is where they handle it (the reports page)."""
    told = 0
    seen: set[int] = set()
    thread = report.post.thread
    for moderator in moderators:
        if moderator.pk in seen or moderator.pk == report.reporter_id or moderator.is_pupil:
            continue
        seen.add(moderator.pk)
        params: dict[str, str | int] = {"thread": thread.title, "reason": report.reason}
        if notify(recipient=moderator, kind="post_reported", actor=report.reporter, url=url, params=params):
            told += 1
    return told


@transaction.atomic
def report_resolve(*, actor: User, report: Report, access: ForumAccess, hide: bool) -> Report:
    """A moderator answers an open report: hide the post (every open report of that post is then
    settled as hidden) or dismiss this report. A report already answered is refused."""
    _moderator_only(actor, access)
    now = timezone.now()
    state = Report.State.HIDDEN if hide else Report.State.DISMISSED
    if not Report.objects.filter(pk=report.pk, state=Report.State.OPEN).update(
        state=state, handled_by=actor, handled_at=now
    ):
        raise DomainError(_("Another moderator has already answered this report."), code="handled")
    if hide:
        post = Post.objects.select_related("thread").get(pk=report.post_id)
        post_set_hidden(actor=actor, post=post, access=access, hidden=True)
        Report.objects.filter(post_id=post.pk, state=Report.State.OPEN).update(
            state=state, handled_by=actor, handled_at=now
        )
    report.state = state
    report.handled_by = actor
    report.handled_at = now
    return report
