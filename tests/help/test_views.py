import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.twinspace.factories import make_twinspace
from twinning.help.articles import ARTICLES

pytestmark = pytest.mark.django_db


def test_index_lists_every_article_and_the_progress_page(client):
    response = client.get(reverse("help:index"))

    assert response.status_code == 200
    html = response.content.decode()
    for article in ARTICLES.values():
        assert reverse("help:article", args=[article.slug]) in html
        assert str(article.title) in html
    assert reverse("progress:help") in html


@pytest.mark.parametrize("slug", list(ARTICLES))
def test_each_article_renders_for_visitors_and_members(client, slug):
    anonymous = client.get(reverse("help:article", args=[slug]))
    client.force_login(UserFactory())
    member = client.get(reverse("help:article", args=[slug]))

    for response in (anonymous, member):
        assert response.status_code == 200
        assert f"<h1>{ARTICLES[slug].title}</h1>" in response.content.decode()


def test_expected_topics_exist():
    assert {"getting-started", "validation", "profile-and-privacy", "progress"} <= set(ARTICLES)


def test_unknown_article_is_404(client):
    assert client.get(reverse("help:article", args=["no-such-thing"])).status_code == 404


def test_privacy_article_links_members_to_their_settings(client):
    url = reverse("help:article", args=["profile-and-privacy"])
    assert reverse("profiles:privacy") not in client.get(url).content.decode()

    client.force_login(UserFactory())
    assert reverse("profiles:privacy") in client.get(url).content.decode()


def test_help_is_open_to_search_engines(client):
    html = client.get(reverse("help:index")).content.decode()

    assert 'name="robots" content="noindex"' not in html


def test_project_twinspace_and_pupil_articles_exist():
    assert {"projects", "twinspace", "pupil-accounts"} <= set(ARTICLES)


def test_teachers_find_the_help_from_the_projects_tab_the_twinspace_and_the_pupils_page(client):
    cast = make_twinspace()
    client.force_login(cast.teacher_admin)
    pages = {
        "projects": reverse("projects:index"),
        "twinspace": reverse("twinspace:home", args=[cast.twinspace.pk]),
        "pupil-accounts": reverse("twinspace:pupils", args=[cast.twinspace.pk]),
    }
    for slug, url in pages.items():
        assert reverse("help:article", args=[slug]) in client.get(url).content.decode(), url
    # Pupils cannot open the help pages, so their TwinSpace shows no link to them.
    client.force_login(cast.pupil)
    html = client.get(reverse("twinspace:home", args=[cast.twinspace.pk])).content.decode()
    assert reverse("help:article", args=["twinspace"]) not in html
