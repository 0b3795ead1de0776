"""Reading the Home feed: privacy checked at read time, keyset pages, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.activity.factories import post_by
from tests.profiles.factories import image_bytes, profile_of, upload
from twinning.activity.models import FeedEntry
from twinning.activity.selectors import Cursor, feed_for
from twinning.network.models import Block
from twinning.network.services import contact_create, follow_create, follow_delete
from twinning.profiles.models import Audience

pytestmark = pytest.mark.django_db


def _feed_posts(viewer, **kwargs) -> list[int]:
    return [entry.item.post_id for entry in feed_for(viewer=viewer, **kwargs).items if entry.item.post_id]


def _relate(viewer, actor, relation: str) -> None:
    if relation in ("follower", "follower blocked by the actor", "follower who blocked the actor"):
        follow_create(actor=viewer, followed=actor)
    if relation == "contact":
        contact_create(first=viewer, second=actor)


def _block_without_cleanup(viewer, actor, relation: str) -> None:
    """A block made after the fan-out, its cleanup task not run yet: the read must hide the entry by itself."""
    if relation == "follower blocked by the actor":
        Block.objects.create(blocker=actor, blocked=viewer)
    if relation == "follower who blocked the actor":
        Block.objects.create(blocker=viewer, blocked=actor)


RELATIONS = ["follower", "contact", "follower blocked by the actor", "follower who blocked the actor"]
# (profile visibility of the actor, relation of the viewer) -> the viewer sees the actor's post
EXPECTED = {
    (Audience.EVERYONE, "follower"): True,
    (Audience.EVERYONE, "contact"): True,
    (Audience.MEMBERS, "follower"): True,
    (Audience.MEMBERS, "contact"): True,
    (Audience.CONTACTS, "follower"): False,
    (Audience.CONTACTS, "contact"): True,
}


@pytest.mark.parametrize("visibility", [Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS])
@pytest.mark.parametrize("relation", RELATIONS)
def test_privacy_matrix(committed, teacher_es, teacher_fr, visibility, relation):
    viewer, actor = teacher_es, teacher_fr
    profile_of(actor, visibility=visibility)
    _relate(viewer, actor, relation)
    post = post_by(actor, committed=committed)
    assert FeedEntry.objects.filter(owner=viewer, item=post.item).exists()  # the fan-out did reach the viewer

    _block_without_cleanup(viewer, actor, relation)

    expected = EXPECTED.get((visibility, relation), False)
    assert (post.pk in _feed_posts(viewer)) is expected
    assert post.pk in _feed_posts(actor)  # the author always sees their own post


def test_a_stranger_never_gets_the_post(committed, teacher_es, stranger):
    profile_of(teacher_es, visibility=Audience.EVERYONE)
    post_by(teacher_es, committed=committed)
    assert _feed_posts(stranger) == []


def test_unfollowing_hides_the_posts_even_before_the_cleanup_ran(committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post = post_by(teacher_es, committed=committed)
    assert _feed_posts(teacher_fr) == [post.pk]

    follow_delete(actor=teacher_fr, followed=teacher_es)  # not committed: the cleanup task did not run

    assert FeedEntry.objects.filter(owner=teacher_fr, item=post.item).exists()
    assert _feed_posts(teacher_fr) == []


def test_a_deactivated_author_disappears_from_feeds(committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post_by(teacher_es, committed=committed)
    teacher_es.is_active = False
    teacher_es.save(update_fields=["is_active"])

    assert _feed_posts(teacher_fr) == []


@pytest.mark.parametrize(("visibility", "shown"), [(Audience.MEMBERS, True), (Audience.CONTACTS, False)])
def test_news_of_a_contact_respects_the_other_teachers_profile(committed, teacher_es, teacher_fr, visibility, shown):
    """teacher_es follows teacher_fr, who becomes Ana's contact: Ana's profile decides if teacher_es hears of it."""
    ana = UserFactory(first_name="Ana")
    profile_of(ana, visibility=visibility)
    follow_create(actor=teacher_es, followed=teacher_fr)

    with committed():
        contact_create(first=teacher_fr, second=ana)

    news = [e.item for e in feed_for(viewer=teacher_es).items if e.item.verb == "new_contact"]
    assert bool(news) is shown
    if shown:
        assert {news[0].actor, news[0].other_user} == {teacher_fr, ana}


def test_news_of_a_contact_with_a_blocked_teacher_is_hidden(committed, teacher_es, teacher_fr):
    ana = UserFactory(first_name="Ana")
    follow_create(actor=teacher_es, followed=teacher_fr)
    with committed():
        contact_create(first=teacher_fr, second=ana)
    Block.objects.create(blocker=ana, blocked=teacher_es)  # cleanup not run

    assert [e for e in feed_for(viewer=teacher_es).items if e.item.verb == "new_contact"] == []


# Pages


def test_pages_go_back_in_time_without_gaps_or_repeats(committed, teacher_es):
    posts = [post_by(teacher_es, f"Post {n}", committed=committed) for n in range(25)]

    first = feed_for(viewer=teacher_es)
    second = feed_for(viewer=teacher_es, before=first.next_cursor)

    assert [e.item.post_id for e in first.items] == [p.pk for p in reversed(posts)][:20]
    assert [e.item.post_id for e in second.items] == [p.pk for p in reversed(posts)][20:]
    assert second.next_cursor is None


def test_entries_at_the_same_moment_are_paged_by_id(committed, teacher_es):
    for n in range(10):
        post_by(teacher_es, f"Post {n}", committed=committed)
    FeedEntry.objects.update(created_at=timezone.now())

    seen, cursor = [], None
    while True:
        page = feed_for(viewer=teacher_es, before=cursor, size=3)
        seen += [e.pk for e in page.items]
        if not page.has_next:
            break
        cursor = Cursor.parse(str(page.next_cursor))
    assert sorted(seen, reverse=True) == seen
    assert len(set(seen)) == 10


@pytest.mark.parametrize("raw", ["", "nonsense", "1,2,3", "-5,1", "99999999999999999999,1", "1700000000000000,0"])
def test_a_malformed_cursor_means_the_newest_page(raw):
    assert Cursor.parse(raw) is None


def test_a_cursor_survives_its_text_form():
    cursor = Cursor(timezone.now(), 42)
    assert Cursor.parse(str(cursor)) == cursor


# Queries


def _feed_queries(viewer) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = feed_for(viewer=viewer)
        for entry in page.items:
            item = entry.item
            str(item.actor.full_name)
            if item.post:
                _ = (item.post.body, item.post.thumbnail.name, item.post.author.profile.thumbnail)
            else:
                _ = (item.other_user.full_name, item.other_user.profile.thumbnail)
    return len(queries)


def test_a_feed_page_costs_the_same_with_1_or_30_items(committed, teacher_es, teacher_fr):
    one, many = UserFactory(), UserFactory()
    follow_create(actor=one, followed=teacher_es)
    follow_create(actor=many, followed=teacher_es)
    contact_create(first=many, second=teacher_fr)
    post_by(teacher_es, "only one", committed=committed)
    for n in range(29):
        post_by(teacher_fr if n % 2 else teacher_es, f"Post {n}", committed=committed, image=upload(image_bytes()))
    with committed():
        contact_create(first=teacher_es, second=UserFactory())  # a "now contacts" item too

    assert len(feed_for(viewer=one).items) >= 1
    assert len(feed_for(viewer=many, size=40).items) >= 30
    assert _feed_queries(one) == _feed_queries(many) == 1


def test_a_feed_page_costs_the_same_following_1_or_50_people(committed):
    few, lots = UserFactory(), UserFactory()
    authors = UserFactory.create_batch(50)
    follow_create(actor=few, followed=authors[0])
    for author in authors:
        follow_create(actor=lots, followed=author)
        post_by(author, committed=committed)

    assert len(feed_for(viewer=few).items) == 1
    assert len(feed_for(viewer=lots).items) == 20
    assert _feed_queries(few) == _feed_queries(lots)


def _home_queries(client, user) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_with_1_or_30_feed_items(client, committed, teacher_es, teacher_fr):
    one, many = UserFactory(), UserFactory()
    follow_create(actor=one, followed=teacher_es)
    post_by(teacher_es, committed=committed)
    follow_create(actor=many, followed=teacher_fr)
    for n in range(30):
        post_by(teacher_fr, f"Post {n}", committed=committed, image=upload(image_bytes()) if n % 3 == 0 else None)

    assert _home_queries(client, many) == _home_queries(client, one)
