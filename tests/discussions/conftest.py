from pathlib import Path

import pytest

from tests.accounts.factories import UserFactory
from tests.discussions import owner
from twinning.discussions.models import Forum, Post, Thread
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import forum_create, post_reply, thread_start


@pytest.fixture(autouse=True)
def _owner_rules(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
    ]
    owner.RULES.clear()
    owner.POSTED.clear()
    owner.PLACE_OPTIONS.clear()
    yield
    owner.RULES.clear()
    owner.POSTED.clear()
    owner.PLACE_OPTIONS.clear()


def grant(user, access: ForumAccess):
    owner.RULES[user.pk] = access
    return user


@pytest.fixture
def forum(db) -> Forum:
    return forum_create(purpose="test_board")


@pytest.fixture
def writer(db):
    return grant(UserFactory(first_name="Wanda", last_name="Writer"), owner.WRITER)


@pytest.fixture
def other_writer(db):
    return grant(UserFactory(first_name="Oscar", last_name="Other"), owner.WRITER)


@pytest.fixture
def replier(db):
    return grant(UserFactory(first_name="Rita", last_name="Replier"), owner.REPLIER)


@pytest.fixture
def reader(db):
    return grant(UserFactory(first_name="Remy", last_name="Reader"), owner.READER)


@pytest.fixture
def moderator(db):
    return grant(UserFactory(first_name="Mona", last_name="Moderator"), owner.MODERATOR)


@pytest.fixture
def outsider(db):
    return UserFactory(first_name="Otto", last_name="Outsider")


def start(forum: Forum, author, title: str = "Our water project", body: str = "Shall we measure rainfall?") -> Thread:
    return thread_start(actor=author, forum=forum, access=owner.WRITER, title=title, body=body)


def reply(thread: Thread, author, body: str = "Yes, every Monday.", parent: Post | None = None) -> Post:
    return post_reply(actor=author, thread=thread, access=owner.WRITER, body=body, parent=parent)


def first_post(thread: Thread) -> Post:
    return Post.objects.filter(thread=thread).order_by("created_at", "pk").first()
