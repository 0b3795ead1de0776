"""The forum pages mounted by a fake owner: access (404 for non-readers), links keeping the owner's
kwargs, the owner's layout, pagination, query counts, moderation buttons and escaping."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.accounts.factories import UserFactory
from tests.discussions import owner
from tests.discussions.conftest import first_post, grant, reply, start
from twinning.discussions.models import Post, Thread
from twinning.discussions.services import thread_set_locked

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.discussions.urls")]

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    "'><body onload=alert(1)>",
]


def url(forum, name, **kwargs):
    return reverse(f"owner:forum:{name}", kwargs={"owner_pk": forum.pk, **kwargs})


def all_urls(forum, thread, post):
    t = {"thread_pk": thread.pk}
    p = {"thread_pk": thread.pk, "post_pk": post.pk}
    return [
        ("get", url(forum, "threads")),
        ("get", url(forum, "thread_new")),
        ("post", url(forum, "thread_new")),
        ("get", url(forum, "thread", **t)),
        ("get", url(forum, "reply", **t)),
        ("post", url(forum, "reply", **t)),
        ("post", url(forum, "thread_pin", **t)),
        ("post", url(forum, "thread_lock", **t)),
        ("get", url(forum, "post_edit", **p)),
        ("post", url(forum, "post_edit", **p)),
        ("get", url(forum, "post_delete", **p)),
        ("post", url(forum, "post_delete", **p)),
        ("post", url(forum, "post_hide", **p)),
    ]


def test_links_keep_the_owners_kwargs(forum):
    assert url(forum, "thread", thread_pk=7) == f"/owners/{forum.pk}/forum/7/"


def test_someone_the_owner_refuses_gets_404_everywhere(client, forum, writer, outsider):
    thread = start(forum, writer)
    client.force_login(outsider)
    for method, address in all_urls(forum, thread, first_post(thread)):
        response = getattr(client, method)(address, {"title": "T", "body": "B", "pinned": "1"})
        assert response.status_code == 404, (method, address)
    assert Post.objects.count() == 1
    assert not Thread.objects.filter(is_pinned=True).exists()


def test_signed_out_visitors_are_refused(client, forum, writer):
    thread = start(forum, writer)
    assert client.get(url(forum, "threads")).status_code == 404
    response = client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Sneaky"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Post.objects.count() == 1


def test_a_thread_of_another_forum_is_404(client, forum, writer):
    from twinning.discussions.services import forum_create

    other = forum_create(purpose="elsewhere")
    thread = start(other, writer)
    client.force_login(writer)
    assert client.get(url(forum, "thread", thread_pk=thread.pk)).status_code == 404
    assert client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Hi"}).status_code == 404


def test_a_reader_reads_in_the_owners_layout_without_forms(client, forum, writer, reader):
    thread = start(forum, writer, title="Rain gauges")
    client.force_login(reader)
    response = client.get(url(forum, "threads"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-owner="test-owner-layout"' in html
    assert "Test board" in html
    assert url(forum, "thread", thread_pk=thread.pk) in html
    assert 'name="title"' not in html
    response = client.get(url(forum, "thread", thread_pk=thread.pk))
    html = response.content.decode()
    assert "Shall we measure rainfall?" in html
    assert 'name="body"' not in html
    assert url(forum, "thread_pin", thread_pk=thread.pk) not in html
    assert client.get(url(forum, "thread_new")).status_code == 404
    assert client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Me too"}).status_code == 404
    assert Post.objects.count() == 1


def test_an_empty_forum_says_so(client, forum, writer):
    client.force_login(writer)
    response = client.get(url(forum, "threads"))
    assert "No thread yet." in response.content.decode()
    assert 'name="title"' in response.content.decode()


def test_a_writer_starts_a_thread_from_the_list(client, forum, writer):
    client.force_login(writer)
    response = client.post(url(forum, "thread_new"), {"title": "Recipes", "body": "Share one!"})
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk)
    assert [(writer.pk, first_post(thread).pk)] == owner.POSTED


def test_a_blank_thread_shows_errors_and_stores_nothing(client, forum, writer):
    client.force_login(writer)
    response = client.post(url(forum, "thread_new"), {"title": "   ", "body": "  "})
    assert response.status_code == 200
    assert "Give the thread a title." in response.content.decode()
    assert Thread.objects.count() == 0
    assert owner.POSTED == []


def test_a_reply_lands_at_its_post_and_calls_the_owner(client, forum, writer, replier):
    thread = start(forum, writer)
    client.force_login(replier)
    response = client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "On it"})
    post = Post.objects.latest("pk")
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk) + f"#post-{post.pk}"
    assert [(replier.pk, post.pk)] == owner.POSTED


def test_a_reply_to_a_post_shows_indented_with_a_link_back(client, forum, writer, replier):
    thread = start(forum, writer)
    client.force_login(replier)
    parent = first_post(thread)
    page = client.get(url(forum, "reply", thread_pk=thread.pk) + f"?parent={parent.pk}")
    assert "Shall we measure rainfall?" in page.content.decode()
    client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Answer", "parent": parent.pk})
    answer = Post.objects.latest("pk")
    assert answer.parent == parent
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert "forum__post--reply" in html
    assert f"?post={parent.pk}" in html
    assert "In reply to Wanda Writer" in html


def test_a_parent_from_another_thread_is_404_and_stores_nothing(client, forum, writer, replier):
    thread = start(forum, writer)
    elsewhere = start(forum, writer, title="Other")
    client.force_login(replier)
    response = client.post(
        url(forum, "reply", thread_pk=thread.pk), {"body": "Sneaky", "parent": first_post(elsewhere).pk}
    )
    assert response.status_code == 404
    assert Post.objects.count() == 2


def test_a_locked_thread_offers_no_reply_form_and_refuses_replies(client, forum, writer, moderator):
    thread = start(forum, writer)
    thread_set_locked(actor=moderator, thread=thread, access=owner.MODERATOR, locked=True)
    client.force_login(writer)
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert "closed to replies" in html
    assert 'name="body"' not in html
    response = client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "Let me"}, follow=True)
    assert "This thread is closed to replies." in response.content.decode()
    assert Post.objects.count() == 1


def test_the_author_edits_and_others_get_404(client, forum, writer, other_writer):
    thread = start(forum, writer)
    post = first_post(thread)
    address = url(forum, "post_edit", thread_pk=thread.pk, post_pk=post.pk)
    client.force_login(other_writer)
    assert client.get(address).status_code == 404
    assert client.post(address, {"body": "Hacked"}).status_code == 404
    client.force_login(writer)
    assert client.get(address).status_code == 200
    assert client.post(address, {"body": "Edited words"}).status_code == 302
    post.refresh_from_db()
    assert post.body == "Edited words"


def test_deleting_asks_first_then_deletes(client, forum, writer, other_writer):
    thread = start(forum, writer)
    answer = reply(thread, other_writer)
    address = url(forum, "post_delete", thread_pk=thread.pk, post_pk=answer.pk)
    client.force_login(writer)
    assert client.get(address).status_code == 404
    client.force_login(other_writer)
    page = client.get(address)
    assert "Delete this message?" in page.content.decode()
    assert Post.objects.filter(pk=answer.pk).exists()
    response = client.post(address)
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk)
    assert not Post.objects.filter(pk=answer.pk).exists()


def test_deleting_the_first_post_warns_and_removes_the_thread(client, forum, writer):
    thread = start(forum, writer)
    address = url(forum, "post_delete", thread_pk=thread.pk, post_pk=first_post(thread).pk)
    client.force_login(writer)
    assert "Delete the whole thread?" in client.get(address).content.decode()
    response = client.post(address)
    assert response["Location"] == url(forum, "threads")
    assert not Thread.objects.exists()


def test_moderators_pin_lock_and_hide_from_the_page(client, forum, writer, other_writer, moderator):
    thread = start(forum, writer)
    answer = reply(thread, other_writer, body="Off-topic advert")
    client.force_login(moderator)
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert url(forum, "thread_pin", thread_pk=thread.pk) in html
    assert url(forum, "post_hide", thread_pk=thread.pk, post_pk=answer.pk) in html
    client.post(url(forum, "thread_pin", thread_pk=thread.pk), {"pinned": "1"})
    client.post(url(forum, "thread_lock", thread_pk=thread.pk), {"locked": "1"})
    client.post(url(forum, "post_hide", thread_pk=thread.pk, post_pk=answer.pk), {"hidden": "1"})
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert thread.is_pinned
    assert thread.is_locked
    assert answer.is_hidden
    assert "Off-topic advert" in client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    client.force_login(writer)
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert "Off-topic advert" not in html
    hidden_address = url(forum, "post_edit", thread_pk=thread.pk, post_pk=answer.pk)
    assert client.get(hidden_address).status_code == 404


def test_non_moderators_cannot_moderate_and_get_is_not_allowed(client, forum, writer):
    thread = start(forum, writer)
    client.force_login(writer)
    assert client.post(url(forum, "thread_pin", thread_pk=thread.pk), {"pinned": "1"}).status_code == 404
    post = first_post(thread)
    hide = url(forum, "post_hide", thread_pk=thread.pk, post_pk=post.pk)
    assert client.post(hide, {"hidden": "1"}).status_code == 404
    grant(writer, owner.MODERATOR)
    assert client.get(url(forum, "thread_pin", thread_pk=thread.pk)).status_code == 405
    assert client.get(hide).status_code == 405
    thread.refresh_from_db()
    post.refresh_from_db()
    assert not thread.is_pinned
    assert not post.is_hidden


def test_changes_need_the_csrf_token(forum, writer):
    thread = start(forum, writer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    response = client.post(url(forum, "reply", thread_pk=thread.pk), {"body": "No token"})
    assert response.status_code == 403
    assert Post.objects.count() == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markup_in_titles_and_messages_is_shown_as_text(client, forum, writer, payload):
    client.force_login(writer)
    client.post(url(forum, "thread_new"), {"title": f"T {payload}", "body": f"Look\n{payload}"})
    thread = Thread.objects.get()
    reply(thread, writer, body=payload)
    for address in (url(forum, "threads"), url(forum, "thread", thread_pk=thread.pk)):
        html = client.get(address).content.decode()
        assert payload not in html
        assert "<script>alert" not in html
        assert "onerror=alert(1)>" not in html
        assert "<svg onload" not in html
        assert 'href="javascript:' not in html
    html = client.get(url(forum, "thread", thread_pk=thread.pk)).content.decode()
    assert f"Look<br>{escape(payload)}" in html


def test_thread_list_paginates_by_25(client, forum, writer):
    for number in range(30):
        start(forum, writer, title=f"Thread {number}")
    client.force_login(writer)
    first = client.get(url(forum, "threads")).context["page"]
    assert len(first.object_list) == 25
    second = client.get(url(forum, "threads") + "?page=2").context["page"]
    assert len(second.object_list) == 5


def test_thread_page_paginates_by_50_and_finds_a_post(client, forum, writer):
    thread = start(forum, writer)
    for number in range(55):
        reply(thread, writer, body=f"Reply {number}")
    client.force_login(writer)
    assert len(client.get(url(forum, "thread", thread_pk=thread.pk)).context["posts"]) == 50
    assert len(client.get(url(forum, "thread", thread_pk=thread.pk) + "?page=2").context["posts"]) == 6
    last = Post.objects.latest("pk")
    response = client.get(url(forum, "thread", thread_pk=thread.pk) + f"?post={last.pk}")
    assert response["Location"] == url(forum, "thread", thread_pk=thread.pk) + f"?page=2#post-{last.pk}"


def _queries(client, address) -> int:
    client.get(address)  # the first request of a session loads what later ones find cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_thread_list_query_count_does_not_grow(client, forum, moderator):
    authors = [grant(UserFactory(), owner.WRITER) for _ in range(3)]
    start(forum, authors[0])
    client.force_login(moderator)
    one = _queries(client, url(forum, "threads"))
    for number in range(29):
        start(forum, authors[number % 3], title=f"Thread {number}")
    assert _queries(client, url(forum, "threads")) == one


def test_thread_page_query_count_does_not_grow(client, forum, writer, moderator):
    authors = [grant(UserFactory(), owner.WRITER) for _ in range(3)]
    thread = start(forum, writer)
    client.force_login(moderator)
    one = _queries(client, url(forum, "thread", thread_pk=thread.pk))
    previous = first_post(thread)
    for number in range(49):
        previous = reply(thread, authors[number % 3], body=f"Reply {number}", parent=previous if number % 2 else None)
    assert Post.objects.filter(thread=thread).count() == 50
    assert _queries(client, url(forum, "thread", thread_pk=thread.pk)) == one
