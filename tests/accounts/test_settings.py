"""The settings page: names, language and time zone."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {"first_name": "Marta", "last_name": "Vidal", "preferred_language": "en", "time_zone": "Europe/Madrid"}


@pytest.fixture
def user(db):
    return UserFactory(first_name="Old", last_name="Name", preferred_language="en", time_zone="Europe/Brussels")


def test_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_page_shows_the_form_and_links(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 200
    html = response.content.decode()
    for field in VALID:
        assert f'for="id_{field}"' in html
    for name in ("account_email", "account_change_password", "mfa_index", "schools:mine", "profiles:privacy"):
        assert f'href="{reverse(name)}"' in html
    assert 'value="Old"' in html


def test_valid_change_is_saved_with_a_message(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), VALID, follow=True)

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.time_zone) == ("Marta", "Vidal", "Europe/Madrid")
    assert "Your settings are saved." in response.content.decode()


def test_chosen_language_is_used_right_away(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {**VALID, "preferred_language": "es"})

    user.refresh_from_db()
    assert user.preferred_language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(response["Location"])
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in page.content.decode()


def test_invalid_time_zone_is_refused_and_nothing_saved(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {**VALID, "time_zone": "Mars/Olympus"})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert "time_zone" in response.context["form"].errors
    user.refresh_from_db()
    assert (user.first_name, user.time_zone) == ("Old", "Europe/Brussels")


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_names_are_refused(client, user, field, blank):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {**VALID, field: blank})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.time_zone) == ("Old", "Name", "Europe/Brussels")


def test_unknown_language_is_refused(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {**VALID, "preferred_language": "xx"})

    assert "preferred_language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_refused_change_does_not_show_up_in_the_page(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:settings"), {**VALID, "first_name": "Eve", "time_zone": "Nowhere"})

    # The menu still names the user as saved, not as typed into the refused form.
    assert response.context["user"].first_name == "Old"
