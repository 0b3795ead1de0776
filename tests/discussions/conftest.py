from pathlib import Path

import pytest

from tests.discussions import owner
from tests.engine_owner import FakeOwner
from twinning.discussions.models import Forum, Post, Thread
from twinning.discussions.services import forum_create, post_reply, thread_start

OWNER = FakeOwner(
    templates=Path(__file__).parent / "templates", rules=owner.RULES, records=(owner.POSTED, owner.PLACE_OPTIONS)
)
_owner_rules = OWNER.fixture()
grant = OWNER.grant


@pytest.fixture
def forum(db) -> Forum:
    return forum_create(purpose="test_board")


@pytest.fixture
def writer(db):
    return OWNER.person("Wanda", "Writer", owner.WRITER)


@pytest.fixture
def other_writer(db):
    return OWNER.person("Oscar", "Other", owner.WRITER)


@pytest.fixture
def replier(db):
    return OWNER.person("Rita", "Replier", owner.REPLIER)


@pytest.fixture
def reader(db):
    return OWNER.person("Remy", "Reader", owner.READER)


@pytest.fixture
def moderator(db):
    return OWNER.person("Mona", "Moderator", owner.MODERATOR)


@pytest.fixture
def outsider(db):
    return OWNER.person("Otto", "Outsider")


def start(forum: Forum, author, title: str = "Our water project", body: str = "Shall we measure rainfall?") -> Thread:
    return thread_start(actor=author, forum=forum, access=owner.WRITER, title=title, body=body)


def reply(thread: Thread, author, body: str = "Yes, every Monday.", parent: Post | None = None) -> Post:
    return post_reply(actor=author, thread=thread, access=owner.WRITER, body=body, parent=parent)


def first_post(thread: Thread) -> Post:
    return Post.objects.filter(thread=thread).order_by("created_at", "pk").first()
