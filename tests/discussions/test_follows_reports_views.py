"""The follow button, the Report link and form, the moderators' Reports page and the notifications they send,
through the pages a fake owner mounts; injection strings through every page shown as text only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.discussions import owner
from tests.discussions.conftest import first_post, grant, reply, start
from tests.xss_payloads import XSS_PAYLOADS, assert_escaped, unsafe_markup
from twinning.discussions.models import Post, Report, Thread, ThreadFollow
from twinning.discussions.selectors import is_following
from twinning.discussions.services import post_report
from twinning.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.discussions.urls")]


def url(forum, name, **kwargs):
    return reverse(f"owner:forum:{name}", kwargs={"owner_pk": forum.pk, **kwargs})


def report_of(post, reporter, reason="Spam"):
    return post_report(actor=reporter, post=post, access=owner.RULES[reporter.pk], reason=reason)


# --- follow ----------------------------------------------------------------------------------


def test_a_reader_follows_and_stops_following(client, forum, writer, reader):
    thread = start(forum, writer)
    client.force_login(reader)
    page = client.get(url(forum, "thread", thread_pk=thread.pk))
    assert page.context["following"] is False
    assert url(forum, "thread_follow", thread_pk=thread.pk) in page.content.decode()
    response = client.post(url(forum, "thread_follow", thread_pk=thread.pk), {"follow": "1"})
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk)
    assert is_following(user=reader, thread=thread)
    assert client.get(url(forum, "thread", thread_pk=thread.pk)).context["following"] is True
    client.post(url(forum, "thread_follow", thread_pk=thread.pk), {"follow": "0"})
    assert not is_following(user=reader, thread=thread)


def test_follow_is_refused_to_outsiders_and_signed_out_visitors(client, forum, writer, outsider, reader, moderator):
    thread = start(forum, writer)
    address = url(forum, "thread_follow", thread_pk=thread.pk)
    response = client.post(address, {"follow": "1"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(outsider)
    assert client.post(address, {"follow": "1"}).status_code == 404
    assert client.get(address).status_code == 405  # a change, never by following a link
    client.force_login(moderator)
    client.post(url(forum, "post_hide", thread_pk=thread.pk, post_pk=first_post(thread).pk), {"hidden": "1"})
    client.force_login(reader)
    assert client.post(address, {"follow": "1"}).status_code == 404
    assert set(ThreadFollow.objects.values_list("user_id", flat=True)) == {writer.pk}


def test_a_reply_through_the_page_tells_the_followers_who_may_still_read(client, forum, writer, other_writer, reader):
    thread = start(forum, writer, title="Rainfall")
    client.force_login(reader)
    client.post(url(forum, "thread_follow", thread_pk=thread.pk), {"follow": "1"})
    owner.RULES[reader.pk] = owner.NOTHING  # the owner took the reader's access away since
    client.force_login(other_writer)
    response = client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Every Monday"})
    post = Post.objects.latest("pk")
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk) + f"#post-{post.pk}"
    notes = list(Notification.objects.filter(kind="thread_reply"))
    assert [n.recipient_id for n in notes] == [writer.pk]
    assert notes[0].url == response["Location"]
    assert notes[0].actor_id == other_writer.pk
    # The replier now follows too: the next reply by the writer tells them (and not the writer).
    client.force_login(writer)
    client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Good"})
    assert sorted(Notification.objects.filter(kind="thread_reply").values_list("recipient_id", flat=True)) == sorted(
        [writer.pk, other_writer.pk]
    )


# --- report ----------------------------------------------------------------------------------


def test_the_report_link_shows_on_other_peoples_visible_posts(client, forum, writer, reader, moderator):
    thread = start(forum, writer)
    mine = reply(thread, moderator)
    client.force_login(moderator)
    client.post(url(forum, "post_hide", thread_pk=thread.pk, post_pk=mine.pk), {"hidden": "1"})
    client.force_login(writer)
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert url(forum, "post_report", thread_pk=thread.pk, post_pk=first_post(thread).pk) not in html
    client.force_login(moderator)
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert url(forum, "post_report", thread_pk=thread.pk, post_pk=first_post(thread).pk) in html
    assert url(forum, "post_report", thread_pk=thread.pk, post_pk=mine.pk) not in html  # own and hidden


def test_no_report_link_where_nobody_reads_reports(client, forum, writer, reader):
    owner.PLACE_OPTIONS.update(reports_visible=False, moderators=None)
    thread = start(forum, writer)
    client.force_login(reader)
    address = url(forum, "post_report", thread_pk=thread.pk, post_pk=first_post(thread).pk)
    assert address not in client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert client.get(address).status_code == 404
    assert client.post(address, {"reason": "Spam"}).status_code == 404
    assert not Report.objects.exists()


def test_a_member_reports_a_post_and_the_moderators_are_told(client, forum, writer, reader, moderator):
    thread = start(forum, writer, title="Rainfall")
    post = first_post(thread)
    address = url(forum, "post_report", thread_pk=thread.pk, post_pk=post.pk)
    client.force_login(reader)
    assert client.get(address).status_code == 200
    response = client.post(address, {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(address, {"reason": "Rude words"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter_id, report.post_id, report.reason) == (reader.pk, post.pk, "Rude words")
    note = Notification.objects.get(kind="post_reported")
    assert note.recipient_id == moderator.pk
    assert note.url == url(forum, "reports")
    again = client.post(address, {"reason": "Still rude"})
    assert again.status_code == 200
    assert "already reported" in again.content.decode()
    assert Report.objects.count() == 1


def test_reports_go_to_the_owners_address_when_it_gives_one(client, forum, writer, reader, moderator):
    owner.PLACE_OPTIONS.update(reports_visible=False, reports_url="/support/reports/")
    thread = start(forum, writer)
    client.force_login(reader)
    client.post(url(forum, "post_report", thread_pk=thread.pk, post_pk=first_post(thread).pk), {"reason": "Spam"})
    assert Notification.objects.get(kind="post_reported").url == "/support/reports/"


def test_reporting_is_refused_to_outsiders_authors_and_on_hidden_posts(client, forum, writer, outsider, moderator):
    thread = start(forum, writer)
    hidden = reply(thread, moderator)
    client.force_login(moderator)
    client.post(url(forum, "post_hide", thread_pk=thread.pk, post_pk=hidden.pk), {"hidden": "1"})
    first = first_post(thread)
    for user, post in ((outsider, first), (writer, first), (moderator, hidden), (writer, hidden)):
        client.force_login(user)
        address = url(forum, "post_report", thread_pk=thread.pk, post_pk=post.pk)
        assert client.post(address, {"reason": "Spam"}).status_code == 404, (user, post)
    assert not Report.objects.exists()


# --- the reports page ------------------------------------------------------------------------


def test_only_moderators_see_the_reports_page(client, forum, writer, reader, replier, outsider, moderator):
    post = first_post(start(forum, writer))
    report = report_of(post, reader)
    for user in (writer, reader, replier, outsider):
        client.force_login(user)
        assert client.get(url(forum, "reports")).status_code == 404
        assert client.post(url(forum, "report_resolve", report_pk=report.pk), {"hide": "1"}).status_code == 404
    assert Report.objects.get().state == Report.State.OPEN
    client.force_login(moderator)
    page = client.get(url(forum, "reports"))
    assert page.status_code == 200
    assert list(page.context["reports"]) == [report]
    assert url(forum, "reports") in client.get(url(forum, "threads")).content.decode()
    owner.PLACE_OPTIONS.update(reports_visible=False)
    assert client.get(url(forum, "reports")).status_code == 404
    assert url(forum, "reports") not in client.get(url(forum, "threads")).content.decode()


def test_a_report_of_another_forum_is_404(client, forum, writer, reader, moderator):
    from twinning.discussions.services import forum_create

    other = forum_create(purpose="elsewhere")
    report = report_of(first_post(start(other, writer)), reader)
    client.force_login(moderator)
    assert client.post(url(forum, "report_resolve", report_pk=report.pk), {"hide": "1"}).status_code == 404
    assert Report.objects.get().state == Report.State.OPEN


def test_a_hidden_reported_post_disappears_for_everyone_but_moderators(client, forum, writer, reader, moderator):
    thread = start(forum, writer)
    post = reply(thread, writer, body="Buy cheap watches")
    report = report_of(post, reader)
    client.force_login(moderator)
    response = client.post(url(forum, "report_resolve", report_pk=report.pk), {"hide": "1"})
    assert response["Location"] == url(forum, "reports")
    assert Report.objects.get().state == Report.State.HIDDEN
    assert "Buy cheap watches" in client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert client.get(url(forum, "reports")).context["reports"].__len__() == 0
    for user in (reader, writer):
        client.force_login(user)
        assert "Buy cheap watches" not in client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
        assert client.get(url(forum, "post_edit", thread_pk=thread.pk, post_pk=post.pk)).status_code == 404
    # Answering again says so and changes nothing.
    client.force_login(moderator)
    client.post(url(forum, "report_resolve", report_pk=report.pk), {"hide": "0"})
    assert Report.objects.get().state == Report.State.HIDDEN


def test_a_dismissed_report_leaves_the_post(client, forum, writer, reader, moderator):
    thread = start(forum, writer)
    post = reply(thread, writer, body="Fine words")
    report = report_of(post, reader)
    client.force_login(moderator)
    client.post(url(forum, "report_resolve", report_pk=report.pk), {"hide": "0"})
    assert Report.objects.get().state == Report.State.DISMISSED
    client.force_login(reader)
    assert "Fine words" in client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()


def _queries(client, address) -> int:
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_reports_page_query_count_does_not_grow(client, forum, writer, moderator):
    reporters = [grant(UserFactory(), owner.READER) for _ in range(4)]
    report_of(first_post(start(forum, writer)), reporters[0])
    client.force_login(moderator)
    one = _queries(client, url(forum, "reports"))
    for number in range(12):
        author = grant(UserFactory(), owner.WRITER)
        thread = start(forum, author, title=f"Thread {number}")
        report_of(reply(thread, author, body=f"Reply {number}"), reporters[number % 4])
    assert len(client.get(url(forum, "reports")).context["reports"]) == 13
    assert _queries(client, url(forum, "reports")) == one


# --- injection strings -----------------------------------------------------------------------


def _thread_with_report(client, forum, writer, reader, text):
    """Through the pages: the writer opens a thread and answers it with `text`, the reader reports the
    answer with `text` as the reason."""
    client.force_login(writer)
    response = client.post(url(forum, "thread_new"), {"title": text, "body": text})
    assert response.status_code == 302, text
    thread = Thread.objects.latest("pk")
    client.post(url(forum, "reply", thread_pk=thread.pk), {"body": text})
    answer = Post.objects.filter(thread=thread).latest("pk")
    client.force_login(reader)
    client.post(url(forum, "post_report", thread_pk=thread.pk, post_pk=answer.pk), {"reason": text})
    assert Report.objects.filter(post=answer).exists(), text
    return thread, answer


def _between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end, html.index(start))]


def test_injection_strings_are_shown_as_text_on_every_page(client, forum, writer, reader, moderator):
    thread, _answer = _thread_with_report(client, forum, writer, reader, "Plain words")
    client.force_login(moderator)
    baseline_thread = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    baseline_reports = client.get(url(forum, "reports")).content.decode()
    Report.objects.all().delete()
    assert len(XSS_PAYLOADS) >= 60
    for number, payload in enumerate(XSS_PAYLOADS):
        thread, answer = _thread_with_report(client, forum, writer, reader, payload)
        one_line = " ".join(payload.split())  # titles and reasons keep single spaces
        assert thread.title == one_line
        assert answer.body == payload.strip()
        client.force_login(moderator)
        page = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
        assert_escaped(page, payload.strip(), baseline=baseline_thread)
        assert_escaped(page, one_line, baseline=baseline_thread)
        reports = client.get(url(forum, "reports")).content.decode()
        assert_escaped(reports, one_line, baseline=baseline_reports)
        client.force_login(writer)
        for name in ("post_edit", "post_report", "post_delete"):
            html = client.get(url(forum, name, thread_pk=thread.pk, post_pk=answer.pk)).content.decode()
            assert payload.strip() not in html or not (set(payload) & set("<>\"'")), (name, payload)
        if number % 10 == 0:
            listing = client.get(url(forum, "threads")).content.decode()
            fragment = _between(listing, '<ul class="forum__threads">', "</ul>")
            assert_escaped(fragment, one_line)
            assert not unsafe_markup(fragment), payload
        Report.objects.all().delete()  # the reports page shows one report at a time, like its baseline
