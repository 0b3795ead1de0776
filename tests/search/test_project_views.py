"""The project search page: visitors and members, pupils refused, what a result shows, form errors,
hostile input, and a constant number of queries whatever the number of results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.search.test_hostile_input import HOSTILE
from tests.search.test_project_helpers import add_partner, make_project
from twinning.projects.models import Project

pytestmark = pytest.mark.django_db
URL = reverse("search:projects")


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_a_visitor_searches_public_projects_without_signing_in(client):
    shown = make_project("Water in our towns", summary="Rivers and fountains", country="ES")
    add_partner(shown, UserFactory(), country="FR")
    hidden = make_project("Water secrets", is_public=False)
    response = client.get(URL, {"q": "water"})
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("projects:detail", args=[shown.pk]) in html
    assert "Water in our towns" in html
    assert "Rivers and fountains" in html
    assert "Spain" in html
    assert "France" in html
    assert "Open" in html
    assert reverse("projects:detail", args=[hidden.pk]) not in html
    assert "Log in to find your own projects too" in html


def test_with_nothing_typed_the_newest_projects_are_listed(client):
    older, newer = make_project("Older"), make_project("Newer")
    html = client.get(URL).content.decode()
    assert html.index(newer.title) < html.index(older.title)


def test_a_member_finds_their_own_draft_and_can_filter_by_it(client, member):
    draft = make_project("Draft of mine", founder=member, status=Project.Status.DRAFT, is_public=False)
    make_project("Someone's draft", status=Project.Status.DRAFT, is_public=False)
    html = client.get(URL, {"status": "draft"}).content.decode()
    assert reverse("projects:detail", args=[draft.pk]) in html
    assert "Someone&#x27;s draft" not in html
    assert "Someone's draft" not in html


def test_visitors_are_offered_open_and_closed_only(client):
    html = client.get(URL).content.decode()
    assert 'value="open"' in html
    assert 'value="closed"' in html
    assert 'value="draft"' not in html
    response = client.get(URL, {"status": "draft"})
    assert "Please correct the search form" in response.content.decode()


def test_pupils_get_a_404(client):
    client.force_login(UserFactory(is_pupil=True))
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"q": "water"}).status_code == 404


def test_the_page_answers_get_only(client, member):
    assert client.post(URL, {"q": "water"}).status_code == 405


def test_the_filters_by_their_labels(client):
    art = make_project("Paint", subjects=("art",), age_bands=("4-6",), languages=("fr",), country="FR")
    maths = make_project("Numbers", subjects=("maths",), age_bands=("4-6",), languages=("fr",), country="FR")
    params = {"subject": "art", "age": "4-6", "language": "fr", "country": "FR", "status": "open"}
    html = client.get(URL, params).content.decode()
    assert reverse("projects:detail", args=[art.pk]) in html
    assert reverse("projects:detail", args=[maths.pk]) not in html


def test_a_thumbnail_shows_when_the_project_has_one(client):
    project = make_project("Pictures")
    Project.objects.filter(pk=project.pk).update(thumbnail="projects/thumb.jpg")
    html = client.get(URL).content.decode()
    assert "projects/thumb.jpg" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "water\x00"}, "Null characters are not allowed."),
        ({"q": "a" * 101}, "at most 100 characters"),
        ({"subject": "astrology"}, "Select a valid choice"),
        ({"age": "99"}, "Select a valid choice"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"country": "ES\x00"}, "Select a valid choice"),
        ({"status": "stopped"}, "Select a valid choice"),  # a visitor: not among their choices
    ],
)
def test_bad_values_are_form_errors_never_a_search(client, params, message):
    make_project("Water")
    response = client.get(URL, params)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in html
    assert "Please correct the search form" in html
    assert "Water" not in html.split('id="results-title"')[1]


@pytest.mark.parametrize("text", HOSTILE)
def test_query_syntax_and_sql_are_only_words(client, member, text):
    project = make_project("Ana water")
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert Project.objects.filter(pk=project.pk).exists()
    assert reverse("projects:detail", args=[project.pk]) in client.get(URL, {"q": "ana"}).content.decode()


@pytest.mark.parametrize("page", ["\x00", "1e9", "99999999999999999999999", "-1", "", "２"])
def test_any_page_number_answers(client, page):
    make_project("Water")
    assert client.get(URL, {"q": "water", "page": page}).status_code == 200


def test_pages_keep_the_search(client):
    for n in range(21):
        make_project(f"Water {n}")
    html = client.get(URL, {"q": "water", "subject": "environment"}).content.decode()
    assert "?q=water&amp;subject=environment&amp;page=2" in html


@pytest.mark.parametrize("signed_in", [True, False])
def test_queries_do_not_grow_with_the_results(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    # (Filters only: with words, fewer than five matches add the look-up of close words.)
    params = {"subject": "environment", "language": "en"}
    make_project("Water 0")
    client.get(URL, params)  # warm up (session, site, translations)
    with CaptureQueriesContext(connection) as one:
        response = client.get(URL, params)
    assert response.content.decode().count('class="card search-project"') == 1
    for n in range(1, 30):
        project = make_project(f"Water {n}")
        add_partner(project, UserFactory(), country="IT")
        Project.objects.filter(pk=project.pk).update(thumbnail=f"projects/{n}.jpg")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert response.content.decode().count('class="card search-project"') == 20
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_the_project_search_is_marked_as_the_projects_section(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(reverse("search:projects")).content.decode()
    assert f'<a href="{reverse("projects:index")}" aria-current="page">' in html
    assert f'<a href="{reverse("search:people")}" aria-current="page">' not in html
