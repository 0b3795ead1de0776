"""Telling users what happened: the one `notify()` every app calls."""

from django.db import transaction

from twinning.accounts.models import User
from twinning.notifications.kinds import KINDS
from twinning.notifications.models import Notification


def notify(
    *,
    recipient: User,
    kind: str,
    actor: User | None = None,
    url: str = "",
    params: dict[str, str | int] | None = None,
) -> Notification | None:
    """Records a notification of `kind` for `recipient`; inactive accounts and self-notices get none.

    `params` fill the kind's text (rendered in the reader's language); `url` is
    where clicking it leads. Whether and when an email follows is the
    recipient's preference for the kind.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, actor=actor, url=url, params=params or {}
        )
    return notification
