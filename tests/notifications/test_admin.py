"""The admin shows notifications and preferences, read-only."""

import pytest
from django.urls import reverse

from twinning.accounts.models import User
from twinning.notifications.models import NotificationPreference
from twinning.notifications.services import notify


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x" * 12, first_name="R"))
    return client


def test_admin_pages_open_and_do_not_offer_adding(admin_client, teacher_es, actor):
    notification = notify(recipient=teacher_es, kind="message", actor=actor)
    preference = NotificationPreference.objects.create(user=teacher_es, kind="message", delivery="never")
    for url in [
        reverse("admin:notifications_notification_changelist"),
        reverse("admin:notifications_notification_change", args=[notification.pk]),
        reverse("admin:notifications_notificationpreference_changelist"),
        reverse("admin:notifications_notificationpreference_change", args=[preference.pk]),
    ]:
        assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert admin_client.get(reverse("admin:notifications_notification_changelist"), {"q": "teacher"}).status_code == 200
