"""Changes to accounts."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """A user's preferred language drives the interface and every email they receive."""
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("This language is not available."), field="preferred_language")
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def user_update_settings(
    *, user: User, first_name: str, last_name: str, preferred_language: str, time_zone: str
) -> User:
    """Names, language and time zone; names may not be blank."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.preferred_language = preferred_language
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "preferred_language", "time_zone"])
    return user
