"""Recording progress actions."""

from django.db import IntegrityError, transaction

from twinning.accounts.models import User
from twinning.progress.models import ProgressAction
from twinning.progress.rules import is_known_kind


def progress_record(*, user: User, kind: str, key: str = "") -> bool:
    """Records that `user` did an action of `kind`; returns whether it was new.

    The same (kind, key) counts once, so callers may record an action again
    safely (a photo replaced, a task run twice). Caps are applied when the
    progress is read, so the log stays a faithful history.
    """
    if not is_known_kind(kind):
        raise ValueError(f"Unknown progress action kind: {kind!r}")
    try:
        with transaction.atomic():
            ProgressAction.objects.create(user=user, kind=kind, key=key)
    except IntegrityError:
        return False
    return True
