"""Reported replies of the partner-finding forums: members report, support officers of the reply
author's scope hide or dismiss from `support:reports`; anyone else gets a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.conftest import _teacher
from tests.forums.factories import publish
from twinning.discussions.models import Post, Report
from twinning.discussions.services import post_reply
from twinning.forums.models import Idea
from twinning.forums.permissions import idea_access
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _reply(idea: Idea, author, body: str = "Buy cheap watches here") -> Post:
    access = idea_access(author, Idea.objects.select_related("author").get(pk=idea.pk)).replies()
    return post_reply(actor=author, thread=idea.thread, access=access, body=body)


@pytest.fixture
def reported(client, teacher_es, teacher_fr, css_officer):
    """A French teacher's reply to a Spanish idea, reported by the idea's author through the page."""
    idea = publish(teacher_es)
    post = _reply(idea, teacher_fr)
    client.force_login(teacher_es)
    url = reverse("forums:replies:post_report", args=[idea.pk, idea.thread_id, post.pk])
    response = client.post(url, {"reason": "Advertising"})
    assert response.status_code == 302
    client.logout()
    return idea, post, Report.objects.get(post=post)


def test_the_report_link_is_on_the_idea_page(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    post = _reply(idea, teacher_fr)
    client.force_login(teacher_es)
    body = client.get(reverse("forums:idea", args=[idea.pk])).content.decode()
    assert reverse("forums:replies:post_report", args=[idea.pk, idea.thread_id, post.pk]) in body


def test_reporting_tells_the_central_service(reported, css_officer):
    assert Notification.objects.filter(recipient=css_officer, kind="post_reported").count() == 1


@pytest.mark.parametrize(
    ("officer", "sees"), [("css_officer", True), ("nss_officer_fr", True), ("nss_officer_es", False)]
)
def test_report_scope_follows_the_reply_authors_country(client, reported, request, officer, sees):
    _idea, post, report = reported
    client.force_login(request.getfixturevalue(officer))
    page = client.get(reverse("support:reports"))
    assert page.status_code == 200
    assert (report in list(page.context["page"].object_list)) is sees
    decide = client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"})
    assert decide.status_code == (302 if sees else 404)
    post.refresh_from_db()
    assert post.is_hidden is sees


@pytest.mark.parametrize("who", ["teacher_fr", "teacher_es", "anonymous"])
def test_non_officers_get_no_queue(client, reported, request, who):
    _idea, _post, report = reported
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("support:reports")).status_code == 404
        assert client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"}).status_code == 404
    else:
        assert client.get(reverse("support:reports")).status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.OPEN


def test_hiding_removes_the_reply_for_readers(client, reported, css_officer, teacher_es):
    idea, post, report = reported
    client.force_login(css_officer)
    client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"})
    report.refresh_from_db()
    assert report.state == Report.State.HIDDEN
    client.force_login(teacher_es)
    assert post.body not in client.get(reverse("forums:idea", args=[idea.pk])).content.decode()
    # Answered: it leaves the queue.
    client.force_login(css_officer)
    assert not list(client.get(reverse("support:reports")).context["page"].object_list)


def test_dismissing_keeps_the_reply(client, reported, css_officer, teacher_es):
    idea, post, report = reported
    client.force_login(css_officer)
    client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "0"})
    report.refresh_from_db()
    assert report.state == Report.State.DISMISSED
    client.force_login(teacher_es)
    assert post.body in client.get(reverse("forums:idea", args=[idea.pk])).content.decode()


def test_reports_outside_the_forums_are_not_listed(client, css_officer):
    from twinning.discussions.permissions import ForumAccess
    from twinning.discussions.services import forum_create, post_report, thread_start

    forum = forum_create(purpose="elsewhere")
    everything = ForumAccess(can_read=True, can_start_thread=True, can_reply=True, can_moderate=False)
    author, reporter = UserFactory(), UserFactory()
    thread = thread_start(actor=author, forum=forum, access=everything, title="Other", body="Elsewhere")
    post_report(actor=reporter, post=Post.objects.get(thread=thread), access=everything, reason="Spam")
    client.force_login(css_officer)
    assert not list(client.get(reverse("support:reports")).context["page"].object_list)


def test_queue_queries_do_not_grow_with_reports(client, teacher_es, css_officer):
    idea = publish(teacher_es)

    def report_one():
        author = _teacher("FR")
        post = _reply(idea, author)
        Report.objects.create(post=post, reporter=teacher_es, reason="Spam")

    report_one()
    client.force_login(css_officer)
    url = reverse("support:reports")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(29):
        report_one()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 30
    assert len(many) == len(one)


# --- reports of a project idea itself -------------------------------------------------------------------


@pytest.fixture
def idea_reported(client, teacher_es, teacher_fr):
    """A Spanish teacher's idea, reported by a French teacher from the idea page."""
    idea = publish(teacher_es)
    client.force_login(teacher_fr)
    assert client.post(reverse("forums:report", args=[idea.pk]), {"reason": "Advertising"}).status_code == 302
    client.logout()
    return idea, Report.objects.get(post__thread_id=idea.thread_id)


@pytest.mark.parametrize(
    ("officer", "sees"),
    [("css_officer", True), ("nss_officer_es", True), ("regional_officer_an", True), ("nss_officer_fr", False)],
)
def test_an_idea_report_follows_the_idea_authors_scope(client, idea_reported, request, officer, sees):
    idea, report = idea_reported
    client.force_login(request.getfixturevalue(officer))
    page = client.get(reverse("support:reports"))
    rows = list(page.context["page"].object_list)
    assert (report in rows) is sees
    if sees:
        row = rows[rows.index(report)]
        assert row.is_idea is True
        assert row.idea_id == idea.pk
        body = page.content.decode()
        assert "Project idea" in body
        assert "Hide the idea" in body
    decide = client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"})
    assert decide.status_code == (302 if sees else 404)
    idea.thread.refresh_from_db()
    assert idea.thread.is_hidden is sees


def test_replies_and_ideas_are_told_apart_in_the_queue(client, idea_reported, reported, css_officer):
    client.force_login(css_officer)
    rows = list(client.get(reverse("support:reports")).context["page"].object_list)
    assert sorted(row.is_idea for row in rows) == [False, True]


def test_hiding_an_idea_from_the_queue_hides_it_for_readers(client, idea_reported, css_officer, teacher_fr):
    idea, report = idea_reported
    client.force_login(css_officer)
    response = client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "1"}, follow=True)
    assert "The idea is hidden" in response.content.decode()
    report.refresh_from_db()
    assert report.state == Report.State.HIDDEN
    client.force_login(teacher_fr)
    assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 404
    client.force_login(css_officer)
    assert not list(client.get(reverse("support:reports")).context["page"].object_list)


def test_dismissing_an_idea_report_keeps_the_idea(client, idea_reported, nss_officer_es, teacher_fr):
    idea, report = idea_reported
    client.force_login(nss_officer_es)
    client.post(reverse("support:report_decide", args=[report.pk]), {"hide": "0"})
    report.refresh_from_db()
    assert report.state == Report.State.DISMISSED
    client.force_login(teacher_fr)
    assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 200
