"""Who finds which project ideas: the same rule as `forums.permissions.visible_ideas`. Ideas of
validated authors to every signed-in teacher; held ideas (author not validated yet) to their author
only, until the author's validation; pupils and inactive accounts nothing."""

import pytest

from tests.accounts.factories import UserFactory
from tests.search.test_idea_helpers import ideas_found, make_idea
from twinning.forums.models import Idea
from twinning.forums.permissions import visible_ideas
from twinning.search.backends import get_backend
from twinning.search.backends.base import IdeaFilters
from twinning.search.selectors import idea_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "validated": UserFactory(is_validated=True),
        "pending": UserFactory(is_validated=False),
        "other_pending": UserFactory(is_validated=False),
        "pupil": UserFactory(is_pupil=True),
        "inactive": UserFactory(is_validated=True, is_active=False),
    }


@pytest.fixture
def ideas(people):
    return {
        "public": make_idea("Water public", author=people["validated"]),
        "held": make_idea("Water held", author=people["pending"]),
        "held_closed": make_idea("Water held closed", author=people["pending"], status=Idea.Status.CLOSED),
    }


@pytest.mark.parametrize(
    ("viewer", "expected", "with_closed"),
    [
        ("validated", {"public"}, {"public"}),
        ("pending", {"public", "held"}, {"public", "held", "held_closed"}),
        ("other_pending", {"public"}, {"public"}),
        ("pupil", set(), set()),
        ("inactive", set(), set()),
    ],
)
def test_who_finds_what(people, ideas, viewer, expected, with_closed):
    who = people[viewer]
    for q in ("", "water"):
        assert set(ideas_found(who, q=q)) == {ideas[name].pk for name in expected}
        assert set(ideas_found(who, q=q, include_closed=True)) == {ideas[name].pk for name in with_closed}
    # Exactly what the forums' rule shows, among the ideas of this search.
    allowed = set(visible_ideas(who).values_list("pk", flat=True))
    assert set(ideas_found(who, include_closed=True)) == allowed


def test_the_author_sees_their_held_idea_marked(people, ideas):
    hits = idea_search(viewer=people["pending"], query="held", filters=IdeaFilters(include_closed=True)).items
    assert {hit.idea.pk: hit.held for hit in hits} == {ideas["held"].pk: True, ideas["held_closed"].pk: True}
    hits = idea_search(viewer=people["validated"], query="public", filters=IdeaFilters()).items
    assert [hit.held for hit in hits] == [False]


def test_held_ideas_appear_when_the_author_is_validated_and_go_when_validation_is_withdrawn(people, ideas):
    author = people["pending"]
    author.is_validated = True
    author.save(update_fields=["is_validated"])
    assert set(ideas_found(people["validated"], q="water")) == {ideas["public"].pk, ideas["held"].pk}
    author.is_validated = False
    author.save()  # a save without update_fields too
    assert ideas_found(people["validated"], q="water") == [ideas["public"].pk]


def test_a_stale_index_entry_shows_nothing_more(people, ideas):
    # The author loses their validation without a signal (an UPDATE): the index still says "public",
    # but the rows are read through visible_ideas.
    type(people["validated"]).objects.filter(pk=people["validated"].pk).update(is_validated=False)
    viewer = UserFactory(is_validated=True)
    hits = get_backend().search_ideas(viewer_id=viewer.pk, terms=["water"], filters=IdeaFilters())
    assert ideas["public"].pk in hits.ids  # stale
    assert ideas_found(viewer, q="water") == []


def test_the_index_is_not_asked_for_pupils(people, ideas, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = idea_search(viewer=people["pupil"], query="water", filters=IdeaFilters())
    assert result.items == []
