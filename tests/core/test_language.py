"""The language switcher in the footer."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signed_in_user_keeps_the_chosen_language(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "es", "next": "/help/"})

    assert response.status_code == 302
    assert response["Location"] == "/help/"
    user.refresh_from_db()
    assert user.preferred_language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_visitor_gets_a_cookie_only(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/help/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    follow = client.get("/help/")
    assert follow["Content-Language"] == "es"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path", "http://evil.example"])
def test_foreign_next_urls_are_refused(client, target):
    response = client.post(reverse("set_language"), {"language": "es", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_language_changes_nothing(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_get_is_not_allowed(client):
    assert client.get(reverse("set_language"), {"language": "es"}).status_code == 405
