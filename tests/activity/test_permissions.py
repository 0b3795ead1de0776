"""Who sees and deletes posts: each yes/no check agrees with its queryset filter, both ways."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from tests.activity.factories import post_by
from tests.profiles.factories import profile_of
from twinning.activity.models import Post
from twinning.activity.permissions import can_delete_post, can_view_post, deletable_posts, visible_posts
from twinning.network.models import Block
from twinning.network.services import contact_create
from twinning.profiles.models import Audience

pytestmark = pytest.mark.django_db

VIEWERS = ["author", "anonymous", "member", "contact", "blocked by the author", "who blocked the author", "staff"]
# (profile visibility of the author, viewer) -> may see the post
SEES = {
    Audience.EVERYONE: {
        "author": True,
        "anonymous": True,
        "member": True,
        "contact": True,
        "blocked by the author": False,
        "who blocked the author": False,
        "staff": True,
    },
    Audience.MEMBERS: {
        "author": True,
        "anonymous": False,
        "member": True,
        "contact": True,
        "blocked by the author": False,
        "who blocked the author": False,
        "staff": True,
    },
    Audience.CONTACTS: {
        "author": True,
        "anonymous": False,
        "member": False,
        "contact": True,
        "blocked by the author": False,
        "who blocked the author": False,
        "staff": True,
    },
}


def _viewer(name: str, author, css_officer):
    if name == "author":
        return author
    if name == "anonymous":
        return AnonymousUser()
    if name == "staff":
        return css_officer
    viewer = UserFactory()
    if name == "contact":
        contact_create(first=author, second=viewer)
    if name == "blocked by the author":
        Block.objects.create(blocker=author, blocked=viewer)
    if name == "who blocked the author":
        Block.objects.create(blocker=viewer, blocked=author)
    return viewer


@pytest.mark.parametrize("visibility", list(SEES))
@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_who_sees_a_post(teacher_es, css_officer, visibility, viewer_name):
    profile_of(teacher_es, visibility=visibility)
    post = Post.objects.select_related("author__profile").get(pk=post_by(teacher_es).pk)
    viewer = _viewer(viewer_name, teacher_es, css_officer)
    expected = SEES[visibility][viewer_name]

    assert can_view_post(viewer, post) is expected
    assert visible_posts(viewer).filter(pk=post.pk).exists() is expected


def test_posts_of_an_inactive_author_are_hidden(teacher_es, teacher_fr):
    post = post_by(teacher_es)
    teacher_es.is_active = False
    teacher_es.save(update_fields=["is_active"])
    post.refresh_from_db()

    assert can_view_post(teacher_fr, post) is False
    assert not visible_posts(teacher_fr).filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("actor_name", "expected"), [("author", True), ("other", False), ("staff", False), ("anonymous", False)]
)
def test_only_the_author_may_delete(teacher_es, teacher_fr, css_officer, actor_name, expected):
    post = post_by(teacher_es)
    actor = {"author": teacher_es, "other": teacher_fr, "staff": css_officer, "anonymous": AnonymousUser()}[actor_name]

    assert can_delete_post(actor, post) is expected
    assert deletable_posts(actor).filter(pk=post.pk).exists() is expected
