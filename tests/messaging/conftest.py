import pytest

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from twinning.accounts.models import User
from twinning.messaging.services import conversation_start


def teacher(*, messages_from: str = "members", visibility: str = "members", **kwargs):
    """A teacher whose profile says who may message them and who sees it."""
    user = UserFactory(**kwargs)
    profile_of(user, messages_from=messages_from, visibility=visibility)
    return User.objects.get(pk=user.pk)  # fresh, so `user.profile` is the saved one


def start(actor, *recipients, body: str = "Hello, shall we work together?", subject: str = ""):
    return conversation_start(actor=actor, recipients=list(recipients), subject=subject, body=body)


@pytest.fixture
def many_per_hour(settings):
    """Lifts the hourly limit for tests that start many conversations."""
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1000
