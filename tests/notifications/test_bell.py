"""The bell in the top bar: its accessible name, the unread count, and its cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.notifications.models import Notification
from twinning.notifications.services import notifications_mark_all_read, notify

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def _bell(html: str) -> str:
    match = re.search(r'<li>\s*<a href="/notifications/".*?</li>', html, re.S)
    assert match, "no bell in the page"
    return match.group(0)


def _unread(user, actor, n):
    Notification.objects.bulk_create([Notification(recipient=user, actor=actor, kind="new_follower") for _ in range(n)])


def test_the_bell_is_a_link_named_notifications_with_an_inline_icon(client, teacher_es):
    client.force_login(teacher_es)
    bell = _bell(client.get(HOME).content.decode())
    assert 'aria-label="Notifications"' in bell
    assert "<svg" in bell
    assert 'aria-hidden="true"' in bell
    assert "nav__count" not in bell  # nothing unread: no counter
    assert "aria-current" not in bell


def test_the_bell_counts_unread_notifications(client, teacher_es, actor):
    for _ in range(3):
        notify(recipient=teacher_es, kind="new_follower", actor=actor)
    client.force_login(teacher_es)
    bell = _bell(client.get(HOME).content.decode())
    assert re.search(r'<span class="nav__count"><span aria-hidden="true">3</span>', bell)
    assert '<span class="visually-hidden" id="nav-notification-count">3 unread</span>' in bell
    assert 'aria-describedby="nav-notification-count"' in bell

    notifications_mark_all_read(actor=teacher_es)
    assert "nav__count" not in _bell(client.get(HOME).content.decode())


def test_the_bell_shows_99_plus_above_99(client, teacher_es, actor):
    _unread(teacher_es, actor, 100)
    client.force_login(teacher_es)
    bell = _bell(client.get(HOME).content.decode())
    assert '<span aria-hidden="true">99+</span>' in bell
    assert "More than 99 unread" in bell


def test_the_bell_is_current_on_the_notification_pages_only(client, teacher_es):
    client.force_login(teacher_es)
    for url in [reverse("notifications:list"), reverse("notifications:preferences")]:
        assert 'aria-current="page"' in _bell(client.get(url).content.decode())
    assert "aria-current" not in _bell(client.get(reverse("help:index")).content.decode())


def test_signed_out_visitors_see_no_bell(client):
    html = client.get(HOME).content.decode()
    assert 'aria-label="Notifications"' not in html
    assert "/notifications/" not in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("help:index"))
    assert response.status_code == 200
    return len(queries)


def test_the_bell_costs_one_query_whatever_the_count(client, teacher_es, actor):
    client.force_login(teacher_es)
    _queries(client)  # warm the session
    with_none = _queries(client)
    _unread(teacher_es, actor, 1)
    with_one = _queries(client)
    _unread(teacher_es, actor, 150)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("help:index"))
    counting = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1
    assert "LIMIT 100" in counting[0]
    assert with_none == with_one == len(queries)
