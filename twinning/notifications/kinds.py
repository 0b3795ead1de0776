"""The kinds of notification: what each says, and how its email goes out unless the user chooses otherwise.

Apps add their kinds to the list below when they start notifying; `notify()`
refuses a kind not listed, so a typo cannot pass silently. Texts take
`%(actor)s` (the name of who acted) and the notification's own `params`; they
are rendered in the reader's language when shown or emailed. The preferences
page lists the kinds in this order.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """When a notification also goes out by email."""

    IMMEDIATELY = "immediately", _("By email straight away")
    DAILY = "daily", _("In a daily summary email")
    NEVER = "never", _("Only here, no email")


@dataclass(frozen=True)
class NotificationKind:
    """One kind: `label` names it on the preferences page, `text` is what the reader sees."""

    kind: str
    label: Promise
    text: Promise
    default: Delivery


KINDS: dict[str, NotificationKind] = {
    kind.kind: kind
    for kind in [
        NotificationKind(
            "contact_invitation",
            _("Someone invites me to be their contact"),
            _("%(actor)s invites you to be their contact."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "contact_accepted",
            _("Someone accepts my contact invitation"),
            _("%(actor)s accepted your contact invitation."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "new_follower",
            _("Someone starts following me"),
            _("%(actor)s started following you."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "message",
            _("Someone writes me a private message"),
            _("%(actor)s wrote you a message."),
            Delivery.IMMEDIATELY,
        ),
    ]
}


def render_text(kind: str, *, actor_name: str, params: Mapping[str, object]) -> str:
    """The text of a notification in the active language.

    A kind that no longer exists, or params that do not fit its text, give a
    neutral sentence: an old notification must never break the page that lists it.
    """
    known = KINDS.get(kind)
    if known is None:
        return gettext("Something happened on Twinning that concerns you.")
    values = {**params, "actor": actor_name or gettext("Someone")}
    try:
        return str(known.text) % values
    except (KeyError, TypeError, ValueError):
        return gettext("Something happened on Twinning that concerns you.")
