"""Changes to posts and to the activity feed.

Posts are written by their authors through `post_create` / `post_delete`.
The feed (`FeedEntry` rows) is derived data: the fan-out, backfill and
cleanup functions below keep it, called by tasks (see tasks.py and
signals.py). They take ids, insert with `ignore_conflicts` against the
(owner, item) unique constraint and delete by filter, so running any of them
twice changes nothing. See docs/activity-feed.md.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.activity.models import POST_MAX_LENGTH, ActivityItem, FeedEntry, Post
from twinning.activity.permissions import can_delete_post
from twinning.core.errors import DomainError, PermissionRefused
from twinning.network.models import Block, Contact, Follow
from twinning.network.selectors import blocked_either_way_ids
from twinning.profiles.images import PhotoRefused, process_photo
from twinning.progress.services import progress_record

# How many feed rows one statement inserts: big enough to be fast, small enough
# that a teacher with 100,000 followers never holds one long transaction.
FAN_OUT_BATCH_SIZE = 1000
# How many of a teacher's latest items a new follower or contact receives.
BACKFILL_ITEMS = 20

# --- Posts ------------------------------------------------------------------


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise DomainError(_("Write something before posting."), field="body", code="required")
    if len(text) > POST_MAX_LENGTH:
        raise DomainError(
            _("A post may have at most %(max)s characters; yours has %(count)s.")
            % {"max": POST_MAX_LENGTH, "count": len(text)},
            field="body",
            code="max_length",
        )
    return text


@transaction.atomic
def post_create(*, actor: User, body: str, image: IO[bytes] | None = None) -> Post:
    """`actor` posts on their own profile: 1 to 3,000 characters and, optionally, one image.

    The image is checked and re-encoded exactly like a profile photo (JPEG,
    PNG or WebP decided by its bytes, size and pixel limits, metadata
    stripped, square thumbnail); a refused file or text stores nothing, no row
    and no file. The post becomes an activity item that a task copies into the
    feeds of the author, their followers and their contacts once the post is
    committed; the author's own feed gets it at once. Progress: "post written",
    once per post (the cap applies when progress is read).
    """
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionRefused()
    text = _clean_body(body)
    processed = None
    if image is not None:
        try:
            processed = process_photo(image)
        except PhotoRefused as refused:
            raise DomainError(refused.message, field="image", code=refused.code) from refused
    post = Post(author=actor, body=text)
    written: list[str | None] = []
    try:
        if processed is not None:
            post.image.save(processed.main_name, ContentFile(processed.main), save=False)
            written.append(post.image.name)
            post.thumbnail.save(processed.thumbnail_name, ContentFile(processed.thumbnail), save=False)
            written.append(post.thumbnail.name)
        post.full_clean()
        post.save()
        item = ActivityItem(actor=actor, verb=ActivityItem.Verb.POST, post=post, created_at=post.created_at)
        item.full_clean()
        item.save()
        FeedEntry.objects.create(owner=actor, item=item, actor=actor, created_at=item.created_at)
        progress_record(user=actor, kind="post_written", key=str(post.pk))
    except Exception:
        # Nothing may stay behind when the post fails: drop the files just written.
        for name in written:
            if name:
                post.image.storage.delete(name)
        raise
    _enqueue_fan_out(item)
    return post


@transaction.atomic
def post_delete(*, actor: User, post: Post) -> None:
    """The author deletes their post; it leaves every feed at once (its item and entries go with it).

    Only the author may. The image files are deleted once the deletion is
    committed. Progress already earned stays: the log is a history.
    """
    if not can_delete_post(actor, post):
        raise PermissionRefused(_("Only the author may delete this post."))
    post_files_delete_on_commit([post])
    post.delete()


def post_files_delete_on_commit(posts: Iterable[Post]) -> None:
    """Deletes the image files of `posts`, which are being deleted, once that deletion is committed.

    Every way a post goes (its author, the admin site's moderation) calls it:
    a removed image must not stay reachable at its address. A rolled-back
    deletion keeps the files.
    """
    names = [name for post in posts for name in (post.image.name, post.thumbnail.name) if name]
    if not names:
        return
    storage = Post._meta.get_field("image").storage

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


# --- Public activity -----------------------------------------------------------


@transaction.atomic
def activity_record_new_contact(*, first: User, second: User) -> ActivityItem:
    """Records that `first` and `second` became contacts: one public item for the pair, shown
    to the followers and contacts of both (each still filtered by privacy when the feed is read).

    A pair has at most one such item, so recording it again returns the existing one.
    """
    if first.pk == second.pk:
        raise DomainError(_("A teacher cannot be their own contact."))
    existing = _new_contact_items(first.pk, second.pk).first()
    if existing is not None:
        return existing
    item = ActivityItem(actor=first, verb=ActivityItem.Verb.NEW_CONTACT, other_user=second)
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Recorded at the same moment by another worker.
        return _new_contact_items(first.pk, second.pk).get()
    _enqueue_fan_out(item)
    return item


def activity_forget_new_contact(*, first_id: int, second_id: int) -> int:
    """Two teachers are no longer contacts: the item saying they became contacts goes, from every feed.

    Does nothing while they are still (or again) contacts. Returns how many items were deleted.
    """
    low, high = sorted((first_id, second_id))
    if Contact.objects.filter(user_low_id=low, user_high_id=high).exists():
        return 0
    deleted, _by_model = _new_contact_items(low, high).delete()
    return deleted


def _new_contact_items(a: int, b: int) -> QuerySet[ActivityItem]:
    return ActivityItem.objects.filter(
        Q(actor_id=a, other_user_id=b) | Q(actor_id=b, other_user_id=a), verb=ActivityItem.Verb.NEW_CONTACT
    )


def _enqueue_fan_out(item: ActivityItem) -> None:
    from twinning.activity.tasks import fan_out_item

    item_id = item.pk
    transaction.on_commit(lambda: fan_out_item.enqueue(item_id))


# --- The feed (derived data, kept by tasks) ------------------------------------


def _batched(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, size)):
        yield batch


def audience_ids(user: User) -> Iterator[int]:
    """Whose feeds `user`'s activity goes to: themselves, their followers and their contacts.

    Yields ids as the database streams them (a teacher may have many
    followers); someone in both lists appears twice, which the unique
    constraint absorbs. People blocked either way are left out.
    """
    blocked = blocked_either_way_ids(user)
    yield user.pk
    followers = Follow.objects.filter(followed_id=user.pk).exclude(follower_id__in=blocked)
    yield from followers.values_list("follower_id", flat=True).order_by().iterator(chunk_size=2000)
    highs = Contact.objects.filter(user_low_id=user.pk).exclude(user_high_id__in=blocked)
    yield from highs.values_list("user_high_id", flat=True).order_by().iterator(chunk_size=2000)
    lows = Contact.objects.filter(user_high_id=user.pk).exclude(user_low_id__in=blocked)
    yield from lows.values_list("user_low_id", flat=True).order_by().iterator(chunk_size=2000)


def feed_fan_out(*, item_id: int) -> int:
    """Copies an activity item into the feed of everyone it concerns; returns how many rows were offered.

    A post goes to its author's audience (see `audience_ids`); a new contact
    to the audiences of both teachers, each entry naming the teacher the owner
    knows. Rows are inserted in batches (`FAN_OUT_BATCH_SIZE`), each
    batch its own short transaction so a huge audience never holds one long
    lock; existing rows are skipped, so running it twice adds nothing.
    """
    item = ActivityItem.objects.select_related("actor", "other_user").filter(pk=item_id).first()
    if item is None:
        return 0
    size = FAN_OUT_BATCH_SIZE
    sources = [item.actor] if item.other_user is None else [item.actor, item.other_user]
    offered = 0
    for via in sources:
        for batch in _batched(audience_ids(via), size):
            rows = [
                FeedEntry(owner_id=owner, item_id=item.pk, actor_id=via.pk, created_at=item.created_at)
                for owner in batch
            ]
            try:
                with transaction.atomic():
                    FeedEntry.objects.bulk_create(rows, ignore_conflicts=True)
            except IntegrityError:
                # The item was deleted while we copied it (its post deleted): nothing left to do.
                if not ActivityItem.objects.filter(pk=item.pk).exists():
                    return offered
                raise
            offered += len(rows)
    return offered


def _related(owner_id: int, actor_id: int) -> bool:
    """Whether `owner` still receives `actor`'s activity: follows them or is their contact."""
    low, high = sorted((owner_id, actor_id))
    return (
        Follow.objects.filter(follower_id=owner_id, followed_id=actor_id).exists()
        or Contact.objects.filter(user_low_id=low, user_high_id=high).exists()
    )


def _blocked(a_id: int, b_id: int) -> bool:
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()


def feed_backfill(*, owner_id: int, actor_id: int) -> int:
    """Someone starts following (or becomes a contact of) `actor`: their latest items join the owner's feed.

    At most `BACKFILL_ITEMS` items, the newest, where the actor
    posted or became someone's contact. Nothing happens when the relation is
    already gone or a block stands between them. Returns how many rows were offered.
    """
    if owner_id == actor_id or not _related(owner_id, actor_id):
        return 0
    if _blocked(owner_id, actor_id):
        return 0
    limit = BACKFILL_ITEMS
    own = ActivityItem.objects.filter(actor_id=actor_id).order_by("-created_at").values_list("pk", "created_at")
    named = ActivityItem.objects.filter(other_user_id=actor_id).order_by("-created_at")
    candidates = list(own[:limit]) + list(named.values_list("pk", "created_at")[:limit])
    newest = sorted(candidates, key=lambda row: row[1], reverse=True)[:limit]
    rows = [FeedEntry(owner_id=owner_id, item_id=pk, actor_id=actor_id, created_at=when) for pk, when in newest]
    FeedEntry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def feed_remove_stale(*, owner_id: int, actor_id: int) -> int:
    """The owner no longer follows, knows or tolerates `actor`: the entries received through them go.

    When a block stands between them, also every entry about `actor` that
    came through someone else (a new contact of a teacher the owner
    follows). Nothing is removed while the owner still follows or is a
    contact of the actor. Returns how many rows were deleted.
    """
    if owner_id == actor_id:
        return 0
    if _blocked(owner_id, actor_id):
        stale = FeedEntry.objects.filter(owner_id=owner_id).filter(
            Q(actor_id=actor_id) | Q(item__actor_id=actor_id) | Q(item__other_user_id=actor_id)
        )
    elif _related(owner_id, actor_id):
        return 0
    else:
        stale = FeedEntry.objects.filter(owner_id=owner_id, actor_id=actor_id)
    deleted, _by_model = stale.delete()
    return deleted
