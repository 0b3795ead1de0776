"""The notification pages: the list, opening one, marking all read, the email preferences and the bell."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.accounts.factories import UserFactory
from twinning.notifications.kinds import KINDS, Delivery
from twinning.notifications.models import Notification, NotificationPreference
from twinning.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
PREFERENCES = reverse("notifications:preferences")
READ_ALL = reverse("notifications:read_all")


def _open_url(notification):
    return reverse("notifications:open", args=[notification.pk])


# Signing in


def test_every_page_asks_anonymous_visitors_to_log_in(client, teacher_es, actor):
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    responses = [client.get(LIST), client.get(PREFERENCES), client.post(PREFERENCES, {"message": "never"})]
    responses += [client.post(_open_url(notification)), client.post(READ_ALL)]
    for response in responses:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is None
    assert not NotificationPreference.objects.exists()


# The list


def test_the_list_shows_my_notifications_newest_first_with_unread_marked(client, teacher_es, teacher_fr, actor):
    older = notify(recipient=teacher_es, kind="new_follower", actor=actor)
    newer = notify(recipient=teacher_es, kind="contact_invitation", actor=actor)
    notify(recipient=teacher_fr, kind="message", actor=actor)
    older.read_at = older.created_at
    older.save()
    client.force_login(teacher_es)

    response = client.get(LIST)

    assert list(response.context["page"].object_list) == [newer, older]
    html = response.content.decode()
    assert html.index("Marta Rossi invites you to be their contact.") < html.index("Marta Rossi started following you.")
    assert "wrote you a message" not in html
    assert html.count("notification--unread") == 1
    assert "Unread:" in html
    assert f'action="{READ_ALL}"' in html
    assert f'href="{PREFERENCES}"' in html


def test_mark_all_as_read_is_offered_while_unread_notifications_wait_on_a_later_page(client, teacher_es, actor):
    older = notify(recipient=teacher_es, kind="new_follower", actor=actor)
    Notification.objects.bulk_create(
        [Notification(recipient=teacher_es, actor=actor, kind="new_follower") for _ in range(30)]
    )
    Notification.objects.exclude(pk=older.pk).update(read_at=older.created_at)
    client.force_login(teacher_es)

    first_page = client.get(LIST)

    assert older not in first_page.context["page"].object_list
    assert f'action="{READ_ALL}"' in first_page.content.decode()

    older.read_at = older.created_at
    older.save()
    assert f'action="{READ_ALL}"' not in client.get(LIST).content.decode()


def test_the_empty_list_says_so(client, teacher_es):
    client.force_login(teacher_es)
    html = client.get(LIST).content.decode()
    assert "You have no notifications yet." in html
    assert "Mark all as read" not in html
    assert f'href="{PREFERENCES}"' in html


def test_a_notification_of_a_removed_kind_still_lists(client, teacher_es, actor):
    Notification.objects.create(recipient=teacher_es, actor=actor, kind="removed_long_ago")
    client.force_login(teacher_es)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Something happened on Twinning that concerns you." in response.content.decode()


def test_the_list_is_paginated_by_thirty(client, teacher_es, actor):
    Notification.objects.bulk_create(
        [Notification(recipient=teacher_es, actor=actor, kind="new_follower") for _ in range(31)]
    )
    client.force_login(teacher_es)
    assert len(client.get(LIST).context["page"].object_list) == 30
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 1
    assert len(client.get(LIST, {"page": "nonsense"}).context["page"].object_list) == 30


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_with_1_or_40_notifications_from_different_people(client, teacher_es):
    notify(recipient=teacher_es, kind="new_follower", actor=UserFactory())
    client.force_login(teacher_es)
    _queries(client, LIST)  # warm the session
    with_one = _queries(client, LIST)
    for person in UserFactory.create_batch(39):
        notify(recipient=teacher_es, kind="new_follower", actor=person)
    with_forty = _queries(client, LIST)
    assert with_forty == with_one


# Opening one


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, teacher_es, actor):
    notification = notify(recipient=teacher_es, kind="message", actor=actor, url="/messages/12/")
    client.force_login(teacher_es)
    response = client.post(_open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == "/messages/12/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("url", ["", "https://elsewhere.example/", "//elsewhere.example/x", "/\\elsewhere.example"])
def test_a_notification_without_a_local_link_leads_back_to_the_list(client, teacher_es, actor, url):
    notification = notify(recipient=teacher_es, kind="message", actor=actor, url=url)
    client.force_login(teacher_es)
    response = client.post(_open_url(notification))
    assert response["Location"] == LIST
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_not_found_and_stays_unread(client, teacher_es, teacher_fr, actor):
    theirs = notify(recipient=teacher_fr, kind="message", actor=actor, url="/messages/1/")
    client.force_login(teacher_es)
    assert client.post(_open_url(theirs)).status_code == 404
    assert client.post(reverse("notifications:open", args=[theirs.pk + 1000])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    client.force_login(teacher_fr)
    assert client.post(_open_url(theirs)).status_code == 302


def test_opening_needs_a_post(client, teacher_es, actor):
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    client.force_login(teacher_es)
    assert client.get(_open_url(notification)).status_code == 405
    assert client.get(READ_ALL).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


# Mark all as read


def test_mark_all_as_read_marks_only_mine(client, teacher_es, teacher_fr, actor):
    for _ in range(3):
        notify(recipient=teacher_es, kind="new_follower", actor=actor)
    theirs = notify(recipient=teacher_fr, kind="new_follower", actor=actor)
    client.force_login(teacher_es)

    response = client.post(READ_ALL, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "All your notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=teacher_es, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


# Email preferences


def _checked(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(\w+)" value="(\w+)" id="[^"]+" checked', html))


def test_the_preferences_page_preselects_the_defaults_and_my_choices(client, teacher_es):
    NotificationPreference.objects.create(user=teacher_es, kind="message", delivery=Delivery.NEVER)
    client.force_login(teacher_es)
    html = client.get(PREFERENCES).content.decode()
    for definition in KINDS.values():
        assert escape(str(definition.label)) in html
    assert _checked(html) == {kind: d.default for kind, d in KINDS.items()} | {"message": "never"}
    # Each radio button is labelled with the kind and the delivery.
    assert "Someone writes me a private message: Only here, no email" in html


def test_saving_preferences_stores_them(client, teacher_es):
    client.force_login(teacher_es)
    choices = {kind: definition.default for kind, definition in KINDS.items()} | {"message": "daily"}
    response = client.post(PREFERENCES, choices, follow=True)
    assert response.redirect_chain == [(PREFERENCES, 302)]
    assert "Your email preferences are saved." in response.content.decode()
    assert list(NotificationPreference.objects.values_list("user", "kind", "delivery")) == [
        (teacher_es.pk, "message", "daily")
    ]
    assert _checked(response.content.decode())["message"] == "daily"


@pytest.mark.parametrize(
    "change",
    [{"message": "weekly"}, {"message": ""}, {"new_follower": "<script>"}],
)
def test_bad_preference_values_are_refused_and_nothing_is_stored(client, teacher_es, change):
    client.force_login(teacher_es)
    choices = dict.fromkeys(KINDS, "never") | change
    response = client.post(PREFERENCES, choices)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Choose how to hear about this." in html or "Choose one of the ways offered." in html
    assert 'aria-invalid="true"' in html
    assert not NotificationPreference.objects.exists()


def test_a_missing_kind_is_refused_and_nothing_is_stored(client, teacher_es):
    client.force_login(teacher_es)
    response = client.post(PREFERENCES, {"message": "never"})
    assert "Choose how to hear about this." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_account_settings_page_links_to_the_preferences(client, teacher_es):
    client.force_login(teacher_es)
    assert f'href="{PREFERENCES}"' in client.get(reverse("accounts:settings")).content.decode()
