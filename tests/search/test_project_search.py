"""The project search on the database in use (run the suite on SQLite and on PostgreSQL): words as
prefixes, accents, one slip per word, every filter alone and together, order and pages."""

import pytest

from tests.accounts.factories import UserFactory
from tests.search.test_project_helpers import add_partner, make_project, projects_found
from twinning.projects.models import Kit, Project
from twinning.search import documents as d
from twinning.search.backends.base import ProjectFilters
from twinning.search.selectors import PAGE_SIZE, project_search

pytestmark = pytest.mark.django_db


def test_words_are_prefixes_in_title_summary_description_aims_results_and_kit_title():
    kit = Kit.objects.create(title="Weather stations", summary="s", activities="a")
    water = make_project("Water in our towns", summary="Rivers and fountains", kit=kit)
    robots = make_project(
        "Robots", summary="Build one", description="Arduino kits", aims="Teamwork", expected_results="A film"
    )
    assert projects_found(q="wat") == [water.pk]
    assert projects_found(q="fountain") == [water.pk]
    assert projects_found(q="weather station") == [water.pk]  # the kit's title
    assert projects_found(q="ardu") == [robots.pk]
    assert projects_found(q="teamw") == [robots.pk]
    assert projects_found(q="film") == [robots.pk]
    assert projects_found(q="robots film") == [robots.pk]  # every word must match
    assert projects_found(q="robots water") == []


def test_work_process_and_the_stopped_reason_are_not_searched():
    project = make_project("Robots")
    Project.objects.filter(pk=project.pk).update(work_process="zeppelin")
    project.refresh_from_db()
    project.save()
    assert projects_found(q="zeppelin") == []


def test_accents_do_not_matter_either_way():
    cafe = make_project("Café européen", summary="Ñandú y cigüeña")
    assert projects_found(q="cafe europeen") == [cafe.pk]
    assert projects_found(q="CAFÉ") == [cafe.pk]
    assert projects_found(q="nandu ciguena") == [cafe.pk]
    plain = make_project("Cafe Europa")
    assert set(projects_found(q="café")) == {cafe.pk, plain.pk}


@pytest.mark.parametrize("typed", ["Astronmy", "Astronomi", "Atsronomy", "Astrronomy"])
def test_one_slip_per_word_is_forgiven_and_said(typed):
    project = make_project("Astronomy for beginners")
    result = project_search(viewer=UserFactory(), query=typed, filters=ProjectFilters())
    assert [hit.project.pk for hit in result.items] == [project.pk]
    assert result.widened


def test_two_slips_in_a_word_are_not_forgiven():
    make_project("Astronomy for beginners")
    assert projects_found(q="Asrtonmy") == []


def test_exact_matches_are_not_widened():
    make_project("Astronomy for beginners")
    result = project_search(viewer=UserFactory(), query="astronomy", filters=ProjectFilters())
    assert not result.widened


@pytest.fixture
def grid():
    """Four public open projects, each different in one filter from the first."""
    base = {"subjects": ("maths",), "age_bands": ("10-12",), "languages": ("en",), "country": "ES"}
    return {
        "base": make_project("Alpha", **base),
        "subject": make_project("Beta", **{**base, "subjects": ("art", "music")}),
        "age": make_project("Gamma", **{**base, "age_bands": ("16-19",)}),
        "language": make_project("Delta", **{**base, "languages": ("fr", "de")}),
        "country": make_project("Epsilon", **{**base, "country": "PL"}),
        "closed": make_project("Zeta", **{**base, "status": Project.Status.CLOSED}),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"subjects": ("maths",)}, {"base", "age", "language", "country", "closed"}),
        ({"subjects": ("music",)}, {"subject"}),
        ({"subjects": ("art", "music")}, {"subject"}),
        ({"age_bands": ("16-19",)}, {"age"}),
        ({"age_bands": ("10-12",)}, {"base", "subject", "language", "country", "closed"}),
        ({"languages": ("de",)}, {"language"}),
        ({"languages": ("de", "en")}, {"base", "subject", "age", "language", "country", "closed"}),
        ({"countries": ("PL",)}, {"country"}),
        ({"countries": ("ES",)}, {"base", "subject", "age", "language", "closed"}),
        ({"statuses": ("closed",)}, {"closed"}),
        ({"statuses": ("open",)}, {"base", "subject", "age", "language", "country"}),
        ({"subjects": ("maths",), "countries": ("ES",), "statuses": ("open",)}, {"base", "age", "language"}),
        (
            {"subjects": ("maths",), "age_bands": ("10-12",), "languages": ("en",), "countries": ("ES",)},
            {"base", "closed"},
        ),
        ({"subjects": ("music",), "countries": ("PL",)}, set()),
        ({"age_bands": ("20+",)}, set()),
    ],
)
def test_each_filter_alone_and_together(grid, filters, expected):
    assert set(projects_found(**filters)) == {grid[name].pk for name in expected}
    # The same with a word that every one of them holds.
    assert set(projects_found(q="pupils", **filters)) == {grid[name].pk for name in expected}


def test_filters_combine_with_words(grid):
    assert projects_found(q="gam", age_bands=("16-19",)) == [grid["age"].pk]
    assert projects_found(q="gam", age_bands=("10-12",)) == []


def test_every_partner_country_is_a_country_of_the_project():
    project = make_project(country="ES")
    add_partner(project, UserFactory(), country="IT")
    assert projects_found(countries=("IT",)) == [project.pk]
    assert projects_found(countries=("ES",)) == [project.pk]


def test_newest_first_and_pages_without_a_total():
    projects = [make_project(f"Water {n}") for n in range(PAGE_SIZE + 3)]
    first = project_search(viewer=UserFactory(), query="water", filters=ProjectFilters(), page=1)
    second = project_search(viewer=UserFactory(), query="water", filters=ProjectFilters(), page=2)
    newest = [p.pk for p in reversed(projects)]
    assert [hit.project.pk for hit in first.items] == newest[:PAGE_SIZE]
    assert first.has_next
    assert not second.has_next
    assert [hit.project.pk for hit in second.items] == newest[PAGE_SIZE:]


def test_no_two_statuses_share_a_token():
    tokens = [d.token(d.PREFIX_PROJECT_STATUS, status) for status in Project.Status.values]
    assert len(set(tokens)) == len(tokens)
    assert d.TOKEN_PUBLIC_PROJECT not in tokens


def test_typed_tokens_are_only_words():
    make_project("Robots", is_public=False, status=Project.Status.DRAFT)
    assert projects_found(q="0edraft") == []
    assert projects_found(q="0w1 0all") == []
