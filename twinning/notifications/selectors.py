"""Reading notifications and email preferences."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.notifications.kinds import KINDS, Delivery
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.permissions import visible_notifications

PER_PAGE = 30
# The bell counts at most this many: above it shows "99+", and counting further would cost more.
UNREAD_COUNT_CAP = 100


def delivery_for(*, user: User, kind: str) -> Delivery:
    """How `user` wants emails about `kind`: their stored choice, else the kind's default."""
    stored = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    if stored in Delivery.values:
        return Delivery(stored)
    known = KINDS.get(kind)
    return known.default if known else Delivery.NEVER


def deliveries_for(*, user: User) -> dict[str, Delivery]:
    """Every kind's delivery for `user`, in one query: what the preferences page shows."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        kind: Delivery(stored[kind]) if stored.get(kind) in Delivery.values else definition.default
        for kind, definition in KINDS.items()
    }


def notifications_for(*, user: User) -> QuerySet[Notification]:
    """`user`'s notifications, newest first, each with its actor (so rendering the text costs no query)."""
    return visible_notifications(user).select_related("actor").order_by("-created_at", "-id")


def notification_page(*, user: User, number: str | int | None) -> Page:
    """One page of `user`'s notifications: a count and one query for the rows, whatever the page's length."""
    return Paginator(notifications_for(user=user), PER_PAGE).get_page(number)


def unread_count(*, user: User) -> int:
    """How many unread notifications `user` has, counted up to `UNREAD_COUNT_CAP` on the partial index."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[:UNREAD_COUNT_CAP].count()


def has_unread(*, user: User) -> bool:
    """Whether `user` has any unread notification, on any page of the list (one EXISTS on the partial index)."""
    return user.is_authenticated and Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def digest_pending(*, user_id: int) -> QuerySet[Notification]:
    """Notifications waiting for `user_id`'s daily summary: daily delivery, not emailed, not read yet."""
    return Notification.objects.filter(
        recipient_id=user_id, delivery=Delivery.DAILY, emailed_at__isnull=True, read_at__isnull=True
    )


def digest_recipient_ids(*, after: int, limit: int) -> list[int]:
    """The next `limit` ids of users with something waiting for their summary, above `after`, in order."""
    return list(
        Notification.objects.filter(
            recipient_id__gt=after, delivery=Delivery.DAILY, emailed_at__isnull=True, read_at__isnull=True
        )
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:limit]
    )
