"""The admin pages for schools, school history, users and support services open and work."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.schools.factories import EmploymentFactory
from twinning.accounts.models import User


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x" * 12, first_name="R"))
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:schools_school_changelist",
        "admin:schools_employment_changelist",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_supportservice_changelist",
        "admin:accounts_supportservice_add",
    ],
)
def test_admin_pages_open(admin_client, url_name):
    EmploymentFactory()
    response = admin_client.get(reverse(url_name), {"q": "school"} if "changelist" in url_name else {})
    assert response.status_code == 200


def test_admin_change_pages_open(admin_client, nss_officer_es):
    row = EmploymentFactory()
    for url in [
        reverse("admin:schools_school_change", args=[row.school.pk]),
        reverse("admin:schools_employment_change", args=[row.pk]),
        reverse("admin:accounts_user_change", args=[row.teacher.pk]),
        reverse("admin:accounts_supportservice_change", args=[nss_officer_es.support_services.get().pk]),
    ]:
        assert admin_client.get(url).status_code == 200


def test_admin_creates_a_user_with_email_login(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.officer@example.org",
            "first_name": "Nuria",
            "last_name": "Gil",
            "usable_password": "true",
            "password1": "a-long-enough-pass-phrase",
            "password2": "a-long-enough-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.officer@example.org")
    assert user.check_password("a-long-enough-pass-phrase")


def test_non_staff_cannot_open_the_admin(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:schools_school_changelist")).status_code == 302
