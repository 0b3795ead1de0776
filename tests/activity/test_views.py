"""The pages: the Home feed and its post form, deleting with confirmation, the profile's posts slot and page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.activity.factories import post_by
from tests.profiles.factories import image_bytes, profile_of, upload
from twinning.activity.models import ActivityItem, FeedEntry, Post
from twinning.network.services import contact_create, follow_create
from twinning.profiles.models import Audience
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db


# Home


def test_home_shows_the_post_form_and_an_empty_feed_that_suggests_following(client, teacher_es):
    client.force_login(teacher_es)

    response = client.get(reverse("home"))

    assert response.templates[0].name == "activity/home.html"
    html = response.content.decode()
    assert "Post to your profile" in html
    assert f'action="{reverse("activity:post_create")}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Follow teachers whose work interests you" in html
    assert f'href="{reverse("search:people")}"' in html
    assert 'class="feed"' not in html


def test_home_shows_posts_and_news_of_the_people_followed(client, committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_es, followed=teacher_fr)
    post_by(teacher_fr, "Line one\nLine two", committed=committed, image=upload(image_bytes()))
    ana = UserFactory(first_name="Ana", last_name="Pérez")
    with committed():
        contact_create(first=teacher_fr, second=ana)
    client.force_login(teacher_es)

    html = client.get(reverse("home")).content.decode()

    post = Post.objects.get()
    assert "<p>Line one<br>Line two</p>" in html
    assert f'href="{reverse("profiles:detail", args=[teacher_fr.pk])}"' in html
    assert f'href="{post.image.url}"' in html
    assert f'src="{post.thumbnail.url}"' in html
    assert f'<a href="{reverse("profiles:detail", args=[ana.pk])}">Ana Pérez</a>' in html
    assert "are now contacts" in html
    assert "<time" in html
    # Someone else's post: no delete link.
    assert reverse("activity:post_delete", args=[post.pk]) not in html


def test_the_older_posts_link_pages_the_feed(client, committed, teacher_es):
    posts = [post_by(teacher_es, f"Post number {n}.", committed=committed) for n in range(23)]
    client.force_login(teacher_es)

    first = client.get(reverse("home"))
    cursor = first.context["feed"].next_cursor
    assert "Older posts" in first.content.decode()
    second = client.get(reverse("home"), {"before": str(cursor)}).content.decode()

    assert "Post number 22." in first.content.decode()
    assert "Post number 2." in second
    assert "Post number 22." not in second
    assert "Older posts" not in second
    assert len(posts) == 23


def test_a_cursor_past_the_end_says_there_is_nothing_older(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(reverse("home"), {"before": "1,1"}).content.decode()
    assert "Nothing older to show." in html


# Posting


def test_posting_from_home_comes_back_home(client, committed, teacher_es):
    client.force_login(teacher_es)

    with committed():
        response = client.post(
            reverse("activity:post_create"),
            {"body": "Hello Europe", "image": upload(image_bytes()), "next": reverse("home")},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    post = Post.objects.get()
    assert (post.author, post.body, bool(post.image)) == (teacher_es, "Hello Europe", True)
    assert "Hello Europe" in client.get(reverse("home")).content.decode()


def test_posting_never_redirects_to_another_site(client, teacher_es):
    client.force_login(teacher_es)
    response = client.post(reverse("activity:post_create"), {"body": "Hi", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"body": ""}, "body", "Write something before posting."),
        ({"body": "   "}, "body", "Write something before posting."),
        ({"body": "x" * 3001}, "body", "at most 3000 characters"),
        (
            {"body": "Look", "image": ("class.png", b"<!DOCTYPE html><html>Hi</html>", "image/png")},
            "image",
            "not a JPEG, PNG or WebP image",
        ),
    ],
    ids=["empty", "blank", "too long", "html renamed png"],
)
def test_bad_posts_are_shown_with_the_reason_and_nothing_stored(client, settings, teacher_es, data, field, message):
    if "image" in data:
        data = {**data, "image": upload(data["image"][1], data["image"][0], data["image"][2])}
    client.force_login(teacher_es)

    response = client.post(reverse("activity:post_create"), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Post.objects.exists()
    assert not ActivityItem.objects.exists()
    assert not ProgressAction.objects.filter(kind="post_written").exists()
    assert not (settings.MEDIA_ROOT.exists() and any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")))


def test_an_oversized_image_is_refused_by_the_page(client, settings, teacher_es):
    settings.PROFILE_PHOTO_MAX_BYTES = 1000
    client.force_login(teacher_es)

    response = client.post(
        reverse("activity:post_create"), {"body": "Big", "image": upload(image_bytes(size=(400, 400)))}
    )

    assert "too large" in response.context["form"].errors["image"][0]
    assert not Post.objects.exists()


def test_visitors_are_sent_to_log_in(client, committed, teacher_es):
    post = post_by(teacher_es, committed=committed)
    responses = [
        client.post(reverse("activity:post_create"), {"body": "Hi"}),
        client.get(reverse("activity:post_delete", args=[post.pk])),
        client.post(reverse("activity:post_delete", args=[post.pk])),
    ]
    for response in responses:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert Post.objects.count() == 1


# Deleting


def test_the_author_confirms_then_deletes(client, committed, teacher_es, teacher_fr):
    follow_create(actor=teacher_fr, followed=teacher_es)
    post = post_by(teacher_es, "Delete me", committed=committed)
    client.force_login(teacher_es)

    confirm = client.get(reverse("activity:post_delete", args=[post.pk]))
    assert confirm.status_code == 200
    assert "Delete this post?" in confirm.content.decode()
    assert Post.objects.filter(pk=post.pk).exists()  # nothing happens on GET

    with committed():
        response = client.post(reverse("activity:post_delete", args=[post.pk]))

    assert response["Location"] == reverse("profiles:detail", args=[teacher_es.pk])
    assert not Post.objects.exists()
    assert not FeedEntry.objects.exists()


@pytest.mark.parametrize("who", ["another teacher", "a contact", "staff"])
def test_others_get_404_and_nothing_is_deleted(client, committed, teacher_es, teacher_fr, css_officer, who):
    post = post_by(teacher_es, committed=committed)
    other = {"another teacher": teacher_fr, "staff": css_officer}.get(who)
    if other is None:
        other = UserFactory()
        contact_create(first=teacher_es, second=other)
    client.force_login(other)

    assert client.get(reverse("activity:post_delete", args=[post.pk])).status_code == 404
    assert client.post(reverse("activity:post_delete", args=[post.pk])).status_code == 404
    assert client.post(reverse("activity:post_delete", args=[post.pk + 999])).status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


# The profile page's posts


def test_the_owner_sees_the_form_and_delete_links_on_the_profile(client, committed, teacher_es):
    post = post_by(teacher_es, "My first post", committed=committed)
    client.force_login(teacher_es)

    html = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()

    assert "My first post" in html
    assert f'action="{reverse("activity:post_create")}"' in html
    assert f'name="next" value="{reverse("profiles:detail", args=[teacher_es.pk])}"' in html
    assert reverse("activity:post_delete", args=[post.pk]) in html


def test_a_visitor_sees_the_posts_without_form_or_delete_links(client, committed, teacher_es, teacher_fr):
    post = post_by(teacher_es, "Hello visitors", committed=committed)
    client.force_login(teacher_fr)

    html = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()

    assert "Hello visitors" in html
    assert reverse("activity:post_create") not in html
    assert reverse("activity:post_delete", args=[post.pk]) not in html


def test_an_empty_profile_says_so(client, teacher_es, teacher_fr):
    client.force_login(teacher_fr)
    html = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()
    assert "This teacher has not posted anything yet." in html


def test_the_profile_shows_ten_posts_and_a_link_to_the_rest(client, committed, teacher_es, teacher_fr):
    for n in range(12):
        post_by(teacher_es, f"Numbered post {n:02d}", committed=committed)
    client.force_login(teacher_fr)

    html = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()

    assert "Numbered post 11" in html
    assert "Numbered post 02" in html
    assert "Numbered post 01" not in html
    assert reverse("activity:user_posts", args=[teacher_es.pk]) in html


def test_the_posts_page_is_paged(client, committed, teacher_es, teacher_fr):
    for n in range(25):
        post_by(teacher_es, f"Numbered post {n:02d}", committed=committed)
    client.force_login(teacher_fr)
    url = reverse("activity:user_posts", args=[teacher_es.pk])

    first = client.get(url)
    second = client.get(url, {"before": str(first.context["page"].next_cursor)}).content.decode()

    assert "Numbered post 24" in first.content.decode()
    assert "Numbered post 05" in first.content.decode()
    assert "Numbered post 04" not in first.content.decode()
    assert "Numbered post 04" in second
    assert "Numbered post 00" in second
    assert "Numbered post 05" not in second
    assert "Older posts" not in second


def test_the_posts_page_follows_the_profile_rule(client, committed, teacher_es, teacher_fr):
    post_by(teacher_es, "Public words", committed=committed)
    url = reverse("activity:user_posts", args=[teacher_es.pk])

    profile_of(teacher_es, visibility=Audience.EVERYONE)
    assert "Public words" in client.get(url).content.decode()  # anyone, even signed out

    profile_of(teacher_es, visibility=Audience.CONTACTS)
    assert client.get(url).status_code == 404
    client.force_login(teacher_fr)
    assert client.get(url).status_code == 404
    contact_create(first=teacher_es, second=teacher_fr)
    assert "Public words" in client.get(url).content.decode()


def test_the_posts_page_of_nobody_is_404(client, teacher_fr):
    client.force_login(teacher_fr)
    assert client.get(reverse("activity:user_posts", args=[987654])).status_code == 404


def _profile_queries(client, viewer, owner) -> int:
    client.force_login(viewer)
    url = reverse("profiles:detail", args=[owner.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_profile_posts_cost_the_same_with_1_or_10_posts(client, committed, teacher_es, teacher_fr):
    one, many = UserFactory(), UserFactory()
    post_by(one, committed=committed)
    for n in range(12):
        post_by(many, f"Post {n}", committed=committed, image=upload(image_bytes()) if n % 2 else None)

    assert _profile_queries(client, teacher_fr, many) == _profile_queries(client, teacher_fr, one)


def test_the_posts_page_costs_the_same_with_1_or_20_posts(client, committed, teacher_fr):
    one, many = UserFactory(), UserFactory()
    post_by(one, committed=committed)
    for n in range(25):
        post_by(many, f"Post {n}", committed=committed)
    client.force_login(teacher_fr)

    def count(owner) -> int:
        url = reverse("activity:user_posts", args=[owner.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    assert count(many) == count(one)
