"""Reads about relations between teachers."""

from twinning.accounts.models import User
from twinning.network.models import Contact


def are_contacts(a: User, b: User) -> bool:
    if not (a.is_authenticated and b.pk) or a.pk == b.pk:
        return False
    low, high = sorted((a.pk, b.pk))
    return Contact.objects.filter(user_low_id=low, user_high_id=high).exists()
