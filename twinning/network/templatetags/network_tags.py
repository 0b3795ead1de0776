"""Template tags that put network data into other apps' pages (the profile page's relation slot)."""

from django import template

from twinning.accounts.models import User
from twinning.network.selectors import Relation, invitations_received_count, relation_between

register = template.Library()


@register.simple_tag
def network_relation(viewer: User, owner: User) -> Relation:
    """How `viewer` stands towards `owner` (contact, invitation either way, block), in at most three queries."""
    return relation_between(viewer=viewer, owner=owner)


@register.simple_tag
def network_invitations_waiting(user: User) -> int:
    """How many contact invitations wait for `user`'s answer (one count on a partial index)."""
    if not user.is_authenticated:
        return 0
    return invitations_received_count(user=user)
