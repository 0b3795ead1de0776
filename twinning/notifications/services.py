"""Telling users what happened: the one `notify()` every app calls, reading, preferences and emails."""

import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.notifications.kinds import KINDS, Delivery
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.selectors import delivery_for, digest_pending

logger = logging.getLogger(__name__)

# The daily summary lists at most this many notifications; the rest are counted ("and 12 more").
DIGEST_MAX_ITEMS = 50
# One summary claims at most this many; a user with more waiting gets the rest in the next summary.
DIGEST_MAX_CLAIM = 1000


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
    where clicking it leads (a path on this site). Whether and when an email
    follows is the recipient's preference for the kind, read now: "immediately"
    queues one email once the caller's transaction commits, "daily" leaves it for
    the next summary, "never" sends nothing.
    """
    from twinning.notifications.tasks import send_notification_email

    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    delivery = delivery_for(user=recipient, kind=kind)
    notification = Notification(
        recipient=recipient, kind=kind, actor=actor, url=url, params=params or {}, delivery=delivery
    )
    # The two users are objects the caller already holds: checking that they exist would cost two queries.
    notification.full_clean(exclude=["recipient", "actor"])
    with transaction.atomic():
        notification.save()
        if delivery == Delivery.IMMEDIATELY:
            notification_id = notification.pk
            transaction.on_commit(lambda: send_notification_email.enqueue(notification_id))
    return notification


def notification_mark_read(*, actor: User, notification: Notification) -> bool:
    """Marks one of the actor's own notifications read; reading it again changes nothing."""
    if notification.recipient_id != actor.pk:
        raise DomainError(_("This notification is not yours."))
    now = timezone.now()
    with transaction.atomic():
        changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if changed:
        notification.read_at = now
    return bool(changed)


def notifications_mark_all_read(*, actor: User) -> int:
    """Marks every unread notification of the actor read; returns how many changed."""
    with transaction.atomic():
        return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_read_about(
    *, recipient: User, kind: str, url: str | None = None, actor: User | None = None
) -> int:
    """Marks read `recipient`'s unread notifications of `kind` (leading to `url`, caused by `actor`, when
    given): the thing they announce was seen or has settled.

    Reading a conversation settles its "new message" notice under the bell;
    an answered or withdrawn contact invitation settles its "invites you"
    notice. An email not sent yet is not sent any more.
    """
    notifications = Notification.objects.filter(recipient=recipient, kind=kind, read_at__isnull=True)
    if url is not None:
        notifications = notifications.filter(url=url)
    if actor is not None:
        notifications = notifications.filter(actor=actor)
    with transaction.atomic():
        return notifications.update(read_at=timezone.now())


def preferences_update(*, actor: User, choices: Mapping[str, str]) -> None:
    """Saves the actor's email delivery for each kind given: all valid, or nothing is stored.

    Only choices that differ from the kind's default are stored, so a kind
    whose default changes later moves everyone who never chose. Turning a kind
    to "never" also stops emails about it that have not gone yet.
    """
    for kind, delivery in choices.items():
        if kind not in KINDS:
            raise DomainError(_("There is no such kind of notification."), field=kind)
        if delivery not in Delivery.values:
            raise DomainError(_("Choose one of the ways offered."), field=kind)
    with transaction.atomic():
        for kind, delivery in choices.items():
            if delivery == KINDS[kind].default:
                NotificationPreference.objects.filter(user=actor, kind=kind).delete()
            else:
                row = NotificationPreference.objects.filter(user=actor, kind=kind).first()
                row = row or NotificationPreference(user=actor, kind=kind)
                row.delivery = delivery
                row.full_clean(exclude=["user"])
                row.save()
        silenced = [kind for kind, delivery in choices.items() if delivery == Delivery.NEVER]
        if silenced:
            Notification.objects.filter(recipient=actor, kind__in=silenced, emailed_at__isnull=True).update(
                delivery=Delivery.NEVER
            )


def notification_email_send(*, notification_id: int) -> bool:
    """Emails one notification whose delivery is "immediately", at most once.

    Nothing goes when the notification is gone, already emailed, already read
    (the recipient has seen it), its delivery is no longer "immediately", or the
    recipient's account is inactive. The row is claimed with a conditional
    update before sending, so a second run (or a second worker) sends nothing;
    the claim is released if sending fails, so a retry can send it.
    """
    from twinning.notifications import emails

    notification = Notification.objects.select_related("recipient", "actor").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.is_active:
        return False
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, delivery=Delivery.IMMEDIATELY, emailed_at__isnull=True, read_at__isnull=True
    ).update(emailed_at=now)
    if not claimed:
        return False
    try:
        emails.send_notification(notification=notification)
    except Exception:
        Notification.objects.filter(pk=notification_id, emailed_at=now).update(emailed_at=None)
        raise
    return True


def digest_send(*, user_id: int) -> int:
    """Sends `user_id` one summary of the notifications waiting for it; returns how many it carried.

    The waiting rows (daily delivery, not emailed, not read) are claimed inside
    one transaction: on PostgreSQL rows another run holds are skipped, on SQLite
    the immediate transaction queues the second run behind the first, which then
    finds nothing left. So two runs never email the same notification. The claim
    is released if sending fails. An inactive account gets no summary: its
    waiting rows are turned to "never".
    """
    from twinning.notifications import emails

    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    if not user.is_active:
        digest_pending(user_id=user_id).update(delivery=Delivery.NEVER)
        return 0
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            digest_pending(user_id=user_id)
            .select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", flat=True)[:DIGEST_MAX_CLAIM]
        )
        if ids:
            Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now)
    if not ids:
        return 0
    shown = list(
        Notification.objects.filter(pk__in=ids[:DIGEST_MAX_ITEMS]).select_related("actor").order_by("created_at", "id")
    )
    try:
        emails.send_digest(user=user, notifications=shown, more=len(ids) - len(shown))
    except Exception:
        Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
        raise
    return len(ids)
