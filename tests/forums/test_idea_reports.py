"""Reporting a project idea itself (its thread's first message) and the support service hiding it:
who may report, once per member; hiding makes the idea disappear for everyone but its author (marked)
and the officers of the author's scope, from the forum's page, its counter, the idea page and "my
ideas"; showing it again brings it back; a dismissed report keeps it."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.conftest import _teacher
from tests.forums.factories import publish
from twinning.core.errors import DomainError, PermissionRefused
from twinning.discussions.models import Post, Report
from twinning.forums import services
from twinning.forums.models import Category, Idea
from twinning.forums.permissions import can_view_idea, visible_ideas
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db

PERSONAS = [
    "reporter",
    "author",
    "other_teacher",
    "css_officer",
    "nss_officer_es",
    "nss_officer_fr",
    "pupil",
]
# Who still reads a hidden idea: its author and the officers whose scope covers the author (Spain).
READS_HIDDEN = {"author", "css_officer", "nss_officer_es"}


@pytest.fixture
def people(teacher_es, teacher_fr, css_officer, nss_officer_es, nss_officer_fr):
    return {
        "reporter": teacher_fr,
        "author": teacher_es,
        "other_teacher": _teacher("IT", first_name="Giulia", last_name="Rossi"),
        "css_officer": css_officer,
        "nss_officer_es": nss_officer_es,
        "nss_officer_fr": nss_officer_fr,
        "pupil": UserFactory(is_pupil=True, is_validated=True),
    }


@pytest.fixture
def idea(people):
    return publish(people["author"])


def _opening(idea: Idea) -> Post:
    return Post.objects.filter(thread_id=idea.thread_id).order_by("created_at", "pk").first()  # type: ignore[return-value]


def _fresh(idea: Idea) -> Idea:
    return Idea.objects.select_related("author", "thread", "category").get(pk=idea.pk)


@pytest.fixture
def reported(client, idea, people):
    client.force_login(people["reporter"])
    response = client.post(reverse("forums:report", args=[idea.pk]), {"reason": "Selling things, not a project"})
    assert response.status_code == 302
    client.logout()
    return Report.objects.get(post__thread_id=idea.thread_id)


def _hide(idea: Idea, officer) -> None:
    report = Report.objects.filter(post__thread_id=idea.thread_id, state=Report.State.OPEN).first()
    if report is None:
        services.idea_set_hidden(actor=officer, idea=_fresh(idea), hidden=True)
    else:
        services.forum_report_resolve(actor=officer, report=report, hide=True)


# --- reporting ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_report_an_idea(client, idea, people, who):
    user = people[who]
    client.force_login(user)
    page = client.get(reverse("forums:idea", args=[idea.pk]))
    form = client.get(reverse("forums:report", args=[idea.pk]))
    sent = client.post(reverse("forums:report", args=[idea.pk]), {"reason": "Not a project"})
    allowed = who not in {"author", "pupil"}
    if who == "pupil":
        assert page.status_code == 404
    else:
        assert (reverse("forums:report", args=[idea.pk]) in page.content.decode()) is allowed
    assert form.status_code == (200 if allowed else 404)
    assert sent.status_code == (302 if allowed else 404)
    reports = Report.objects.filter(post__thread_id=idea.thread_id, reporter=user)
    assert reports.count() == (1 if allowed else 0)
    if allowed:
        assert reports.get().post_id == _opening(idea).pk


def test_once_per_member(client, reported, idea, people):
    client.force_login(people["reporter"])
    again = client.post(reverse("forums:report", args=[idea.pk]), {"reason": "Still selling"})
    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    assert Report.objects.filter(post__thread_id=idea.thread_id).count() == 1
    with pytest.raises(DomainError):
        services.idea_report(actor=people["reporter"], idea=_fresh(idea), reason="Once more")


def test_an_empty_reason_stores_nothing(client, idea, people):
    client.force_login(people["reporter"])
    response = client.post(reverse("forums:report", args=[idea.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_the_author_cannot_report_their_idea_through_the_service(idea, people):
    with pytest.raises(PermissionRefused):
        services.idea_report(actor=people["author"], idea=_fresh(idea), reason="Mine")
    assert not Report.objects.exists()


def test_a_held_idea_cannot_be_reported_by_others(client, pending_teacher_es, people):
    held = publish(pending_teacher_es)
    client.force_login(people["reporter"])
    assert client.post(reverse("forums:report", args=[held.pk]), {"reason": "x"}).status_code == 404
    assert not Report.objects.exists()


def test_reporting_tells_the_central_service(reported, people):
    told = Notification.objects.filter(kind="post_reported")
    assert [n.recipient_id for n in told] == [people["css_officer"].pk]
    assert told.get().url == reverse("support:reports")


# --- hiding ---------------------------------------------------------------------------------------------


def test_hiding_through_the_report_settles_it_and_counts(reported, idea, people):
    before = Category.objects.get(pk=idea.category_id).idea_count
    services.forum_report_resolve(actor=people["css_officer"], report=reported, hide=True)
    reported.refresh_from_db()
    assert reported.state == Report.State.HIDDEN
    assert reported.handled_by == people["css_officer"]
    assert _opening(idea).is_hidden
    assert _fresh(idea).thread.is_hidden
    assert Category.objects.get(pk=idea.category_id).idea_count == before - 1


@pytest.mark.parametrize("who", PERSONAS)
def test_a_hidden_idea_disappears_for_all_but_its_author_and_officers_in_scope(client, reported, idea, people, who):
    _hide(idea, people["css_officer"])
    user = people[who]
    reads = who in READS_HIDDEN
    assert can_view_idea(user, _fresh(idea)) is reads
    assert visible_ideas(user).filter(pk=idea.pk).exists() is reads
    client.force_login(user)
    page = client.get(reverse("forums:idea", args=[idea.pk]))
    assert page.status_code == (200 if reads else 404)
    listing = client.get(reverse("forums:category", args=[idea.category.slug]))
    if who == "pupil":
        assert listing.status_code == 404
        return
    assert (idea in list(listing.context["ideas"])) is reads
    if reads:
        assert "Hidden by the support service" in page.content.decode()
    # The engine's pages of its thread follow the idea.
    thread_page = client.get(reverse("forums:replies:thread", args=[idea.pk, idea.thread_id]))
    assert thread_page.status_code == (200 if who in {"css_officer", "nss_officer_es"} else 404)


def test_the_author_sees_it_marked_and_can_no_longer_change_it(client, reported, idea, people):
    _hide(idea, people["css_officer"])
    client.force_login(people["author"])
    body = client.get(reverse("forums:idea", args=[idea.pk])).content.decode()
    assert "only you and the support officers see this idea" in body
    assert reverse("forums:edit", args=[idea.pk]) not in body
    assert client.get(reverse("forums:edit", args=[idea.pk])).status_code == 404
    assert client.post(reverse("forums:close", args=[idea.pk])).status_code == 404
    mine = client.get(reverse("forums:mine")).content.decode()
    assert "Hidden by the support service" in mine
    with pytest.raises(DomainError):
        services.idea_close(actor=people["author"], idea=_fresh(idea))
    assert _fresh(idea).status == Idea.Status.OPEN


def test_the_forum_counter_leaves_the_hidden_idea_out_and_takes_it_back(client, idea, people):
    forum = Category.objects.get(pk=idea.category_id)
    start = forum.idea_count
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=True)
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=True)  # twice: no change
    assert Category.objects.get(pk=forum.pk).idea_count == start - 1
    client.force_login(people["reporter"])
    index = client.get(reverse("forums:index"))
    assert [c.idea_count for c in index.context["categories"] if c.pk == forum.pk] == [start - 1]
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=False)
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=False)
    assert Category.objects.get(pk=forum.pk).idea_count == start


def test_showing_it_again_restores_it_for_everyone(client, reported, idea, people):
    _hide(idea, people["css_officer"])
    client.force_login(people["nss_officer_es"])
    assert client.post(reverse("forums:hide", args=[idea.pk]), {"hidden": "0"}).status_code == 302
    assert not _opening(idea).is_hidden
    client.force_login(people["other_teacher"])
    assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 200
    listing = client.get(reverse("forums:category", args=[idea.category.slug]))
    assert idea in list(listing.context["ideas"])


@pytest.mark.parametrize("who", PERSONAS)
def test_who_hides_from_the_idea_page(client, idea, people, who):
    client.force_login(people[who])
    page = client.get(reverse("forums:idea", args=[idea.pk]))
    response = client.post(reverse("forums:hide", args=[idea.pk]), {"hidden": "1"})
    moderates = who in {"css_officer", "nss_officer_es"}
    if who != "pupil":
        assert (reverse("forums:hide", args=[idea.pk]) in page.content.decode()) is moderates
    assert response.status_code == (302 if moderates else 404)
    assert _opening(idea).is_hidden is moderates


@pytest.mark.parametrize("page", ["post_hide", "post_delete", "post_edit"])
def test_the_engine_pages_do_not_touch_the_opening_message(client, idea, people, page):
    """The idea is changed by its own pages; hiding it goes through the forums' service (counter, index)."""
    opening = _opening(idea)
    officer = people["css_officer"]
    client.force_login(officer if page != "post_edit" else people["author"])
    url = reverse(f"forums:replies:{page}", args=[idea.pk, idea.thread_id, opening.pk])
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"hidden": "1", "body": "Changed behind the idea's back"}).status_code == 404
    opening.refresh_from_db()
    assert not opening.is_hidden
    assert opening.body == idea.description
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_dismissing_keeps_the_idea(reported, idea, people):
    before = Category.objects.get(pk=idea.category_id).idea_count
    services.forum_report_resolve(actor=people["nss_officer_es"], report=reported, hide=False)
    reported.refresh_from_db()
    assert reported.state == Report.State.DISMISSED
    assert not _fresh(idea).thread.is_hidden
    assert can_view_idea(people["other_teacher"], _fresh(idea))
    assert Category.objects.get(pk=idea.category_id).idea_count == before


def test_an_officer_out_of_scope_cannot_resolve_through_the_service(reported, idea, people):
    with pytest.raises(PermissionRefused):
        services.forum_report_resolve(actor=people["nss_officer_fr"], report=reported, hide=True)
    with pytest.raises(PermissionRefused):
        services.idea_set_hidden(actor=people["nss_officer_fr"], idea=_fresh(idea), hidden=True)
    reported.refresh_from_db()
    assert reported.state == Report.State.OPEN
    assert not _opening(idea).is_hidden


def test_a_closed_idea_hidden_leaves_the_counter_alone(idea, people):
    services.idea_close(actor=people["author"], idea=_fresh(idea))
    forum = Category.objects.get(pk=idea.category_id)
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=True)
    assert Category.objects.get(pk=forum.pk).idea_count == forum.idea_count
    services.idea_set_hidden(actor=people["css_officer"], idea=_fresh(idea), hidden=False)
    assert Category.objects.get(pk=forum.pk).idea_count == forum.idea_count
