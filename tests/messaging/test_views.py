"""Message pages: inbox, new message, conversation, leaving; the top-bar icon and the profile's envelope."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.messaging.conftest import start, teacher
from twinning.messaging.models import Conversation, ConversationMember, Message
from twinning.messaging.services import message_send
from twinning.network.models import Block
from twinning.network.services import contact_create
from twinning.profiles.models import Audience

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"messaging:{name}", args=args)


def _unread(conversation, user) -> int:
    return ConversationMember.objects.get(conversation=conversation, user=user).unread_count


# Signing in and membership


def test_anonymous_visitors_are_sent_to_log_in(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    urls = [_url("inbox"), _url("new"), _url("conversation", conversation.pk), _url("leave", conversation.pk)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    response = client.post(_url("conversation", conversation.pk), {"body": "Sneaky"})
    assert response.status_code == 302
    assert Message.objects.count() == 1


def test_non_members_get_404_everywhere(client, teacher_es, teacher_fr, head_teacher_es):
    conversation = start(teacher_es, teacher_fr)
    client.force_login(head_teacher_es)
    assert client.get(_url("conversation", conversation.pk)).status_code == 404
    assert client.post(_url("conversation", conversation.pk), {"body": "Let me in"}).status_code == 404
    assert client.post(_url("mark_unread", conversation.pk)).status_code == 404
    assert client.get(_url("leave", conversation.pk)).status_code == 404
    assert client.post(_url("leave", conversation.pk)).status_code == 404
    assert client.get(_url("conversation", conversation.pk + 1000)).status_code == 404
    assert Message.objects.count() == 1
    assert ConversationMember.objects.filter(left_at__isnull=False).count() == 0


def test_a_member_who_left_gets_404(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    client.force_login(teacher_fr)
    client.post(_url("leave", conversation.pk))
    assert client.get(_url("conversation", conversation.pk)).status_code == 404


# Inbox


def test_the_empty_inbox_says_how_to_start(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(_url("inbox")).content.decode()
    assert "No messages yet" in html
    assert _url("new") in html


def test_the_inbox_shows_people_subject_and_unread(client, teacher_es, teacher_fr):
    start(teacher_fr, teacher_es, subject="eTwinning project", body="Bonjour Lucía")
    client.force_login(teacher_es)
    html = client.get(_url("inbox")).content.decode()
    assert "Camille Martin" in html
    assert "eTwinning project" in html
    assert "Bonjour Lucía" in html
    assert "1 unread" in html


def test_the_inbox_is_paginated_by_30(client, many_per_hour, teacher_es):
    for sender in UserFactory.create_batch(31):
        start(sender, teacher_es, body=f"From {sender.first_name}")
    client.force_login(teacher_es)
    first = client.get(_url("inbox"))
    assert len(first.context["memberships"]) == 30
    second = client.get(_url("inbox") + "?page=2")
    assert len(second.context["memberships"]) == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_inbox_keeps_a_constant_number_of_queries(client, many_per_hour, teacher_es):
    start(UserFactory(), teacher_es)
    client.force_login(teacher_es)
    client.get(_url("inbox"))  # the first request of a session does its own one-off work
    one = _queries(client, _url("inbox"))
    for _n in range(29):
        start(UserFactory(), UserFactory(), teacher_es)
    assert _queries(client, _url("inbox")) == one


# Writing a new message


def test_new_message_offers_my_contacts(client, teacher_es, teacher_fr):
    contact_create(first=teacher_es, second=teacher_fr)
    unwilling = teacher(messages_from=Audience.NOBODY)
    contact_create(first=teacher_es, second=unwilling)
    client.force_login(teacher_es)
    response = client.get(_url("new"))
    assert [person.pk for person in response.context["people"]] == [teacher_fr.pk]


def test_new_message_without_anybody_to_write_to_explains(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(_url("new")).content.decode()
    assert "There is nobody you can write to from here yet" in html


def test_write_from_a_profile_prefills_and_sends(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    url = _url("new") + f"?to={teacher_fr.pk}"
    response = client.get(url)
    assert response.context["form"].initial["recipients"] == [teacher_fr.pk]
    assert "Camille Martin" in response.content.decode()

    response = client.post(url, {"recipients": [teacher_fr.pk], "subject": "Hello", "body": "Shall we?"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("conversation", conversation.pk)
    assert conversation.subject == "Hello"
    assert _unread(conversation, teacher_fr) == 1


def test_a_contacts_only_stranger_is_not_offered_and_the_reason_is_shown(client, teacher_es):
    lucia = teacher(messages_from=Audience.CONTACTS, first_name="Lucía", last_name="Pérez")
    client.force_login(teacher_es)
    url = _url("new") + f"?to={lucia.pk}"
    response = client.get(url)
    html = response.content.decode()
    assert "Lucía Pérez accepts messages from contacts only: invite them as a contact first." in html
    assert response.context["people"] == []

    response = client.post(url, {"recipients": [lucia.pk], "body": "Hi"})
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_a_hidden_profile_is_not_named_on_the_page(client, teacher_es):
    hidden = teacher(visibility=Audience.CONTACTS, first_name="Secreta", last_name="Persona")
    client.force_login(teacher_es)
    html = client.get(_url("new") + f"?to={hidden.pk}&to=nonsense").content.decode()
    assert "Secreta" not in html


def test_an_empty_message_is_refused_and_nothing_stored(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    url = _url("new") + f"?to={teacher_fr.pk}"
    response = client.post(url, {"recipients": [teacher_fr.pk], "body": "   "})
    assert response.status_code == 200
    assert "Write your message before sending it." in response.content.decode()
    response = client.post(url, {"body": "Hello"})
    assert "Choose at least one person to write to." in response.content.decode()
    assert not Conversation.objects.exists()


def test_the_hourly_limit_is_shown_on_the_form(client, settings, teacher_es, teacher_fr):
    settings.MESSAGING_NEW_CONVERSATIONS_PER_HOUR = 1
    start(teacher_es, UserFactory())
    client.force_login(teacher_es)
    url = _url("new") + f"?to={teacher_fr.pk}"
    response = client.post(url, {"recipients": [teacher_fr.pk], "body": "Hello"})
    assert response.status_code == 200
    assert "You have started 1 conversation in the last hour." in response.content.decode()
    assert Conversation.objects.count() == 1


# A conversation


def test_viewing_marks_read_and_reply_works(client, teacher_es, teacher_fr):
    conversation = start(teacher_fr, teacher_es, body="Bonjour")
    client.force_login(teacher_es)
    html = client.get(_url("conversation", conversation.pk)).content.decode()
    assert "Bonjour" in html
    assert _unread(conversation, teacher_es) == 0

    response = client.post(_url("conversation", conversation.pk), {"body": "¡Hola!"})
    assert response.status_code == 302
    assert response["Location"] == _url("conversation", conversation.pk) + "#latest"
    assert _unread(conversation, teacher_fr) == 1
    assert Message.objects.filter(sender=teacher_es, body="¡Hola!").exists()


def test_an_empty_reply_shows_the_error_and_stores_nothing(client, teacher_es, teacher_fr):
    conversation = start(teacher_fr, teacher_es)
    client.force_login(teacher_es)
    response = client.post(_url("conversation", conversation.pk), {"body": "  "})
    assert response.status_code == 200
    assert "Write your message before sending it." in response.content.decode()
    assert Message.objects.count() == 1


def test_a_blocked_conversation_shows_why_instead_of_the_reply_form(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    Block.objects.create(blocker=teacher_es, blocked=teacher_fr)
    client.force_login(teacher_fr)
    response = client.get(_url("conversation", conversation.pk))
    html = response.content.decode()
    assert "You cannot write to Lucía García." in html
    assert 'name="body"' not in html


def test_the_latest_messages_show_first_with_a_link_to_earlier_ones(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr, body="Message 0")
    for n in range(1, 55):
        message_send(actor=teacher_es, conversation=conversation, body=f"Message {n}")
    client.force_login(teacher_fr)
    response = client.get(_url("conversation", conversation.pk))
    shown = [m.body for m in response.context["messages_page"]]
    assert shown[-1] == "Message 54"
    assert "Message 0" not in shown
    assert "Earlier messages" in response.content.decode()
    earlier = client.get(_url("conversation", conversation.pk) + "?page=1")
    assert earlier.context["messages_page"][0].body == "Message 0"


def test_the_conversation_keeps_a_constant_number_of_queries(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    client.force_login(teacher_fr)
    client.get(_url("conversation", conversation.pk))  # reads it, so both counts below read nothing new
    one = _queries(client, _url("conversation", conversation.pk))
    for n in range(49):
        message_send(actor=teacher_es if n % 2 else teacher_fr, conversation=conversation, body=f"n{n}")
    ConversationMember.objects.update(unread_count=0)
    assert _queries(client, _url("conversation", conversation.pk)) == one


def test_mark_unread_and_leave_with_confirmation(client, teacher_es, teacher_fr):
    conversation = start(teacher_es, teacher_fr)
    client.force_login(teacher_fr)
    client.get(_url("conversation", conversation.pk))
    response = client.post(_url("mark_unread", conversation.pk))
    assert response["Location"] == _url("inbox")
    assert _unread(conversation, teacher_fr) == 1

    response = client.get(_url("leave", conversation.pk))
    assert "Leave the conversation?" in response.content.decode()
    assert ConversationMember.objects.get(conversation=conversation, user=teacher_fr).left_at is None
    client.post(_url("leave", conversation.pk))
    assert ConversationMember.objects.get(conversation=conversation, user=teacher_fr).left_at is not None


# The top bar's Messages icon


def test_the_messages_icon_shows_the_unread_count(client, many_per_hour, teacher_es, teacher_fr):
    conversation = start(teacher_fr, teacher_es)
    message_send(actor=teacher_fr, conversation=conversation, body="And another")
    start(UserFactory(), teacher_es)
    client.force_login(teacher_es)
    html = client.get(reverse("help:index")).content.decode()
    assert 'aria-label="Messages"' in html
    assert f'href="{_url("inbox")}"' in html
    assert "3 unread" in html
    assert 'class="nav__count"' in html


def test_the_messages_icon_has_no_counter_when_all_is_read(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(reverse("help:index")).content.decode()
    assert 'aria-label="Messages"' in html
    assert "nav-messages-count" not in html


def test_signed_out_visitors_see_no_messages_icon(client):
    html = client.get(reverse("help:index")).content.decode()
    assert 'aria-label="Messages"' not in html


def _render_icon(user) -> tuple[str, int]:
    template = Template('{% include "messaging/_nav_icon.html" %}')
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"user": user}))
    return html, len(captured)


def test_the_messages_icon_costs_one_query_whatever_the_unread(many_per_hour, teacher_es):
    html, none_unread = _render_icon(teacher_es)
    assert none_unread == 1
    for sender in UserFactory.create_batch(12):
        start(sender, teacher_es)
    html, many_unread = _render_icon(teacher_es)
    assert many_unread == 1
    assert "12 unread" in html


# The envelope on profiles


def _profile_html(client, owner) -> str:
    return client.get(reverse("profiles:detail", args=[owner.pk])).content.decode()


def test_the_profile_offers_write_a_message(client, teacher_es, teacher_fr):
    client.force_login(teacher_es)
    html = _profile_html(client, teacher_fr)
    assert "Write a message" in html
    assert f"{_url('new')}?to={teacher_fr.pk}" in html


def test_the_profile_explains_contacts_only_kindly(client, teacher_es):
    lucia = teacher(messages_from=Audience.CONTACTS, first_name="Lucía", last_name="Pérez")
    client.force_login(teacher_es)
    html = _profile_html(client, lucia)
    assert "Write a message" not in html
    assert "accepts messages from contacts only" in html
    contact_create(first=teacher_es, second=lucia)
    assert "Write a message" in _profile_html(client, lucia)


@pytest.mark.parametrize("case", ["owner", "nobody", "blocked", "anonymous"])
def test_the_profile_offers_nothing_when_writing_is_not_possible(client, teacher_es, case):
    owner = teacher(messages_from=Audience.NOBODY if case == "nobody" else Audience.EVERYONE, visibility="everyone")
    if case == "owner":
        client.force_login(owner)
    elif case != "anonymous":
        client.force_login(teacher_es)
    if case == "blocked":
        Block.objects.create(blocker=owner, blocked=teacher_es)
    html = _profile_html(client, owner)
    assert "Write a message" not in html
    assert "does not accept" not in html
    assert "You cannot write" not in html
