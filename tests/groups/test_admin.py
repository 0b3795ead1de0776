"""The groups admin pages open for a superuser; invitations and the log are read only, groups are never added here."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.groups.factories import add_member, make_group
from twinning.groups import services
from twinning.groups.models import Group, GroupLogEntry, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_groups_admin_page_opens(admin_client, teacher_es, teacher_fr):
    group = make_group(admin=teacher_es, kind=Group.Kind.CLOSED, name="Rivers of Europe")
    add_member(group, UserFactory(is_validated=True))
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    entry = GroupLogEntry.objects.filter(group=group).first()
    assert entry is not None
    for model, obj in {"group": group, "invitation": invitation, "grouplogentry": entry}.items():
        assert admin_client.get(reverse(f"admin:groups_{model}_changelist")).status_code == 200
        page = admin_client.get(reverse(f"admin:groups_{model}_change", args=[obj.pk]))
        assert page.status_code == 200
    page = admin_client.get(reverse("admin:groups_group_change", args=[group.pk])).content.decode()
    assert teacher_es.full_name in page  # the members inline
    listing = admin_client.get(reverse("admin:groups_group_changelist"), {"q": "rivers"}).content.decode()
    assert "Rivers of Europe" in listing


def test_invitations_log_and_counters_cannot_be_changed_here(admin_client, teacher_es, teacher_fr):
    group = make_group(admin=teacher_es)
    invitation = services.group_invite(actor=teacher_es, group=group, invitee=teacher_fr)
    assert admin_client.get(reverse("admin:groups_group_add")).status_code == 403
    assert admin_client.get(reverse("admin:groups_invitation_add")).status_code == 403
    assert admin_client.get(reverse("admin:groups_grouplogentry_add")).status_code == 403
    admin_client.post(reverse("admin:groups_invitation_change", args=[invitation.pk]), {"state": "accepted"})
    assert Invitation.objects.get(pk=invitation.pk).state == Invitation.State.PENDING
    assert admin_client.post(reverse("admin:groups_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    admin_client.post(
        reverse("admin:groups_group_change", args=[group.pk]),
        {
            "name": group.name,
            "description": group.description,
            "aims": group.aims,
            "topic": group.topic,
            "language": group.language,
            "kind": group.kind,
            "member_count": "99",
            "status": "rejected",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "activities-TOTAL_FORMS": "0",
            "activities-INITIAL_FORMS": "0",
        },
    )
    group.refresh_from_db()
    assert group.member_count == 1
    assert group.status == Group.Status.APPROVED
    assert Group.objects.filter(pk=group.pk).exists()
