"""The central support service's queue of group requests: oldest first, days waited, CSS only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from twinning.groups import services
from twinning.groups.models import Group
from twinning.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _ask(name, *, days_ago=0):
    group = services.group_request(
        actor=UserFactory(is_validated=True),
        name=name,
        description="d",
        aims="a",
        topic="art",
        language="en",
        kind="closed",
    )
    Group.objects.filter(pk=group.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return group


def test_queue_oldest_first_with_days(client, css_officer):
    _ask("Recent", days_ago=1)
    _ask("Old", days_ago=9)
    client.force_login(css_officer)
    response = client.get(reverse("support:groups"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Old") < html.index("Recent")
    assert "9 days" in html


@pytest.mark.parametrize("persona", ["nss_officer_es", "regional_officer_an", "teacher_es"])
def test_queue_and_decisions_are_css_only(request, client, persona):
    group = _ask("Secret")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("support:groups")).status_code == 404
    assert client.get(reverse("support:group_reject", args=[group.pk])).status_code == 404
    assert client.post(reverse("support:group_reject", args=[group.pk]), {"reason": "no"}).status_code == 404
    assert client.get(reverse("support:group_create")).status_code == 404
    group.refresh_from_db()
    assert group.status == Group.Status.REQUESTED


def test_reject_through_page(client, css_officer):
    group = _ask("Dup")
    client.force_login(css_officer)
    assert client.post(reverse("support:group_reject", args=[group.pk]), {"reason": ""}).status_code == 200
    group.refresh_from_db()
    assert group.status == Group.Status.REQUESTED
    assert (
        client.post(reverse("support:group_reject", args=[group.pk]), {"reason": "Exists already."}).status_code == 302
    )
    group.refresh_from_db()
    assert group.status == Group.Status.REJECTED
    assert Notification.objects.filter(recipient=group.requested_by, kind="group_request_rejected").exists()
    # a decided request is no longer in the queue
    assert client.post(reverse("support:group_approve", args=[group.pk])).status_code == 404


def test_central_group_through_page(client, css_officer):
    client.force_login(css_officer)
    response = client.post(
        reverse("support:group_create"),
        {
            "name": "Physics teachers",
            "description": "d",
            "aims": "a",
            "topic": "physics",
            "language": "en",
            "kind": "open",
        },
    )
    group = Group.objects.get()
    assert response.status_code == 302
    assert group.is_central
    assert group.status == Group.Status.APPROVED
    client.force_login(UserFactory(is_validated=True))
    assert (
        "Run by the central support service" in client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    )


def test_forms_render(client, css_officer, teacher_es):
    group = _ask("Shown")
    client.force_login(css_officer)
    assert client.get(reverse("support:group_reject", args=[group.pk])).status_code == 200
    assert client.get(reverse("support:group_create")).status_code == 200
    client.force_login(teacher_es)
    assert client.get(reverse("groups:request")).status_code == 200
    assert client.get(reverse("groups:mine")).status_code == 200
