"""The project-idea search on the database in use (run the suite on SQLite and on PostgreSQL): words as
prefixes in title, description and keywords, accents, one slip per word, every filter alone and
together, open ideas unless closed ones are asked for, order and pages."""

import pytest

from tests.accounts.factories import UserFactory
from tests.search.test_idea_helpers import ideas_found, make_category, make_idea
from twinning.forums.models import Idea
from twinning.search import documents as d
from twinning.search.backends.base import IdeaFilters
from twinning.search.selectors import PAGE_SIZE, idea_search

pytestmark = pytest.mark.django_db


def test_words_are_prefixes_in_title_description_and_keywords():
    water = make_idea("Water in our towns", description="Rivers and fountains", keywords="hydrology, climate")
    robots = make_idea("Robots", description="Arduino kits for teamwork", keywords="coding")
    assert ideas_found(q="wat") == [water.pk]
    assert ideas_found(q="fountain") == [water.pk]
    assert ideas_found(q="hydrol") == [water.pk]
    assert ideas_found(q="climate") == [water.pk]
    assert ideas_found(q="ardu") == [robots.pk]
    assert ideas_found(q="coding") == [robots.pk]
    assert ideas_found(q="robots teamwork") == [robots.pk]  # every word must match
    assert ideas_found(q="robots water") == []


def test_availability_is_not_searched():
    idea = make_idea("Robots")
    Idea.objects.filter(pk=idea.pk).update(availability="zeppelin")
    idea.refresh_from_db()
    idea.save()
    assert ideas_found(q="zeppelin") == []


def test_accents_do_not_matter_either_way():
    cafe = make_idea("Café européen", description="Ñandú y cigüeña")
    assert ideas_found(q="cafe europeen") == [cafe.pk]
    assert ideas_found(q="CAFÉ") == [cafe.pk]
    assert ideas_found(q="nandu ciguena") == [cafe.pk]
    plain = make_idea("Cafe Europa")
    assert set(ideas_found(q="café")) == {cafe.pk, plain.pk}


@pytest.mark.parametrize("typed", ["Astronmy", "Astronomi", "Atsronomy", "Astrronomy"])
def test_one_slip_per_word_is_forgiven_and_said(typed):
    idea = make_idea("Astronomy for beginners")
    result = idea_search(viewer=UserFactory(is_validated=True), query=typed, filters=IdeaFilters())
    assert [hit.idea.pk for hit in result.items] == [idea.pk]
    assert result.widened


def test_two_slips_in_a_word_are_not_forgiven_and_exact_words_are_not_widened():
    make_idea("Astronomy for beginners")
    assert ideas_found(q="Asrtonmy") == []
    result = idea_search(viewer=UserFactory(is_validated=True), query="astronomy", filters=IdeaFilters())
    assert not result.widened


@pytest.fixture
def grid():
    """Open ideas, each different in one filter from the first, and a closed one."""
    primary, secondary = make_category("Primary"), make_category("Secondary")
    base = {
        "category": primary,
        "subjects": ("maths",),
        "age_bands": ("10-12",),
        "languages": ("en",),
        "countries_wanted": ("FR",),
    }
    return {
        "primary": primary,
        "secondary": secondary,
        "base": make_idea("Alpha", **base),
        "category": make_idea("Beta", **{**base, "category": secondary}),
        "subject": make_idea("Gamma", **{**base, "subjects": ("art", "music")}),
        "age": make_idea("Delta", **{**base, "age_bands": ("16-19",)}),
        "language": make_idea("Epsilon", **{**base, "languages": ("fr", "de")}),
        "country": make_idea("Zeta", **{**base, "countries_wanted": ("PL", "IT")}),
        "closed": make_idea("Eta", **{**base, "status": Idea.Status.CLOSED}),
    }


OPEN = {"base", "category", "subject", "age", "language", "country"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, OPEN),
        ({"include_closed": True}, OPEN | {"closed"}),
        ({"categories": ("secondary",)}, {"category"}),
        ({"categories": ("primary",)}, OPEN - {"category"}),
        ({"categories": ("primary",), "include_closed": True}, OPEN - {"category"} | {"closed"}),
        ({"subjects": ("music",)}, {"subject"}),
        ({"subjects": ("maths",)}, OPEN - {"subject"}),
        ({"subjects": ("art", "music")}, {"subject"}),
        ({"age_bands": ("16-19",)}, {"age"}),
        ({"age_bands": ("10-12",)}, OPEN - {"age"}),
        ({"languages": ("de",)}, {"language"}),
        ({"languages": ("de", "en")}, OPEN),
        ({"countries": ("IT",)}, {"country"}),
        ({"countries": ("FR",)}, OPEN - {"country"}),
        ({"countries": ("FR",), "include_closed": True}, OPEN - {"country"} | {"closed"}),
        (
            {"categories": ("primary",), "subjects": ("maths",), "age_bands": ("10-12",), "languages": ("en",)},
            {"base", "country"},
        ),
        (
            {
                "categories": ("primary",),
                "subjects": ("maths",),
                "age_bands": ("10-12",),
                "languages": ("en",),
                "countries": ("FR",),
                "include_closed": True,
            },
            {"base", "closed"},
        ),
        ({"subjects": ("music",), "countries": ("PL",)}, set()),
        ({"categories": ("secondary",), "age_bands": ("16-19",)}, set()),
        ({"age_bands": ("20+",)}, set()),
    ],
)
def test_each_filter_alone_and_together(grid, filters, expected):
    if "categories" in filters:
        filters = {**filters, "categories": tuple(grid[name].pk for name in filters["categories"])}
    assert set(ideas_found(**filters)) == {grid[name].pk for name in expected}
    # The same with a word that every one of them holds.
    assert set(ideas_found(q="pupils", **filters)) == {grid[name].pk for name in expected}


def test_filters_combine_with_words(grid):
    assert ideas_found(q="delt", age_bands=("16-19",)) == [grid["age"].pk]
    assert ideas_found(q="delt", age_bands=("10-12",)) == []
    assert ideas_found(q="eta") == []  # closed
    assert ideas_found(q="eta", include_closed=True) == [grid["closed"].pk]


def test_newest_first_and_pages_without_a_total():
    category = make_category()
    ideas = [make_idea(f"Water {n}", category=category) for n in range(PAGE_SIZE + 3)]
    viewer = UserFactory(is_validated=True)
    first = idea_search(viewer=viewer, query="water", filters=IdeaFilters(), page=1)
    second = idea_search(viewer=viewer, query="water", filters=IdeaFilters(), page=2)
    newest = [idea.pk for idea in reversed(ideas)]
    assert [hit.idea.pk for hit in first.items] == newest[:PAGE_SIZE]
    assert first.has_next
    assert not second.has_next
    assert [hit.idea.pk for hit in second.items] == newest[PAGE_SIZE:]


def test_no_two_statuses_share_a_token_and_typed_tokens_are_only_words():
    tokens = [d.token(d.PREFIX_IDEA_STATUS, status) for status in Idea.Status.values]
    assert len(set(tokens)) == len(tokens)
    assert d.TOKEN_PUBLIC_IDEA not in tokens
    idea = make_idea("Robots", status=Idea.Status.CLOSED)
    assert ideas_found(q="0eclosed") == []
    assert ideas_found(q=f"0w1 0all 0g{idea.category_id}") == []
