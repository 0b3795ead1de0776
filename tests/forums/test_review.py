"""Second look at the forums: default forums' names translated, national forums, the search reachable
from the forums with its filters and back from an idea, the index kept when an idea closes or its
author is validated, and what reporters and readers learn of a report."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from tests.accounts.factories import UserFactory
from tests.conftest import _teacher
from tests.forums.factories import category, publish
from tests.schools.factories import EmploymentFactory
from twinning.core.errors import DomainError
from twinning.discussions.models import Post, Report
from twinning.discussions.services import post_reply
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import idea_access
from twinning.forums.services import category_create, idea_close
from twinning.notifications.models import Notification
from twinning.schools.models import Employment
from twinning.schools.services import employment_validate
from twinning.search.backends.base import IdeaFilters
from twinning.search.selectors import idea_search

pytestmark = pytest.mark.django_db

SPANISH = {
    "Pupils aged 7 to 9": "Alumnado de 7 a 9 años",
    "National projects": "Proyectos nacionales",
}


@pytest.fixture
def spanish(monkeypatch):
    """Spanish texts for two default forums, whatever the catalogue holds today."""
    catalog = trans_real.translation("es")._catalog
    for english, spanish_text in SPANISH.items():
        monkeypatch.setitem(catalog._catalogs[0], english, spanish_text)


def _found(viewer, q: str = "", **filters) -> list[int]:
    return [hit.idea.pk for hit in idea_search(viewer=viewer, query=q, filters=IdeaFilters(**filters)).items]


def _reply(idea: Idea, author, body: str = "Count us in") -> Post:
    access = idea_access(author, Idea.objects.select_related("author").get(pk=idea.pk)).replies()
    return post_reply(actor=author, thread=idea.thread, access=access, body=body)


# --- default forums' names ---------------------------------------------------------------------------


def test_default_forums_have_their_stable_code():
    assert category("ages-7-9").code == "ages-7-9"
    assert category("national-projects").code == "national-projects"


def test_default_forum_names_show_in_the_readers_language(client, spanish):
    with translation.override("es"):
        assert str(category("ages-7-9")) == "Alumnado de 7 a 9 años"
    teacher = _teacher("ES", preferred_language="es")
    client.force_login(teacher)
    body = client.get(reverse("forums:index")).content.decode()
    assert "Alumnado de 7 a 9 años" in body
    assert "Proyectos nacionales" in body
    with translation.override("en"):
        assert category("ages-7-9").display_name == "Pupils aged 7 to 9"


def test_operator_texts_show_as_written(client, spanish):
    renamed = category("ages-7-9")
    renamed.name = "Primaria (7-9)"
    renamed.save()
    own = category_create(name="Pupils aged 7 to 9", slug="operator-forum", description="Our words")
    with translation.override("es"):
        assert category("ages-7-9").display_name == "Primaria (7-9)"
        # An operator's forum never borrows a default forum's translation, even with the same words.
        assert own.display_name == "Pupils aged 7 to 9"
        assert own.display_description == "Our words"


# --- national projects --------------------------------------------------------------------------------


def test_a_national_idea_looks_for_partners_in_the_authors_country(teacher_es):
    idea = publish(teacher_es, slug="national-projects", countries_wanted=["FR", "IT"])
    assert idea.countries_wanted == ["ES"]


def test_a_national_forum_of_one_country_takes_its_teachers_only(teacher_es, teacher_fr):
    spain = category_create(name="Spain", slug="national-es", kind=Category.Kind.NATIONAL, country="ES")
    assert publish(teacher_es, slug=spain.slug).countries_wanted == ["ES"]
    with pytest.raises(DomainError):
        publish(teacher_fr, slug=spain.slug)
    assert not Idea.objects.filter(author=teacher_fr).exists()


def test_a_teacher_without_school_cannot_publish_a_national_idea():
    with pytest.raises((DomainError, ValidationError)):
        publish(UserFactory(is_validated=True), slug="national-projects")
    assert not Idea.objects.exists()


def test_moving_an_idea_into_a_national_forum_sets_its_country(teacher_es):
    from twinning.forums.services import IDEA_FIELDS, idea_update

    idea = publish(teacher_es)
    fields = {name: getattr(idea, name) for name in IDEA_FIELDS}
    idea_update(actor=teacher_es, idea=idea, category=category("national-projects"), **fields)  # type: ignore[arg-type]
    idea.refresh_from_db()
    assert idea.countries_wanted == ["ES"]


def test_the_national_forum_shows_the_readers_country_first(client, teacher_es, teacher_fr):
    spanish_idea = publish(teacher_es, slug="national-projects", title="Spanish schools together")
    french_idea = publish(teacher_fr, slug="national-projects", title="French schools together")
    client.force_login(_teacher("ES"))
    url = reverse("forums:category", args=["national-projects"])
    body = client.get(url).content.decode()
    assert spanish_idea.title in body
    assert french_idea.title not in body
    assert "look for partners in their author's own country" in body
    everything = client.get(url, {"country": "all"}).content.decode()
    assert spanish_idea.title in everything
    assert french_idea.title in everything


def test_the_search_in_the_national_forum_starts_at_the_readers_country(client, teacher_es, teacher_fr):
    spanish_idea = publish(teacher_es, slug="national-projects", title="Spanish schools together")
    french_idea = publish(teacher_fr, slug="national-projects", title="French schools together")
    client.force_login(_teacher("FR"))
    page = client.get(reverse("search:ideas"), {"category": "national-projects"})
    assert page.context["form"]["country"].value() == "FR"
    found = [hit.idea.pk for hit in page.context["results"].items]
    assert found == [french_idea.pk]
    # "Any country" chosen on purpose is kept.
    page = client.get(reverse("search:ideas"), {"category": "national-projects", "country": ""})
    assert {hit.idea.pk for hit in page.context["results"].items} == {spanish_idea.pk, french_idea.pk}


# --- the search from the forums and back ----------------------------------------------------------------


def test_the_forums_index_offers_the_search_with_its_filters_and_help(client, teacher_es):
    client.force_login(teacher_es)
    body = client.get(reverse("forums:index")).content.decode()
    assert f'action="{reverse("search:ideas")}"' in body
    for name in ("q", "age", "language", "country", "subject"):
        assert f'name="{name}"' in body
    assert reverse("help:article", args=["partner-finding"]) in body
    assert client.get(reverse("help:article", args=["partner-finding"])).status_code == 200


def test_a_forum_page_searches_that_forum(client, teacher_es):
    client.force_login(teacher_es)
    body = client.get(reverse("forums:category", args=["ages-10-12"])).content.decode()
    assert '<input type="hidden" name="category" value="ages-10-12">' in body


def test_an_idea_found_links_back_to_the_results(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    client.force_login(teacher_fr)
    results = client.get(reverse("search:ideas"), {"q": "weather", "age": "10-12"}).content.decode()
    link = f"{reverse('forums:idea', args=[idea.pk])}?from=q%3Dweather%26age%3D10-12"
    assert link in results
    page = client.get(reverse("forums:idea", args=[idea.pk]), {"from": "q=weather&age=10-12"})
    assert page.context["search_query"] == "q=weather&age=10-12"
    assert f'href="{reverse("search:ideas")}?q=weather&amp;age=10-12"' in page.content.decode()


@pytest.mark.parametrize(
    "hostile",
    ["next=https://evil.example", "q=" + "x" * 2000, 'q="><script>alert(1)</script>', "q=a\x00b", ""],
)
def test_the_way_back_keeps_only_the_searchs_own_parameters(client, teacher_es, hostile):
    idea = publish(teacher_es)
    client.force_login(teacher_es)
    page = client.get(reverse("forums:idea", args=[idea.pk]), {"from": hostile})
    assert page.status_code == 200
    query = page.context["search_query"]
    assert "evil" not in query
    assert "<script>" not in page.content.decode().split("<main", 1)[-1]
    assert len(query) < 400


# --- the index stays in step ---------------------------------------------------------------------------


def test_closing_an_idea_through_the_service_leaves_the_default_search(teacher_es, teacher_fr):
    idea = publish(teacher_es)
    assert _found(teacher_fr, "weather") == [idea.pk]
    idea_close(actor=teacher_es, idea=idea)
    assert _found(teacher_fr, "weather") == []
    assert _found(teacher_fr, "weather", include_closed=True) == [idea.pk]


def test_a_held_idea_is_found_once_the_school_validates_its_author(pending_teacher_es, teacher_fr, css_officer):
    idea = publish(pending_teacher_es)
    assert _found(teacher_fr, "weather") == []
    employment = Employment.objects.get(teacher=pending_teacher_es)
    employment_validate(actor=css_officer, employment=employment)
    assert _found(teacher_fr, "weather") == [idea.pk]


# --- reports: who learns what --------------------------------------------------------------------------


@pytest.fixture
def reported(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    post = _reply(idea, teacher_fr, body="Buy cheap watches here")
    reporter = _teacher("IT")
    client.force_login(reporter)
    client.post(reverse("forums:replies:post_report", args=[idea.pk, idea.thread_id, post.pk]), {"reason": "Spam"})
    client.logout()
    return idea, post, reporter, Report.objects.get(post=post)


@pytest.mark.parametrize("hide", ["1", "0"])
def test_the_reporter_is_told_nothing_of_the_outcome(client, reported, css_officer, hide):
    idea, _post, reporter, report = reported
    before = Notification.objects.filter(recipient=reporter).count()
    officer = Client()
    officer.force_login(css_officer)
    officer.post(reverse("support:report_decide", args=[report.pk]), {"hide": hide})
    assert Notification.objects.filter(recipient=reporter).count() == before
    client.force_login(reporter)
    body = client.get(reverse("forums:idea", args=[idea.pk])).content.decode()
    for word in ("dismissed", "Dismissed", "hidden by", "Show again"):
        assert word not in body


def test_an_officers_decision_is_logged_on_the_report(client, reported, css_officer):
    _idea, _post, _reporter, report = reported
    client.force_login(css_officer)
    client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"})
    report.refresh_from_db()
    assert report.state == Report.State.HIDDEN
    assert report.handled_by == css_officer
    assert report.handled_at is not None


def test_a_hidden_reply_disappears_for_everyone_but_officers(client, reported, css_officer, teacher_es, teacher_fr):
    idea, post, reporter, report = reported
    client.force_login(css_officer)
    client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"})
    # Even its writer no longer sees it; the central service still does, to show it again if need be.
    for reader in (teacher_es, teacher_fr, reporter, UserFactory(is_validated=True)):
        client.force_login(reader)
        assert post.body not in client.get(reverse("forums:idea", args=[idea.pk])).content.decode()
    client.force_login(css_officer)
    assert post.body in client.get(reverse("forums:idea", args=[idea.pk])).content.decode()


def test_the_author_of_a_second_school_still_counts_for_the_national_forum(teacher_es):
    from tests.schools.factories import SchoolFactory

    EmploymentFactory(
        teacher=teacher_es, school=SchoolFactory(country="PT"), validation=Employment.Validation.VALIDATED
    )
    idea = publish(teacher_es, slug="national-projects")
    assert idea.countries_wanted == ["ES", "PT"]
