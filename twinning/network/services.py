"""Changes to relations between teachers."""

from django.db import transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.network.models import Contact, Follow
from twinning.progress.services import progress_record


@transaction.atomic
def contact_create(*, first: User, second: User) -> Contact:
    """Records a mutual contact. A teacher cannot be their own contact; a pair is stored once."""
    if first.pk == second.pk:
        raise DomainError(_("A teacher cannot be their own contact."))
    low, high = sorted((first.pk, second.pk))
    contact, _created = Contact.objects.get_or_create(user_low_id=low, user_high_id=high)
    return contact


@transaction.atomic
def follow_create(*, actor: User, followed: User) -> Follow:
    """`actor` follows `followed` to see their public activity; one-way, no consent asked.

    Nobody follows themselves or an inactive account. Following someone already
    followed returns the existing row. The first follow of each person counts
    once towards the actor's progress. Whether the actor may see the followed
    teacher's profile is checked by the caller (profiles sit above network).
    """
    if actor.pk == followed.pk:
        raise DomainError(_("You cannot follow yourself."))
    if not followed.is_active:
        raise DomainError(_("This teacher cannot be followed."))
    follow = Follow.objects.filter(follower=actor, followed=followed).first()
    if follow is not None:
        return follow
    follow = Follow(follower=actor, followed=followed)
    follow.full_clean()
    follow.save()
    progress_record(user=actor, kind="follow", key=str(followed.pk))
    return follow


@transaction.atomic
def follow_delete(*, actor: User, followed: User) -> None:
    """`actor` stops following `followed`; nothing happens if they did not follow them."""
    Follow.objects.filter(follower=actor, followed=followed).delete()
