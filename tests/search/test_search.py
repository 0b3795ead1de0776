"""People and school search through the backend of the database the suite runs on
(SQLite FTS5 by default, PostgreSQL full text + trigrams with DATABASE_URL)."""

import pytest
from django.db import connection

from tests.schools.factories import SchoolFactory
from tests.search.conftest import found, make_person, schools_found
from twinning.core.vocabularies import VOCABULARIES
from twinning.search import documents
from twinning.search.backends import get_backend
from twinning.search.backends.base import PeopleFilters
from twinning.search.selectors import people_search

pytestmark = pytest.mark.django_db


def test_the_backend_follows_the_database():
    assert get_backend().vendor == connection.vendor


# Names: prefixes, accents, typos


def test_a_name_is_found_by_the_beginning_of_each_word(viewer):
    lucia = make_person("Lucía", "García")
    make_person("Camille", "Martin")
    assert found(viewer, "luc") == [lucia.pk]
    assert found(viewer, "gar luc") == [lucia.pk]
    assert found(viewer, "Lucía García") == [lucia.pk]
    assert found(viewer, "lucia martin") == []


def test_accents_do_not_matter_either_way(viewer):
    lucia = make_person("Lucía", "García")
    zoe = make_person("Zoe", "Muller")
    assert found(viewer, "Lucia Garcia") == [lucia.pk]
    assert found(viewer, "LUCÍA") == [lucia.pk]
    assert found(viewer, "Zoé Müller") == [zoe.pk]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Fernandes", "Fernández"),
        ("Garcai", "García"),
        ("Garica", "García"),
        ("Schmit", "Schmidt"),
        ("Novack", "Novak"),
    ],
)
def test_a_typo_in_a_name_is_forgiven_when_few_people_match(viewer, typed, stored):
    person = make_person("Juan", stored)
    make_person("Other", "Person")
    result = people_search(viewer=viewer, query=typed, filters=PeopleFilters())
    assert [p.user.pk for p in result.items] == [person.pk]
    assert result.widened


def test_typos_are_not_widened_when_the_words_match_enough_people(viewer):
    fernandes = [make_person(f"Ana{i}", "Fernandes") for i in range(5)]
    make_person("Juan", "Fernández")
    result = people_search(viewer=viewer, query="fernandes", filters=PeopleFilters())
    assert sorted(p.user.pk for p in result.items) == sorted(u.pk for u in fernandes)
    assert not result.widened


def test_short_words_are_not_stretched_to_other_names(viewer):
    make_person("Eva", "Ros")
    assert found(viewer, "Eve") == []  # three letters: no edit tolerated
    assert found(viewer, "Garcia") == []  # nothing close either


def test_a_single_letter_matches_a_whole_word_only(viewer):
    initial = make_person("J", "Lopez")
    make_person("Juan", "Lopez")
    assert found(viewer, "j lopez") == [initial.pk]


def test_query_syntax_is_never_interpreted(viewer):
    make_person("Ana", "Pérez")
    for text in ['"', "ana*", "NEAR(ana pérez)", "ana OR x", "-ana", "{names}: ana", "ana AND", "'; DROP TABLE x"]:
        found(viewer, text)  # no error
    assert found(viewer, "ana OR x") == []  # every word must match, "OR" and "x" too
    assert documents.query_terms("0ces 0vcontacts ana") == ["ana"]  # nobody types a filter token


def test_a_teacher_is_found_by_the_name_or_town_of_a_current_school(viewer):
    school = SchoolFactory(name="Colegio Río Guadalquivir", city="Sevilla")
    teacher = make_person("Ana", "Pérez", school=school)
    assert found(viewer, "guadal") == [teacher.pk]
    assert found(viewer, "rio sevilla") == [teacher.pk]


# Advanced filters


@pytest.fixture
def crowd(db):
    """Four teachers who differ in every filter."""
    es = SchoolFactory(country="ES", region="ES-AN", school_type="primary")
    fr = SchoolFactory(country="FR", school_type="upper-secondary")
    ua = SchoolFactory(country="UA", school_type="vocational")
    return {
        "maria": make_person(
            "María",
            "Ortega",
            school=es,
            subjects=["maths"],
            languages=["es", "en"],
            age_bands=["7-9"],
            interests=["robotics", "climate change"],
            about="We build robots.",
        ),
        "pierre": make_person(
            "Pierre",
            "Durand",
            school=fr,
            subjects=["history", "cross-curricular"],
            languages=["fr"],
            age_bands=["16-19"],
            interests=["theatre"],
            available_for_projects=False,
        ),
        "olena": make_person(
            "Olena",
            "Koval",
            school=ua,
            subjects=["maths"],
            languages=["uk", "en"],
            age_bands=["16-19"],
            available_for_plus=True,
            interests=["robotics"],
        ),
        "pablo": make_person(
            "Pablo",
            "Ruiz",
            school=es,
            subjects=["art"],
            languages=["es"],
            age_bands=["0-3", "20+"],
            validated=False,
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"countries": ("ES",)}, {"maria", "pablo"}),
        ({"regions": ("ES-AN",)}, {"maria", "pablo"}),
        ({"subjects": ("maths",)}, {"maria", "olena"}),
        ({"subjects": ("cross-curricular",)}, {"pierre"}),
        ({"languages": ("en",)}, {"maria", "olena"}),
        ({"age_bands": ("16-19",)}, {"pierre", "olena"}),
        ({"age_bands": ("20+",)}, {"pablo"}),
        ({"school_types": ("upper-secondary",)}, {"pierre"}),
        ({"partners": True}, {"maria", "olena"}),
        ({"plus": True}, {"olena"}),
        ({"keywords": "robot"}, {"maria", "olena"}),
        ({"keywords": "climate"}, {"maria"}),
        ({"subjects": ("maths", "art")}, {"maria", "olena", "pablo"}),
        ({"countries": ("ES",), "subjects": ("maths",), "languages": ("en",)}, {"maria"}),
        ({"subjects": ("maths",), "partners": True, "plus": True}, {"olena"}),
        ({"countries": ("FR",), "partners": True}, set()),
        ({"countries": ("DE",)}, set()),
    ],
)
def test_each_filter_alone_and_combined(viewer, crowd, filters, expected):
    by_id = {user.pk: name for name, user in crowd.items()}
    assert {by_id[pk] for pk in found(viewer, **filters)} == expected


def test_words_and_filters_together(viewer, crowd):
    assert found(viewer, "mar", countries=("ES",)) == [crowd["maria"].pk]
    assert found(viewer, "mar", countries=("FR",)) == []


def test_every_vocabulary_code_has_its_own_token():
    for vocabulary in VOCABULARIES.values():
        tokens = [documents.token("0x", code) for code, _label in vocabulary.choices]
        assert len(set(tokens)) == len(tokens), vocabulary.name
    from twinning.core.vocabularies import ALL_REGIONS

    regions = [documents.token("0r", code) for code, _label in ALL_REGIONS]
    assert len(set(regions)) == len(regions)


def test_results_come_in_pages_of_twenty_without_counting(viewer):
    people = [make_person(f"Name{i}", "Pagetest") for i in range(23)]
    first = people_search(viewer=viewer, query="pagetest", filters=PeopleFilters(), page=1)
    second = people_search(viewer=viewer, query="pagetest", filters=PeopleFilters(), page=2)
    assert len(first.items) == 20
    assert first.has_next
    assert not first.has_previous
    assert len(second.items) == 3
    assert not second.has_next
    assert second.has_previous
    assert [p.user.pk for p in first.items + second.items] == sorted(u.pk for u in people)


# Schools


def test_schools_by_name_country_town_and_type(db):
    sevilla = SchoolFactory(name="Colegio Público Río Guadalquivir", country="ES", city="Sevilla")
    lyon = SchoolFactory(name="Lycée Ampère", country="FR", city="Lyon", school_type="upper-secondary")
    lille = SchoolFactory(name="Lycée Faidherbe", country="FR", city="Lille", school_type="upper-secondary")
    assert schools_found("colegio rio") == [sevilla.pk]
    assert schools_found("lycee") == [lyon.pk, lille.pk]
    assert schools_found("lyc", city="lyo") == [lyon.pk]
    assert schools_found(countries=("FR",)) == [lyon.pk, lille.pk]
    assert schools_found(school_types=("upper-secondary",), countries=("ES",)) == []
    assert schools_found("lycée", countries=("ES",)) == []


def test_the_raw_query_is_exposed_and_returns_what_the_search_returns(viewer, crowd):
    from twinning.search.selectors import viewer_scope

    backend = get_backend()
    filters = PeopleFilters(subjects=("maths",), languages=("en",))
    raw = backend.people_query(viewer=viewer_scope(viewer), terms=[], filters=filters, limit=20, offset=0)
    hits = backend.search_people(viewer=viewer_scope(viewer), terms=[], filters=filters)
    assert backend.fetch_ids(raw) == hits.ids == sorted([crowd["maria"].pk, crowd["olena"].pk])
