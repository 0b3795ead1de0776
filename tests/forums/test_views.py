"""The forum pages: who sees what, publishing through the form, replies and their notification,
the private-message link, and query-count guards."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.forums.factories import category, publish
from tests.profiles.factories import profile_of
from twinning.discussions.models import Post, Thread
from twinning.discussions.services import post_reply
from twinning.forums.models import Idea
from twinning.forums.permissions import idea_access, visible_ideas
from twinning.network.services import contact_create
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _form(**changes):
    data = {
        "category": str(category().pk),
        "title": "Robots in the classroom",
        "description": "Build small robots and film them.",
        "age_bands": ["13-15"],
        "subjects": ["computing"],
        "languages": ["en"],
        "countries_wanted": ["FR"],
        "keywords": "robots",
        "availability": "Spring",
    }
    data.update(changes)
    return data


# --- visibility -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["index", "mine", "new"])
def test_signed_out_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(f"forums:{name}"))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_signed_out_idea_and_category_pages_ask_to_log_in(client, teacher_es):
    idea = publish(teacher_es)
    for url in (reverse("forums:idea", args=[idea.pk]), reverse("forums:category", args=["ages-10-12"])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_pupils_get_404_everywhere(client, teacher_es):
    idea = publish(teacher_es)
    pupil = UserFactory(is_pupil=True, is_validated=True)
    _login(client, pupil)
    for url in (
        reverse("forums:index"),
        reverse("forums:category", args=["ages-10-12"]),
        reverse("forums:idea", args=[idea.pk]),
        reverse("forums:new"),
        reverse("forums:replies:thread", args=[idea.pk, idea.thread_id]),
    ):
        assert client.get(url).status_code == 404
    assert not visible_ideas(pupil).exists()


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [("author", True), ("teacher_fr", True), ("pending_other", True), ("css_officer", True)],
)
def test_an_idea_of_a_validated_author_is_seen_by_every_teacher(
    client, teacher_es, teacher_fr, css_officer, viewer, sees
):
    idea = publish(teacher_es)
    users = {
        "author": teacher_es,
        "teacher_fr": teacher_fr,
        "pending_other": UserFactory(is_validated=False),
        "css_officer": css_officer,
    }
    _login(client, users[viewer])
    assert (client.get(reverse("forums:idea", args=[idea.pk])).status_code == 200) is sees


def test_a_held_idea_shows_to_its_author_only(client, pending_teacher_es, teacher_fr, css_officer):
    idea = publish(pending_teacher_es)
    _login(client, pending_teacher_es)
    page = client.get(reverse("forums:idea", args=[idea.pk]))
    assert page.status_code == 200
    assert "Held until your validation" in page.content.decode()
    mine = client.get(reverse("forums:mine")).content.decode()
    assert idea.title in mine
    assert "Held until your validation" in mine
    for other in (teacher_fr, css_officer):
        _login(client, other)
        assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 404
        assert client.get(reverse("forums:replies:thread", args=[idea.pk, idea.thread_id])).status_code == 404
        assert idea.title not in client.get(reverse("forums:category", args=["ages-10-12"])).content.decode()


def test_a_held_idea_appears_when_its_author_is_validated(client, pending_teacher_es, teacher_fr):
    idea = publish(pending_teacher_es)
    _login(client, teacher_fr)
    assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 404
    type(pending_teacher_es).objects.filter(pk=pending_teacher_es.pk).update(is_validated=True)
    assert client.get(reverse("forums:idea", args=[idea.pk])).status_code == 200


def test_the_replies_mount_shows_only_this_ideas_thread(client, teacher_es, teacher_fr):
    first = publish(teacher_es)
    second = publish(teacher_es, title="Another idea")
    _login(client, teacher_fr)
    assert client.get(reverse("forums:replies:thread", args=[first.pk, first.thread_id])).status_code == 200
    assert client.get(reverse("forums:replies:thread", args=[first.pk, second.thread_id])).status_code == 404
    assert client.get(reverse("forums:replies:thread_new", args=[first.pk])).status_code == 404
    response = client.get(reverse("forums:replies:threads", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("forums:idea", args=[first.pk])


# --- pages ----------------------------------------------------------------------------------------


def test_index_lists_forums_with_open_idea_counts(client, teacher_es):
    publish(teacher_es)
    body = _login(client, teacher_es).get(reverse("forums:index")).content.decode()
    assert "Pupils aged 10 to 12" in body
    assert "1 open idea" in body
    assert reverse("forums:category", args=["ages-10-12"]) in body


def test_category_lists_newest_first_and_hides_closed_unless_asked(client, teacher_es):
    from twinning.forums.services import idea_close

    old = publish(teacher_es, title="Older idea")
    new = publish(teacher_es, title="Newer idea")
    closed = publish(teacher_es, title="Closed idea")
    idea_close(actor=teacher_es, idea=closed)
    _login(client, teacher_es)
    body = client.get(reverse("forums:category", args=["ages-10-12"])).content.decode()
    assert body.index(new.title) < body.index(old.title)
    assert closed.title not in body
    assert closed.title in client.get(reverse("forums:category", args=["ages-10-12"]) + "?closed=1").content.decode()


def test_category_paginates_by_20(client, teacher_es):
    for number in range(21):
        publish(teacher_es, title=f"Idea number {number:02d}")
    _login(client, teacher_es)
    first = client.get(reverse("forums:category", args=["ages-10-12"]))
    assert len(first.context["ideas"]) == 20
    second = client.get(reverse("forums:category", args=["ages-10-12"]) + "?page=2")
    assert [idea.title for idea in second.context["ideas"]] == ["Idea number 00"]


def test_idea_page_shows_every_field(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    body = _login(client, teacher_fr).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    for text in (
        idea.title,
        "Lucía García",
        "Spain",
        "10 to 12",
        "Biology",
        "English",
        "France",
        "Italy",
        "weather, climate",
        "From October",
    ):
        assert text in body, text


def test_publish_through_the_form(client, teacher_es):
    _login(client, teacher_es)
    response = client.post(reverse("forums:new"), _form())
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("forums:idea", args=[idea.pk])
    assert idea.author == teacher_es
    assert idea.age_bands == ["13-15"]


def test_publish_form_preselects_the_forum(client, teacher_es):
    response = _login(client, teacher_es).get(reverse("forums:new") + "?category=etwinning-plus")
    assert response.context["form"].initial["category"] == category("etwinning-plus").pk


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"description": ""},
        {"age_bands": []},
        {"languages": []},
        {"age_bands": ["nonsense"]},
        {"countries_wanted": ["XX"]},
        {"category": "999999"},
        {"title": "<script>alert(1)</script>" * 20},
        {"description": "a\x00b"},
    ],
)
def test_bad_form_input_stores_nothing(client, teacher_es, changes):
    response = _login(client, teacher_es).post(reverse("forums:new"), _form(**changes))
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert not Thread.objects.exists()


def test_markup_in_an_idea_is_shown_as_text(client, teacher_es, teacher_fr):
    idea = publish(teacher_es, title="<script>alert(1)</script>", description='<img src=x onerror="alert(2)">')
    body = _login(client, teacher_fr).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;" in body


def test_edit_and_close_pages_are_the_authors_only(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    _login(client, teacher_fr)
    assert client.get(reverse("forums:edit", args=[idea.pk])).status_code == 404
    assert client.post(reverse("forums:close", args=[idea.pk])).status_code == 404
    _login(client, teacher_es)
    response = client.post(reverse("forums:edit", args=[idea.pk]), _form(title="Renamed"))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Renamed"
    assert client.post(reverse("forums:close", args=[idea.pk])).status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.CLOSED
    assert client.get(reverse("forums:edit", args=[idea.pk])).status_code == 404


def test_the_close_button_shows_for_the_author_only(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    assert (
        "Close: partners found"
        in _login(client, teacher_es).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    )
    assert (
        "Close: partners found"
        not in _login(client, teacher_fr).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    )


# --- replies and notifications --------------------------------------------------------------------


def test_a_reply_notifies_the_author_once(client, teacher_es, teacher_fr):
    idea = publish(teacher_es)
    _login(client, teacher_fr)
    response = client.post(reverse("forums:replies:reply", args=[idea.pk, idea.thread_id]), {"body": "Count us in!"})
    assert response.status_code == 302
    assert Post.objects.filter(thread_id=idea.thread_id, body="Count us in!").exists()
    notes = Notification.objects.filter(recipient=teacher_es)
    assert [note.kind for note in notes] == ["idea_reply"]
    assert notes[0].url.startswith(reverse("forums:idea", args=[idea.pk]))
    assert notes[0].params["idea"] == idea.title
    assert not Notification.objects.filter(recipient=teacher_fr).exists()
    assert "Count us in!" in client.get(reverse("forums:idea", args=[idea.pk])).content.decode()


def test_the_authors_own_reply_notifies_nobody(client, teacher_es):
    idea = publish(teacher_es)
    _login(client, teacher_es).post(
        reverse("forums:replies:reply", args=[idea.pk, idea.thread_id]), {"body": "More details"}
    )
    assert not Notification.objects.filter(kind="idea_reply").exists()


def test_a_closed_idea_takes_no_replies(client, teacher_es, teacher_fr):
    from twinning.forums.services import idea_close

    idea = publish(teacher_es)
    idea_close(actor=teacher_es, idea=idea)
    _login(client, teacher_fr)
    page = client.get(reverse("forums:idea", args=[idea.pk]))
    assert page.context["form"] is None
    client.post(reverse("forums:replies:reply", args=[idea.pk, idea.thread_id]), {"body": "Too late?"})
    assert not Post.objects.filter(body="Too late?").exists()


def test_teachers_not_validated_cannot_reply(client, teacher_es, pending_teacher_es):
    idea = publish(teacher_es)
    _login(client, pending_teacher_es)
    assert client.get(reverse("forums:idea", args=[idea.pk])).context["form"] is None
    response = client.post(reverse("forums:replies:reply", args=[idea.pk, idea.thread_id]), {"body": "Hello"})
    assert response.status_code == 404
    assert not Post.objects.filter(body="Hello").exists()


# --- private messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("messages_from", "contacts", "may_write"),
    [
        ("members", False, True),
        ("contacts", False, False),
        ("contacts", True, True),
        ("nobody", False, False),
    ],
)
def test_private_message_respects_the_authors_setting(
    client, teacher_es, teacher_fr, messages_from, contacts, may_write
):
    profile_of(teacher_es, messages_from=messages_from)
    if contacts:
        contact_create(first=teacher_es, second=teacher_fr)
    idea = publish(teacher_es)
    body = _login(client, teacher_fr).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    link = f"{reverse('messaging:new')}?to={teacher_es.pk}"
    assert (link in body) is may_write
    if not may_write:
        assert "Lucía García" in body
        assert "messages" in body


def test_no_message_link_to_oneself(client, teacher_es):
    idea = publish(teacher_es)
    body = _login(client, teacher_es).get(reverse("forums:idea", args=[idea.pk])).content.decode()
    assert reverse("messaging:new") not in body


# --- access rules ---------------------------------------------------------------------------------


def test_officers_moderate_replies_in_their_scope_only(
    teacher_es, teacher_fr, css_officer, nss_officer_es, nss_officer_fr
):
    idea = Idea.objects.select_related("author").get(pk=publish(teacher_es).pk)
    assert idea_access(css_officer, idea).can_moderate
    assert idea_access(nss_officer_es, idea).can_moderate
    assert not idea_access(nss_officer_fr, idea).can_moderate
    assert not idea_access(teacher_fr, idea).can_moderate


# --- query counts ---------------------------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_category_page_queries_do_not_grow_with_ideas(client, teacher_es, teacher_fr):
    publish(teacher_es)
    _login(client, teacher_fr)
    url = reverse("forums:category", args=["ages-10-12"])
    _count(client, url)
    one = _count(client, url)
    for number in range(29):
        author = teacher_es if number % 2 else teacher_fr
        publish(author, title=f"Idea {number}", age_bands=["10-12", "13-15"], languages=["en", "fr"])
    assert _count(client, url) == one


def test_idea_page_queries_do_not_grow_with_replies(client, teacher_es, teacher_fr):
    from twinning.forums.permissions import idea_access as access_for

    idea = publish(teacher_es)
    access = access_for(teacher_fr, Idea.objects.select_related("author").get(pk=idea.pk)).replies()
    first = post_reply(actor=teacher_fr, thread=idea.thread, access=access, body="First reply")
    _login(client, teacher_fr)
    url = reverse("forums:idea", args=[idea.pk])
    _count(client, url)
    one = _count(client, url)
    others = [UserFactory(is_validated=True) for _ in range(5)]
    for number in range(29):
        post_reply(
            actor=others[number % 5],
            thread=Thread.objects.get(pk=idea.thread_id),
            access=access,
            body=f"Reply {number}",
            parent=first if number % 3 == 0 else None,
        )
    assert _count(client, url) == one
