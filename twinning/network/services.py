"""Changes to relations between teachers."""

from django.db import transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError
from twinning.network.models import Contact


@transaction.atomic
def contact_create(*, first: User, second: User) -> Contact:
    """Records a mutual contact. A teacher cannot be their own contact; a pair is stored once."""
    if first.pk == second.pk:
        raise DomainError(_("A teacher cannot be their own contact."))
    low, high = sorted((first.pk, second.pk))
    contact, _created = Contact.objects.get_or_create(user_low_id=low, user_high_id=high)
    return contact
