"""The TwinSpace admin pages open, read only, and a pupil's row never shows the account's password hash."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.twinspace.factories import make_twinspace
from twinning.twinspace.models import Page, Update
from twinning.twinspace.pages import page_create
from twinning.twinspace.services import comment_add, update_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_twinspace_admin_page_opens(admin_client):
    cast = make_twinspace()
    update = update_post(actor=cast.teacher_admin, twinspace=cast.twinspace, board="home", body="Welcome")
    comment = comment_add(actor=cast.pupil, update=update, body="Hello")
    page = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Plan")
    objects = {
        "twinspace": cast.twinspace,
        "membership": cast.twinspace.memberships.first(),
        "pupil": cast.pupil.pupil,
        "update": update,
        "comment": comment,
        "page": page,
    }
    for model, obj in objects.items():
        assert admin_client.get(reverse(f"admin:twinspace_{model}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:twinspace_{model}_change", args=[obj.pk])).status_code == 200


def test_a_pupil_row_shows_no_password_hash_and_cannot_be_added_or_changed(admin_client):
    cast = make_twinspace()
    pupil = cast.pupil.pupil
    response = admin_client.get(reverse("admin:twinspace_pupil_change", args=[pupil.pk]))
    html = response.content.decode()
    assert pupil.login in html
    assert cast.pupil.password not in html
    assert cast.pupil.password.split("$")[0] not in html  # not even the hashing algorithm
    assert cast.pupil.email not in html
    assert admin_client.get(reverse("admin:twinspace_pupil_add")).status_code == 403
    admin_client.post(reverse("admin:twinspace_pupil_change", args=[pupil.pk]), {"nickname": "Renamed"})
    pupil.refresh_from_db()
    assert pupil.nickname != "Renamed"


def test_pages_and_counters_are_read_only(admin_client):
    cast = make_twinspace()
    page = page_create(actor=cast.teacher_admin, twinspace=cast.twinspace, title="Plan")
    admin_client.post(reverse("admin:twinspace_page_change", args=[page.pk]), {"body": "<script>x</script>"})
    assert Page.objects.get(pk=page.pk).body == ""
    update = update_post(actor=cast.teacher_admin, twinspace=cast.twinspace, board="home", body="Hi")
    admin_client.post(
        reverse("admin:twinspace_update_change", args=[update.pk]),
        {
            "twinspace": cast.twinspace.pk,
            "board": "home",
            "body": "Hi",
            "created_at_0": "2024-01-01",
            "created_at_1": "10:00:00",
            "comment_count": "99",
        },
    )
    assert Update.objects.get(pk=update.pk).comment_count == 0
