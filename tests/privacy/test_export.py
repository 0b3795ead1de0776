"""Download my data: the user's own data from every app, and nothing of anybody else's."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.privacy.cast import teacher_with_everything
from tests.twinspace.factories import make_twinspace
from twinning.messaging.services import conversation_start
from twinning.privacy.selectors import personal_data

pytestmark = pytest.mark.django_db

URL = reverse("privacy:export")


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="twinning-my-data-')
    assert response["Content-Disposition"].endswith('.json"')
    assert "no-store" in response["Cache-Control"]
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_page_explains_the_download(client, teacher_es):
    client.force_login(teacher_es)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Download my data" in response.text
    assert "mailbox" in response.text


def test_the_file_holds_the_users_data_from_every_app(client, teacher_es, teacher_fr):
    cast = teacher_with_everything(teacher_es, teacher_fr)
    data = _download(client, teacher_es)

    assert data["account"]["email"] == teacher_es.email
    assert data["account"]["first_name"] == "Lucía"
    assert data["account"]["time_zone"] == teacher_es.time_zone
    assert data["profile"]["about"] == "I grow tomatoes with my class."
    assert data["profile"]["subjects"] == ["biology"]
    assert [row["school__country"] for row in data["schools"]] == ["ES"]
    assert [row["name"] for row in data["contacts"]] == ["Camille Martin"]
    assert [row["name"] for row in data["following"]] == [cast.followed.full_name]
    assert [row["name"] for row in data["blocked"]] == [cast.blocked.full_name]
    assert [(row["direction"], row["note"]) for row in data["contact_invitations"]] == [
        ("sent", "Shall we work together?")
    ]
    assert [row["body"] for row in data["profile_posts"]] == ["Our class planted tomatoes."]
    forum_bodies = [row["body"] for row in data["forum_posts"]]
    assert "More details soon." in forum_bodies
    assert "Our class's contribution." in forum_bodies  # the course activities' threads
    assert [row["body"] for row in data["twinspace_updates"]] == ["Seeds are in."]
    assert [row["body"] for row in data["twinspace_comments"]] == ["First leaves!"]
    (conversation,) = data["conversations"]
    assert conversation["subject"] == "Partnership"
    assert conversation["with"] == ["Camille Martin"]
    assert [(m["from"], m["body"]) for m in conversation["messages"]] == [
        ("me", "Hello, shall we start?"),
        ("Camille Martin", "Yes, gladly."),
    ]
    assert [(row["title"], row["role"]) for row in data["projects"]] == [("Tomato science", "founder")]
    groups = {row["name"]: row["role"] for row in data["groups"]}
    assert groups["Tomato growers"] == "admin"
    assert [row["title"] for row in data["project_ideas"]] == ["Tomatoes across Europe"]
    assert [row["title"] for row in data["events"]["organised"]] == ["Tomato workshop"]
    registrations = {row["title"]: row for row in data["events"]["registrations"]}
    assert registrations["Someone else's workshop"]["state"] == "registered"
    assert registrations["A talk attended"]["attended"] is True
    assert [row["title"] for row in data["courses"]["applications"]] == ["Projects step by step"]
    assert [row["activity"] for row in data["courses"]["activities_done"]] == ["Week 1", "Week 2"]
    assert [row["course"] for row in data["courses"]["completions"]] == ["Projects step by step"]
    assert [(row["module"], row["score"]) for row in data["self_learning_completions"]] == [("Safe internet", 90)]
    (certificate,) = data["certificates"]
    assert certificate["kind"] == "course_completion"
    assert certificate["title"] == "Projects step by step"
    assert certificate["code"]
    kinds = {row["kind"] for row in data["progress_actions"]}
    assert {"follow", "message_sent", "course_completed", "event_attended", "project_founded"} <= kinds
    assert any(row["kind"] == "message" and "Camille Martin" in row["text"] for row in data["notifications"])


def test_the_file_holds_nothing_of_anybody_else(client, teacher_es, teacher_fr):
    cast = teacher_with_everything(teacher_es, teacher_fr)
    stranger = UserFactory(first_name="Zoe", last_name="Stranger", is_validated=True)
    conversation_start(actor=teacher_fr, recipients=[stranger], subject="Private", body="A secret for Zoe only")
    teacher_fr.profile.about = "Camille's own profile text"
    teacher_fr.profile.save()
    make_twinspace(title="Camille's space", teacher_admin=teacher_fr)

    text = json.dumps(_download(client, teacher_es), ensure_ascii=False)

    for other in (teacher_fr, stranger, cast.followed, cast.blocked, cast.course.event.organiser):
        assert other.email not in text
    assert "A secret for Zoe only" not in text
    assert "Private" not in text
    assert "Camille's own profile text" not in text
    assert "Camille's space" not in text


def test_a_conversation_left_keeps_only_the_users_own_messages(teacher_es, teacher_fr):
    from twinning.messaging.services import conversation_leave, message_send

    conversation = conversation_start(actor=teacher_es, recipients=[teacher_fr], body="Mine, before leaving")
    message_send(actor=teacher_fr, conversation=conversation, body="Theirs")
    conversation_leave(actor=teacher_es, conversation=conversation)
    (exported,) = personal_data(user=teacher_es)["conversations"]
    assert [m["body"] for m in exported["messages"]] == ["Mine, before leaving"]
    assert exported["left_at"] is not None


def test_the_number_of_queries_does_not_grow_with_the_data(teacher_es, teacher_fr):
    teacher_with_everything(teacher_es, teacher_fr)
    with CaptureQueriesContext(connection) as once:
        first = personal_data(user=teacher_es)
    teacher_with_everything(teacher_es, UserFactory(is_validated=True), tag=" again")
    with CaptureQueriesContext(connection) as twice:
        second = personal_data(user=teacher_es)
    assert len(second["forum_posts"]) > len(first["forum_posts"])
    assert len(second["conversations"]) == 2
    assert len(twice.captured_queries) == len(once.captured_queries)


def test_pupils_get_a_404(client):
    space = make_twinspace()
    client.force_login(space.pupil)
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 404


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.post(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_support_staff_may_download_theirs(client, nss_officer_es):
    data = _download(client, nss_officer_es)
    assert data["account"]["email"] == nss_officer_es.email
