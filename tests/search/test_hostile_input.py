"""What people type is only ever words to look for, on both backends: full-text query syntax,
SQL, odd Unicode and very long input are searched for or refused by the form, never an error."""

import pytest
from django.urls import reverse

from tests.schools.factories import SchoolFactory
from tests.search.conftest import found, make_person, schools_found
from twinning.accounts.models import User

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    "'",
    "''",
    "\\",
    "\\'",
    "ana*",
    "*",
    "^ana",
    "ana:*",
    "ana:*A",
    "NEAR(ana pérez)",
    "NEAR(ana pérez, 2)",
    "ana OR x",
    "ana AND NOT x",
    "NOT",
    "ana & !x",
    "ana | x",
    "ana <-> x",
    "ana <2> x",
    "-ana",
    "+ana",
    "(ana",
    "ana)",
    "((((",
    "{names}: ana",
    "names:ana",
    "name:ana",
    "keywords : x",
    "tokens:0vcontacts",
    "0vcontacts",
    "'; DROP TABLE accounts_user; --",
    '"; DROP TABLE accounts_user; --',
    "%",
    "%s",
    "%(x)s",
    "ʼ",
    "ʻ",
    "ˈ",
    "ʹ",
    "ʽ",
    "anaʼ x",
    "ʼn",
    "\x01ana\x01",
    "\u200b",
    "🙂",
    "ana" * 33,
    " ".join(["ana"] * 30),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_query_syntax_and_sql_in_any_field_are_only_words(viewer, text):
    ana = make_person("Ana", "Pérez", about="robots")
    school = SchoolFactory(name="Colegio Ana", city="Anadia")
    # The name box, the keywords and the town: no error, whatever comes back.
    found(viewer, text)
    found(viewer, keywords=text)
    found(viewer, text, keywords=text, countries=("ES",))
    schools_found(text)
    schools_found(text, city=text)
    # Nothing was dropped or changed, and the search still works.
    assert User.objects.filter(pk=ana.pk).exists()
    assert found(viewer, "ana") == [ana.pk]
    assert schools_found("colegio ana") == [school.pk]


def test_operators_typed_as_words_must_match_as_words(viewer):
    make_person("Ana", "Pérez")
    assert found(viewer, "ana OR perez") == []  # "or" is a word to find, not an operator
    assert found(viewer, "NOT ana") == []
    assert found(viewer, "names:ana") == []  # "names" is a word, not a column
    assert found(viewer, "NEAR(ana pérez)") == []


def test_names_with_a_modifier_letter_apostrophe_are_found_by_it(viewer):
    """Ukrainian spells "Мар'яна" with U+02BC, Hawaiian "Hawaiʻi" with U+02BB; PostgreSQL's
    unaccent turns both into an apostrophe, which used to end the word in the query."""
    maryana = make_person("Марʼяна", "Шевчук")
    school = SchoolFactory(name="Kula Kaiapuni o Hawaiʻi", city="Hilo")
    assert found(viewer, "Марʼяна") == [maryana.pk]
    assert found(viewer, "марʼяна шевчук") == [maryana.pk]
    assert found(viewer, "шевч") == [maryana.pk]
    assert schools_found("hawaiʻi") == [school.pk]


@pytest.mark.parametrize("field", ["q", "keywords"])
@pytest.mark.parametrize("text", ["ana OR x", "\"'; DROP TABLE accounts_user; --", "ʼ", "NEAR(a b)", "*"])
def test_the_people_page_answers_hostile_input(client, viewer, field, text):
    client.force_login(viewer)
    response = client.get(reverse("search:people"), {field: text})
    assert response.status_code == 200
    assert "Please correct the search form" not in response.content.decode()


@pytest.mark.parametrize("field", ["q", "city"])
@pytest.mark.parametrize("text", ["ana OR x", "\"'; DROP TABLE accounts_user; --", "ʻ", "{name}: x", "*"])
def test_the_school_page_answers_hostile_input(client, viewer, field, text):
    client.force_login(viewer)
    response = client.get(reverse("search:schools"), {field: text})
    assert response.status_code == 200
    assert "Please correct the search form" not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("search:people", {"keywords": "robots\x00"}, "Null characters are not allowed."),
        ("search:people", {"keywords": "a" * 101}, "at most 100 characters"),
        ("search:people", {"country": "ES\x00"}, "Select a valid choice"),
        ("search:schools", {"q": "colegio\x00"}, "Null characters are not allowed."),
        ("search:schools", {"city": "sevilla\x00"}, "Null characters are not allowed."),
        ("search:schools", {"q": "a" * 101}, "at most 100 characters"),
        ("search:schools", {"city": "a" * 121}, "at most 120 characters"),
    ],
)
def test_nul_bytes_and_very_long_input_are_form_errors(client, viewer, name, params, message):
    client.force_login(viewer)
    response = client.get(reverse(name), params)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert message in html
    assert "Please correct the search form" in html


@pytest.mark.parametrize("page", ["\x00", "1e9", "99999999999999999999999", "-1", "", "２"])
def test_any_page_number_answers(client, viewer, page):
    make_person("Ana", "Pérez")
    client.force_login(viewer)
    assert client.get(reverse("search:people"), {"q": "ana", "page": page}).status_code == 200
    assert client.get(reverse("search:schools"), {"q": "ana", "page": page}).status_code == 200


def test_a_school_id_beyond_any_integer_is_a_404(client, viewer):
    client.force_login(viewer)
    assert client.get(f"/search/schools/{'9' * 30}/").status_code == 404
