import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from twinning.progress.services import progress_record

pytestmark = pytest.mark.django_db


def test_admin_lists_actions_but_cannot_add_or_change_them(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    teacher = UserFactory()
    progress_record(user=teacher, kind="first_login")
    client.force_login(admin)

    listing = client.get(reverse("admin:progress_progressaction_changelist"))
    assert listing.status_code == 200
    assert "first_login" in listing.content.decode()
    assert client.get(reverse("admin:progress_progressaction_add")).status_code == 403
