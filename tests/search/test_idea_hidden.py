"""Ideas hidden by the support service (their opening post hidden) in the idea search, on the database in
use (run on SQLite and on PostgreSQL for both backends), and in the API: nobody but their author finds
them; showing them again brings them back; the rebuild agrees with the upkeep; the index re-read through
`visible_ideas` never shows a hidden idea to others even when the index is stale."""

import pytest
from django.db import transaction

from tests.accounts.factories import UserFactory
from tests.conftest import _teacher
from tests.forums.factories import publish
from tests.search.test_idea_helpers import ideas_found
from twinning.discussions.models import Report, Thread
from twinning.forums import services
from twinning.forums.models import Idea
from twinning.search.backends import get_backend
from twinning.search.backends.base import IdeaFilters
from twinning.search.services import search_index_ideas, search_rebuild

pytestmark = pytest.mark.django_db

READERS = ["author", "reporter", "other_teacher", "css_officer", "nss_officer_es", "nss_officer_fr"]


@pytest.fixture
def people(teacher_es, teacher_fr, css_officer, nss_officer_es, nss_officer_fr):
    return {
        "author": teacher_es,
        "reporter": teacher_fr,
        "other_teacher": _teacher("IT"),
        "css_officer": css_officer,
        "nss_officer_es": nss_officer_es,
        "nss_officer_fr": nss_officer_fr,
    }


def _fresh(idea: Idea) -> Idea:
    return Idea.objects.select_related("author", "thread", "category").get(pk=idea.pk)


@pytest.fixture
def hidden(people):
    """An idea reported and hidden through the report queue, and one left alone."""
    idea = publish(people["author"], title="Zeppelins over the Pyrenees")
    kept = publish(people["author"], title="Zeppelins over the Alps")
    report = services.idea_report(actor=people["reporter"], idea=_fresh(idea), reason="Spam")
    services.forum_report_resolve(actor=people["css_officer"], report=report, hide=True)
    return idea, kept


@pytest.mark.parametrize("who", READERS)
def test_a_hidden_idea_is_found_by_its_author_only(hidden, people, who):
    idea, kept = hidden
    found = ideas_found(people[who], q="zeppelins")
    assert kept.pk in found
    assert (idea.pk in found) is (who == "author")
    # Filters alone (no words) follow the same rule.
    assert (idea.pk in ideas_found(people[who], languages=("en",))) is (who == "author")


def _in_index(viewer, word: str) -> list[int]:
    """What the index itself answers, before the re-read through `visible_ideas`."""
    return get_backend().search_ideas(viewer_id=viewer.pk, terms=[word], filters=IdeaFilters(), limit=50).ids


@pytest.mark.parametrize("who", READERS)
def test_the_index_itself_keeps_it_from_others(hidden, people, who):
    idea, kept = hidden
    found = _in_index(people[who], "zeppelins")
    assert kept.pk in found
    assert (idea.pk in found) is (who == "author")


def test_the_authors_hit_is_marked(hidden, people):
    from twinning.search.selectors import idea_search

    idea, _kept = hidden
    hits = idea_search(viewer=people["author"], query="pyrenees", filters=IdeaFilters()).items
    assert [(hit.idea.pk, hit.hidden) for hit in hits] == [(idea.pk, True)]


def test_showing_it_again_brings_it_back(hidden, people):
    idea, _kept = hidden
    services.idea_set_hidden(actor=people["nss_officer_es"], idea=_fresh(idea), hidden=False)
    assert idea.pk in ideas_found(people["other_teacher"], q="pyrenees")
    assert _in_index(people["other_teacher"], "pyrenees") == [idea.pk]
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=True)
    assert ideas_found(people["other_teacher"], q="pyrenees") == []
    assert _in_index(people["other_teacher"], "pyrenees") == []


def test_a_dismissed_report_keeps_it_findable(people):
    idea = publish(people["author"], title="Zeppelins over the Danube")
    report = services.idea_report(actor=people["reporter"], idea=_fresh(idea), reason="Spam")
    services.forum_report_resolve(actor=people["css_officer"], report=report, hide=False)
    assert ideas_found(people["other_teacher"], q="danube") == [idea.pk]
    assert Report.objects.get(pk=report.pk).state == Report.State.DISMISSED


def test_a_rolled_back_hide_leaves_the_index_as_it_was(people):
    idea = publish(people["author"], title="Zeppelins over the Rhine")

    def hide_then_fail() -> None:
        with transaction.atomic():
            services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=True)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        hide_then_fail()
    assert _in_index(people["other_teacher"], "rhine") == [idea.pk]
    assert ideas_found(people["other_teacher"], q="rhine") == [idea.pk]


def test_the_rebuild_agrees(hidden, people):
    idea, kept = hidden
    search_rebuild()
    assert _in_index(people["other_teacher"], "zeppelins") == [kept.pk]
    assert ideas_found(people["other_teacher"], q="zeppelins") == [kept.pk]
    assert sorted(ideas_found(people["author"], q="zeppelins")) == sorted([idea.pk, kept.pk])


def test_a_stale_index_never_shows_a_hidden_idea(people):
    """A write that bypasses the forums' service leaves the index behind; the re-read still hides it."""
    idea = publish(people["author"], title="Zeppelins over the Loire")
    Thread.objects.filter(pk=idea.thread_id).update(is_hidden=True)
    assert ideas_found(people["other_teacher"], q="loire") == []
    assert _in_index(people["other_teacher"], "loire") == [idea.pk]  # the index lags behind...
    assert ideas_found(people["other_teacher"], q="loire") == []  # ...but the re-read does not show it
    search_index_ideas(idea_ids=[idea.pk])
    assert _in_index(people["other_teacher"], "loire") == []
    assert ideas_found(people["other_teacher"], q="loire") == []
    assert ideas_found(people["author"], q="loire") == [idea.pk]


# --- the API ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [*READERS, "pupil"])
def test_the_api_follows_the_same_rule(client, hidden, people, who):
    idea, kept = hidden
    user = people.get(who) or UserFactory(is_pupil=True, is_validated=True)
    client.force_login(user)
    one = client.get(f"/api/ideas/{idea.pk}")
    listed = client.get("/api/ideas/", {"q": "zeppelins"})
    if who == "pupil":
        assert one.status_code == listed.status_code == 404
        return
    reads = who in {"author", "css_officer", "nss_officer_es"}
    assert one.status_code == (200 if reads else 404)
    if reads:
        assert one.json()["hidden"] is True
    ids = [item["id"] for item in listed.json()["items"]]
    assert kept.pk in ids
    assert (idea.pk in ids) is (who == "author")
    assert client.get(f"/api/ideas/{kept.pk}").json()["hidden"] is False
