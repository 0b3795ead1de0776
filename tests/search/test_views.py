"""The search pages: sign-in, results, form errors, the school page, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.schools.factories import SchoolFactory
from tests.search.conftest import make_person
from twinning.profiles.models import Audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, viewer):
    client.force_login(viewer)
    return client


@pytest.mark.parametrize("name", ["search:people", "search:schools"])
def test_search_pages_need_a_signed_in_member(client, name):
    response = client.get(reverse(name), {"q": "ana"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_school_page_needs_a_signed_in_member(client):
    school = SchoolFactory()
    response = client.get(reverse("search:school", args=[school.pk]))
    assert response.status_code == 302


def test_people_page_starts_with_a_hint_and_the_top_bar_marks_people(signed_in):
    response = signed_in.get(reverse("search:people"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Type a name or a school" in html
    assert f'href="{reverse("search:people")}" aria-current="page">People</a>' in html


def test_people_page_lists_matches_with_school_country_and_subjects(signed_in):
    school = SchoolFactory(name="Colegio Sol", city="Cádiz", country="ES")
    lucia = make_person("Lucía", "García", school=school, subjects=["maths"])
    response = signed_in.get(reverse("search:people"), {"q": "garc"})
    html = response.content.decode()
    assert reverse("profiles:detail", args=[lucia.pk]) in html
    assert "Lucía García" in html
    assert "Colegio Sol, Cádiz" in html
    assert "Spain" in html
    assert "Mathematics" in html


def test_the_advanced_search_by_its_labels(signed_in):
    maria = make_person("María", "Ortega", subjects=["maths"], languages=["en"])
    make_person("Pablo", "Ruiz", subjects=["art"], languages=["en"])
    response = signed_in.get(
        reverse("search:people"), {"country": "ES", "subject": "maths", "language": "en", "partners": "on"}
    )
    html = response.content.decode()
    assert "María Ortega" in html
    assert "Pablo Ruiz" not in html
    for label in (
        "Country",
        "Region",
        "Subject",
        "Language",
        "Pupils&#x27; age",
        "Type of school",
        "Looking for project partners",
        "Available for eTwinning Plus",
        "Keywords",
    ):
        assert label in html
    assert maria.pk


def test_nobody_matches_shows_the_empty_state(signed_in):
    response = signed_in.get(reverse("search:people"), {"q": "nobodyatall"})
    assert "Nobody matches this search" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "Select a valid choice"),
        ({"subject": "alchemy"}, "Select a valid choice"),
        ({"country": "FR", "region": "ES-AN"}, "This region is not in the chosen country."),
        ({"q": "a" * 101}, "at most 100 characters"),
        ({"q": "ana\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_filter_values_are_refused_with_a_form_error(signed_in, params, message):
    make_person("Ana", "Pérez")
    response = signed_in.get(reverse("search:people"), params)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html.replace("&#x27;", "'")
    assert "Please correct the search form" in html
    assert "Ana Pérez" not in html


def test_a_silly_page_number_shows_the_first_page(signed_in):
    make_person("Ana", "Pérez")
    for page in ("abc", "-3", "0"):
        assert "Ana Pérez" in signed_in.get(reverse("search:people"), {"q": "ana", "page": page}).content.decode()


def _count(client, url, params) -> int:
    client.get(url, params)  # the first request of a session also saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_people_results_cost_the_same_queries_for_one_or_twenty(signed_in):
    """(Words matching fewer than five people add the typo look-up: here filters choose the people.)"""
    make_person("One", "Lonelyperson", subjects=["music"])
    url = reverse("search:people")
    one = _count(signed_in, url, {"subject": "music"})
    for i in range(20):
        school = SchoolFactory(name=f"Crowd school {i}")
        make_person(f"Many{i}", "Crowdperson", school=school, subjects=["maths", "art"])
    twenty = _count(signed_in, url, {"subject": "maths"})
    assert one == twenty
    assert _count(signed_in, url, {"q": "crowdperson"}) == twenty


def test_school_search_links_to_the_school_page_with_constant_queries(signed_in):
    url = reverse("search:schools")
    SchoolFactory(name="Lonely School")
    one = _count(signed_in, url, {"q": "lonely"})
    schools = [SchoolFactory(name=f"Crowded School {i}") for i in range(20)]
    twenty = _count(signed_in, url, {"q": "crowded"})
    assert one == twenty
    html = signed_in.get(url, {"q": "crowded"}).content.decode()
    assert reverse("search:school", args=[schools[0].pk]) in html


def test_school_search_refuses_an_unknown_country(signed_in):
    response = signed_in.get(reverse("search:schools"), {"country": "XX"})
    assert "Select a valid choice" in response.content.decode()


def test_the_school_page_lists_the_current_teachers_the_viewer_may_see(signed_in, viewer):
    school = SchoolFactory(name="Colegio Visible")
    shown = make_person("Shown", "Teacher", school=school)
    hidden = make_person("Hidden", "Teacher", school=school, visibility=Audience.CONTACTS)
    elsewhere = make_person("Else", "Where")
    response = signed_in.get(reverse("search:school", args=[school.pk]))
    html = response.content.decode()
    assert "Colegio Visible" in html
    assert reverse("profiles:detail", args=[shown.pk]) in html
    assert reverse("profiles:detail", args=[hidden.pk]) not in html
    assert reverse("profiles:detail", args=[elsewhere.pk]) not in html


def test_the_school_page_costs_the_same_queries_for_one_or_twenty_teachers(signed_in):
    small, big = SchoolFactory(), SchoolFactory()
    make_person("Only", "One", school=small)
    for i in range(20):
        make_person(f"T{i}", "Many", school=big)
    one = _count(signed_in, reverse("search:school", args=[small.pk]), {})
    twenty = _count(signed_in, reverse("search:school", args=[big.pk]), {})
    assert one == twenty


def test_an_unknown_school_is_a_404(signed_in):
    assert signed_in.get(reverse("search:school", args=[999999])).status_code == 404
