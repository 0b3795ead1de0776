"""The idea index follows the rows: saves and deletes of ideas, the author's validation and
deletion, saves that touch nothing indexed, rolled-back changes, and the rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import UserFactory
from tests.search.test_idea_helpers import ideas_found, make_category, make_idea
from twinning.forums.models import Idea
from twinning.search.services import search_rebuild

pytestmark = pytest.mark.django_db


def test_every_indexed_field_is_followed_on_save():
    idea = make_idea("Clouds", description="Weather", keywords="sky")
    other = make_category("Secondary")
    idea.title, idea.description, idea.keywords = "Storms", "Lightning", "thunder"
    idea.age_bands, idea.subjects, idea.languages, idea.countries_wanted = ["16-19"], ["art"], ["de"], ["IT"]
    idea.category = other
    idea.save()
    assert ideas_found(q="clouds") == ideas_found(q="weather") == ideas_found(q="sky") == []
    assert ideas_found(q="storms lightning thunder") == [idea.pk]
    found = ideas_found(
        categories=(other.pk,), age_bands=("16-19",), subjects=("art",), languages=("de",), countries=("IT",)
    )
    assert found == [idea.pk]
    assert ideas_found(age_bands=("10-12",)) == []


def test_closing_an_idea_leaves_the_default_search():
    idea = make_idea("Clouds")
    idea.status, idea.closed_at = Idea.Status.CLOSED, "2026-01-01T00:00:00Z"
    idea.save(update_fields=["status", "closed_at"])
    assert ideas_found(q="clouds") == []
    assert ideas_found(q="clouds", include_closed=True) == [idea.pk]


def test_deleting_an_idea_or_its_author_removes_it():
    kept, gone = make_idea("Clouds"), make_idea("Clouds again")
    gone.delete()
    assert ideas_found(q="clouds") == [kept.pk]
    author = kept.author
    author.delete()
    assert ideas_found(q="clouds") == []


def test_saves_touching_nothing_indexed_cost_no_index_write():
    idea = make_idea("Clouds")
    with CaptureQueriesContext(connection) as queries:
        idea.availability = "From September"
        idea.save(update_fields=["availability", "updated_at"])
        idea.author.save(update_fields=["last_login"])
    assert not [q for q in queries.captured_queries if "search_idea" in q["sql"]]


def test_a_rolled_back_change_leaves_the_index_as_it_was():
    idea = make_idea("Clouds")
    seen_inside = []

    @transaction.atomic
    def change_then_fail():
        idea.title = "Storms"
        idea.save()
        seen_inside.append(ideas_found(q="storms"))
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert seen_inside == [[idea.pk]]
    assert ideas_found(q="storms") == []
    assert ideas_found(q="clouds") == [idea.pk]


def test_rows_written_without_signals_are_found_after_a_rebuild(capsys):
    held = make_idea("Hidden", author=UserFactory(is_validated=False))
    idea = make_idea("Clouds")
    Idea.objects.filter(pk=idea.pk).update(title="Thunder")
    type(held.author).objects.filter(pk=held.author_id).update(is_validated=True)
    assert ideas_found(q="thunder") == []
    assert ideas_found(q="hidden") == []
    report = search_rebuild(batch_size=1)
    assert report.ideas == 2
    assert ideas_found(q="thunder") == [idea.pk]
    assert ideas_found(q="thundr") == [idea.pk]  # the words for typos are rebuilt too
    assert ideas_found(q="hidden") == [held.pk]
    call_command("search_rebuild")
    assert "and 2 project ideas" in capsys.readouterr().out
    assert ideas_found(q="thunder") == [idea.pk]
