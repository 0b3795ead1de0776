"""Rendering and sending notification emails, each in its recipient's language and time zone."""

from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from twinning.accounts.models import User
from twinning.notifications.models import Notification


def is_local_path(url: str) -> bool:
    """True for a path on this site ("/projects/3/"), false for another host or anything odd."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def absolute_link(notification: Notification) -> str:
    """Where the notification leads, as a full address for an email; the notifications list otherwise."""
    path = notification.url if is_local_path(notification.url) else reverse("notifications:list")
    return settings.SITE_URL + path


def recipient_language(user: User) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in available else settings.LANGUAGE_CODE


def _zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _send(*, template: str, user: User, context: dict[str, object]) -> None:
    language = recipient_language(user)
    with translation.override(language), timezone.override(_zone(user)):
        context = {
            **context,
            "user": user,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_URL": settings.SITE_URL,
            "list_url": settings.SITE_URL + reverse("notifications:list"),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        }
        subject_lines = render_to_string(f"notifications/emails/{template}_subject.txt", context)
        body = render_to_string(f"notifications/emails/{template}_body.txt", context)
    subject = " ".join(subject_lines.split())
    EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={"Content-Language": language},
    ).send()


def send_notification(*, notification: Notification) -> None:
    """One email for one notification (delivery "immediately")."""
    with translation.override(recipient_language(notification.recipient)):
        text = notification.text
    _send(
        template="notification",
        user=notification.recipient,
        context={"notification": notification, "text": text, "link": absolute_link(notification)},
    )


def send_digest(*, user: User, notifications: Sequence[Notification], more: int = 0) -> None:
    """The daily summary: the listed notifications (oldest first), and how many more did not fit."""
    with translation.override(recipient_language(user)):
        items = [{"text": n.text, "link": absolute_link(n), "created_at": n.created_at} for n in notifications]
    _send(
        template="digest",
        user=user,
        context={"items": items, "count": len(items) + more, "more": more, "today": timezone.now()},
    )
