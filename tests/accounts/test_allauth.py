"""allauth's pages inside our layout: sign-up with names, verification, login limits, first-login progress."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory
from twinning.accounts.models import User
from twinning.progress.models import ProgressAction

pytestmark = pytest.mark.django_db

NAV = 'aria-label="Main"'


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives a single test.
    cache.clear()
    yield
    cache.clear()


def assert_in_our_layout(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert NAV in html
    assert 'class="skip-link"' in html
    assert "core/twinning.css" in html
    return html


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"]
)
def test_signed_out_pages_render_in_our_layout(client, name):
    html = assert_in_our_layout(client.get(reverse(name)))

    assert reverse("account_signup") in html  # the visitor's navigation


@pytest.mark.parametrize(
    "name",
    ["account_email", "account_change_password", "mfa_index", "account_logout", "mfa_activate_totp"],
)
def test_signed_in_pages_render_in_our_layout(client, name):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse(name), follow=True)

    html = assert_in_our_layout(response)
    assert reverse("accounts:settings") in html  # the member's navigation


def test_totp_activation_asks_for_the_password_again(client):
    client.force_login(UserFactory())

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    html = assert_in_our_layout(response)
    assert 'type="password"' in html


def test_forms_have_labelled_fields_and_our_buttons(client):
    html = client.get(reverse("account_login")).content.decode()

    for field_id in re.findall(r'<input[^>]* id="(id_[a-z_0-9]+)"', html):
        assert f'for="{field_id}"' in html, field_id
    assert re.search(r'<button type="submit"\s+class="button', html)


def test_errors_are_shown_as_an_errorlist(client):
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-1"})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_signup_asks_for_names_and_requires_email_verification(client):
    form = client.get(reverse("account_signup")).content.decode()
    assert 'name="first_name"' in form
    assert 'name="last_name"' in form

    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.teacher@example.org",
            "first_name": "Nuria",
            "last_name": "Soler",
            "password1": "a-long-enough-secret",
            "password2": "a-long-enough-secret",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.teacher@example.org")
    assert (user.first_name, user.last_name) == ("Nuria", "Soler")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session

    refused = client.post(reverse("account_login"), {"login": user.email, "password": "a-long-enough-secret"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_with_a_taken_email_stores_nothing_and_tells_the_owner(client):
    """The address's owner is told by email; the form reveals nothing about who has an account."""
    owner = UserFactory(email="lucia@example.org")

    response = client.post(
        reverse("account_signup"),
        {
            "email": "Lucia@Example.org",
            "first_name": "Someone",
            "last_name": "Else",
            "password1": "a-long-enough-secret",
            "password2": "a-long-enough-secret",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="lucia@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.first_name != "Someone"
    assert not owner.check_password("a-long-enough-secret")
    assert [m.to for m in mail.outbox] == [["lucia@example.org"]]
    assert "already" in mail.outbox[0].body.lower()


def test_signup_without_names_is_refused(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "nameless@example.org", "password1": "a-long-enough-secret", "password2": "a-long-enough-secret"},
    )

    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors
    assert not User.objects.filter(email="nameless@example.org").exists()


def test_password_reset_sends_a_mail(client):
    user = UserFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def login(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_first_login_counts_once(client):
    user = UserFactory()

    assert login(client, user).status_code == 302
    client.post(reverse("account_logout"))
    assert login(client, user).status_code == 302

    assert ProgressAction.objects.filter(user=user, kind="first_login").count() == 1


def test_login_speaks_the_users_language(client):
    user = UserFactory(preferred_language="es")

    login(client, user)
    response = client.get(reverse("help:index"))

    assert response["Content-Language"] == "es"


def test_too_many_wrong_passwords_lock_the_login(client):
    user = UserFactory()
    for _attempt in range(5):
        response = login(client, user, password="not-the-password")
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()

    # Even the right password is refused now.
    response = login(client, user)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_while_under_the_limit(client):
    user = UserFactory()
    for _attempt in range(3):
        login(client, user, password="not-the-password")

    assert login(client, user).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
