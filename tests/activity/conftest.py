import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block enqueues on commit (the feed tasks), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def stranger(db):
    """A signed-up teacher with no relation to anybody."""
    return UserFactory(first_name="Sven", last_name="Stranger")
