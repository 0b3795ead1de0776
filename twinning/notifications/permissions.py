"""Who may see a notification: only its recipient."""

from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.notifications.models import Notification


def can_view_notification(user: User, notification: Notification) -> bool:
    return bool(user.is_authenticated and notification.recipient_id == user.pk)


def visible_notifications(user: User) -> QuerySet[Notification]:
    """The notifications `user` may see or change: the same rows `can_view_notification` allows."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
