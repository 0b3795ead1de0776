"""The project-idea search page: teachers only (visitors log in, pupils 404), what a result shows,
the filters by their names, form errors, hostile input, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.search.test_hostile_input import HOSTILE
from tests.search.test_idea_helpers import make_category, make_idea
from twinning.forums.models import Idea

pytestmark = pytest.mark.django_db
URL = reverse("search:ideas")


@pytest.fixture
def member(client):
    user = UserFactory(is_validated=True)
    client.force_login(user)
    return user


def results(response) -> str:
    return response.content.decode().split('id="results-title"')[1]


def test_visitors_are_sent_to_log_in_and_pupils_get_a_404(client):
    response = client.get(URL, {"q": "water"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(UserFactory(is_pupil=True))
    assert client.get(URL).status_code == 404


def test_the_page_answers_get_only(client, member):
    assert client.post(URL, {"q": "water"}).status_code == 405


def test_a_result_shows_the_idea(client, member):
    author = UserFactory(first_name="Marta", last_name="Ruiz", is_validated=True)
    category = make_category("Secondary school")
    idea = make_idea(
        "Water in our towns",
        author=author,
        category=category,
        description="Rivers and fountains",
        age_bands=("13-15",),
        subjects=("maths",),
        languages=("fr",),
        countries_wanted=("IT",),
    )
    html = results(client.get(URL, {"q": "water"}))
    assert reverse("forums:idea", args=[idea.pk]) in html
    for text in ("Water in our towns", "Secondary school", "Marta Ruiz", "Rivers and fountains", "Italy", "French"):
        assert text in html
    assert "Looking for partners" in html


def test_with_nothing_typed_the_newest_open_ideas_are_listed(client, member):
    older, newer = make_idea("Older"), make_idea("Newer")
    closed = make_idea("Finished", status=Idea.Status.CLOSED)
    html = results(client.get(URL))
    assert html.index(newer.title) < html.index(older.title)
    assert closed.title not in html
    assert closed.title in results(client.get(URL, {"closed": "on"}))


def test_the_filters_by_their_names(client, member):
    category = make_category("Plus", slug="plus-test")
    art = make_idea("Paint", category=category, subjects=("art",), age_bands=("4-6",), languages=("fr",))
    maths = make_idea("Numbers", category=category, subjects=("maths",), age_bands=("4-6",), languages=("fr",))
    elsewhere = make_idea("Paint elsewhere", subjects=("art",), age_bands=("4-6",), languages=("fr",))
    params = {"category": "plus-test", "subject": "art", "age": "4-6", "language": "fr", "country": "FR"}
    html = results(client.get(URL, params))
    assert reverse("forums:idea", args=[art.pk]) in html
    assert reverse("forums:idea", args=[maths.pk]) not in html
    assert reverse("forums:idea", args=[elsewhere.pk]) not in html


def test_the_author_sees_their_held_idea_marked_and_others_do_not_see_it(client):
    author = UserFactory(is_validated=False)
    idea = make_idea("Held water", author=author)
    client.force_login(author)
    html = results(client.get(URL, {"q": "water"}))
    assert reverse("forums:idea", args=[idea.pk]) in html
    assert "Held until your validation" in html
    client.force_login(UserFactory(is_validated=True))
    assert reverse("forums:idea", args=[idea.pk]) not in results(client.get(URL, {"q": "water"}))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "water\x00"}, "Null characters are not allowed."),
        ({"q": "a" * 101}, "at most 100 characters"),
        ({"category": "no-such-forum"}, "Select a valid choice"),
        ({"subject": "astrology"}, "Select a valid choice"),
        ({"age": "99"}, "Select a valid choice"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"country": "ES\x00"}, "Select a valid choice"),
    ],
)
def test_bad_values_are_form_errors_never_a_search(client, member, params, message):
    make_idea("Water")
    response = client.get(URL, params)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in html
    assert "Please correct the search form" in html
    assert "Water" not in results(response)


@pytest.mark.parametrize("text", HOSTILE)
def test_query_syntax_and_sql_are_only_words(client, member, text):
    idea = make_idea("Ana water", keywords=text[:300])
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert Idea.objects.filter(pk=idea.pk).exists()
    assert reverse("forums:idea", args=[idea.pk]) in client.get(URL, {"q": "ana"}).content.decode()


@pytest.mark.parametrize("page", ["\x00", "1e9", "99999999999999999999999", "-1", "", "２"])
def test_any_page_number_answers(client, member, page):
    make_idea("Water")
    assert client.get(URL, {"q": "water", "page": page}).status_code == 200


def test_pages_keep_the_search(client, member):
    category = make_category()
    for n in range(21):
        make_idea(f"Water {n}", category=category)
    html = client.get(URL, {"q": "water", "subject": "environment"}).content.decode()
    assert "?q=water&amp;subject=environment&amp;page=2" in html


def test_queries_do_not_grow_with_the_results(client, member):
    # (Filters only: with words, fewer than five matches add the look-up of close words.)
    params = {"subject": "environment", "language": "en"}
    make_idea("Water 0")
    client.get(URL, params)  # warm up (session, site, translations)
    with CaptureQueriesContext(connection) as one:
        response = client.get(URL, params)
    assert response.content.decode().count('class="card search-idea"') == 1
    for n in range(1, 30):
        make_idea(f"Water {n}", author=UserFactory(is_validated=True), category=make_category())
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert response.content.decode().count('class="card search-idea"') == 20
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_the_idea_search_is_marked_as_the_partner_finding_section(client, member):
    html = client.get(URL).content.decode()
    assert f'<a href="{reverse("forums:index")}" aria-current="page">' in html
    assert f'<a href="{reverse("search:people")}" aria-current="page">' not in html
    assert reverse("forums:index") in html
