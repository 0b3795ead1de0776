"""Messages in other apps' pages: the top bar's unread count and the "Write a message" link on profiles."""

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from twinning.accounts.models import User
from twinning.messaging.permissions import message_refusal
from twinning.messaging.selectors import unread_total

register = template.Library()


@register.simple_tag
def unread_messages_count(viewer: User | AnonymousUser) -> int:
    """The viewer's unread messages over all conversations: one query on a partial index."""
    return unread_total(user=viewer)


@dataclass(frozen=True)
class ProfileAction:
    """What the profile page offers about messages: a link to write, or a kind reason why not."""

    url: str = ""
    reason: str = ""


@register.simple_tag
def message_action(viewer: User | AnonymousUser, owner: User) -> ProfileAction | None:
    """A "Write a message" link when `viewer` may write to `owner`; the reason only for "contacts only".

    Nothing for visitors who are not signed in and for the owner. Other
    refusals (blocks, "nobody") show nothing rather than explain someone's
    choice on their own profile. A fixed, small number of queries.
    """
    if not viewer.is_authenticated or viewer.pk == owner.pk:
        return None
    refusal = message_refusal(viewer, owner)
    if refusal is None:
        return ProfileAction(url=f"{reverse('messaging:new')}?to={owner.pk}")
    if refusal.code == "contacts_only":
        return ProfileAction(reason=refusal.message)
    return None
