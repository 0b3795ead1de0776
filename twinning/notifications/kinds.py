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
        NotificationKind(
            "project_cofounder_invitation",
            _("Someone invites me to found a project with them"),
            _("%(actor)s invites you to found the project “%(project)s” together."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_partner_invitation",
            _("Someone invites me to join their project"),
            _("%(actor)s invites you to join the project “%(project)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_invitation_accepted",
            _("A teacher accepts my invitation to a project"),
            _("%(actor)s accepted your invitation to the project “%(project)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_invitation_declined",
            _("A teacher declines my invitation to a project"),
            _("%(actor)s declined your invitation to the project “%(project)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_approval_requested",
            _("A project waits for my approval"),
            _("The project “%(project)s” waits for your approval."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_step_approved",
            _("A step of my project's approval is done"),
            _("%(actor)s approved the project “%(project)s” (%(step)s)."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "project_stopped",
            _("My project is rejected or declined"),
            _("The project “%(project)s” was stopped: %(reason)s"),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_step_reminder",
            _("A project still waits for my decision"),
            _("Reminder: the project “%(project)s” has been waiting for your decision for %(days)s days."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_waiting_reminder",
            _("My project still waits for someone"),
            _(
                "Your project “%(project)s” has been waiting %(days)s days for a decision: "
                "its page shows who is awaited."
            ),
            Delivery.DAILY,
        ),
        NotificationKind(
            "project_opened",
            _("My project is approved and its TwinSpace is ready"),
            _("The project “%(project)s” is approved: its TwinSpace is ready."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_partner_joined",
            _("A partner joins a project of mine"),
            _("%(actor)s joined the project “%(project)s”."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "project_partner_removed",
            _("I am removed from a project"),
            _("%(actor)s removed you from the project “%(project)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "project_partner_left",
            _("A partner leaves a project of mine"),
            _("%(actor)s left the project “%(project)s”."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "project_closed",
            _("A project of mine is ended"),
            _("%(actor)s marked the project “%(project)s” as ended."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "group_request_approved",
            _("My group request is approved"),
            _("The central support service approved your group “%(group)s”: it is open now."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "group_request_rejected",
            _("My group request is not approved"),
            _("Your group request “%(group)s” was not approved: %(reason)s"),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "group_request_waiting",
            _("A group request waits for my decision"),
            _("%(actor)s asks for a new group, “%(group)s”."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "group_invitation",
            _("Someone invites me into a group"),
            _("%(actor)s invites you to join the group “%(group)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "group_moderator",
            _("I am made a moderator of a group"),
            _("%(actor)s made you a moderator of the group “%(group)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "thread_reply",
            _("A new post in a thread I follow"),
            _("%(actor)s wrote in “%(thread)s”."),
            Delivery.DAILY,
        ),
        NotificationKind(
            "mention",
            _("Someone mentions me in a group"),
            _("%(actor)s mentioned you in “%(thread)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "idea_reply",
            _("Someone answers my project idea"),
            _("%(actor)s answered your project idea “%(idea)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "post_reported",
            _("A post is reported where I moderate"),
            _("A post in “%(thread)s” was reported: %(reason)s"),
            Delivery.DAILY,
        ),
        NotificationKind(
            "event_invitation",
            _("Someone invites me to a private event"),
            _("%(actor)s invites you to the event “%(event)s”."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "event_place_offered",
            _("A place frees up at an event I wait for"),
            _("A place is free at “%(event)s”: take it before it goes to the next teacher in line."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "event_cancelled",
            _("An event I registered for is cancelled"),
            _("The event “%(event)s” is cancelled: %(reason)s"),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "event_changed",
            _("An event I registered for changes its time"),
            _("The event “%(event)s” has a new time: see its page."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "event_invitation_withdrawn",
            _("An invitation to a private event is withdrawn"),
            _("Your invitation to the event “%(event)s” was withdrawn."),
            Delivery.IMMEDIATELY,
        ),
        NotificationKind(
            "course_completed",
            _("I complete a learning event"),
            _("You completed the learning event “%(course)s”: your certificate is ready."),
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
