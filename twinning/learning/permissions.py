"""Who takes self-learning modules: signed-in adults (teachers and support staff); pupils never see them."""

from twinning.accounts.models import User


def can_learn(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_pupil)
