import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from twinning.network.models import ContactInvitation
from twinning.network.services import contact_invite

pytestmark = pytest.mark.django_db


def test_admin_shows_invitations_but_cannot_add_or_change_them(client, teacher_es, teacher_fr):
    invitation = contact_invite(actor=teacher_es, recipient=teacher_fr, note="Hello")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:network_contactinvitation_changelist")).status_code == 200
    detail = reverse("admin:network_contactinvitation_change", args=[invitation.pk])
    assert client.get(detail).status_code == 200
    assert client.get(reverse("admin:network_contactinvitation_add")).status_code == 403
    client.post(detail, {"status": "accepted"})
    invitation.refresh_from_db()
    assert invitation.status == ContactInvitation.Status.PENDING


@pytest.mark.parametrize("model", ["follow", "contact", "block"])
def test_admin_lists_the_other_relations(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(f"admin:network_{model}_changelist")).status_code == 200
