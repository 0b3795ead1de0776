"""Reads about relations between teachers."""

from django.db.models import Case, Count, F, Q, QuerySet, When

from twinning.accounts.models import User
from twinning.network.models import Block, Contact, Follow


def are_contacts(a: User, b: User) -> bool:
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return False
    low, high = sorted((a.pk, b.pk))
    return Contact.objects.filter(user_low_id=low, user_high_id=high).exists()


def followers_of(*, user: User, among: QuerySet | None = None) -> QuerySet[Follow]:
    """Who follows `user`, newest first, with each follower and their profile in the same query.

    `among`, a queryset of user ids, keeps only those followers (the caller
    passes the ids of the profiles the viewer may see).
    """
    qs = Follow.objects.filter(followed=user).select_related("follower__profile")
    if among is not None:
        qs = qs.filter(follower_id__in=among)
    return qs.order_by("-created_at", "-pk")


def following_of(*, user: User, among: QuerySet | None = None) -> QuerySet[Follow]:
    """Whom `user` follows, newest first, with each followed teacher and their profile; `among` as above."""
    qs = Follow.objects.filter(follower=user).select_related("followed__profile")
    if among is not None:
        qs = qs.filter(followed_id__in=among)
    return qs.order_by("-created_at", "-pk")


def is_following(*, follower: User, followed: User) -> bool:
    if not (follower.is_authenticated and followed.pk) or follower.pk == followed.pk:
        return False
    return Follow.objects.filter(follower_id=follower.pk, followed_id=followed.pk).exists()


def follow_counts(*, user: User) -> tuple[int, int]:
    """(how many follow `user`, how many `user` follows), in one query."""
    counts = Follow.objects.filter(Q(followed=user) | Q(follower=user)).aggregate(
        followers=Count("pk", filter=Q(followed=user)), following=Count("pk", filter=Q(follower=user))
    )
    return counts["followers"], counts["following"]


def is_blocked_between(a: User, b: User) -> bool:
    """Whether either of the two has blocked the other (blocking stops messages, invitations, follows both ways)."""
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return False
    return Block.objects.filter(Q(blocker_id=a.pk, blocked_id=b.pk) | Q(blocker_id=b.pk, blocked_id=a.pk)).exists()


def has_blocked(*, blocker: User, blocked: User) -> bool:
    """Whether `blocker` has blocked `blocked` (one direction only)."""
    if not (blocker.is_authenticated and blocked.pk):
        return False
    return Block.objects.filter(blocker_id=blocker.pk, blocked_id=blocked.pk).exists()


def blocked_either_way_ids(user: User) -> QuerySet:
    """Ids of the users `user` blocked or was blocked by, as a subquery (for `__in` filters)."""
    return (
        Block.objects.filter(Q(blocker_id=user.pk) | Q(blocked_id=user.pk))
        .annotate(other=Case(When(blocker_id=user.pk, then=F("blocked_id")), default=F("blocker_id")))
        .values("other")
    )


def blockers_of_ids(user: User) -> QuerySet:
    """Ids of the users who blocked `user`, as a subquery."""
    return Block.objects.filter(blocked_id=user.pk).values("blocker_id")
