"""Session lifetimes and the signed-in user's language."""

from unittest import mock

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

T0 = 1_800_000_000


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    settings.SESSION_ABSOLUTE_LIFETIME = 1800


def visit_at(client, moment: int) -> bool:
    """Requests a page at `moment` and tells whether the visitor is still signed in afterwards."""
    with mock.patch("twinning.accounts.middleware.time.time", return_value=moment):
        client.get(reverse("robots_txt"))
    return "_auth_user_id" in client.session


def test_active_session_survives_within_the_idle_timeout(client, short_sessions):
    client.force_login(UserFactory())

    assert visit_at(client, T0)
    assert visit_at(client, T0 + 500)
    # Sliding: 1000 s after the start but only 500 s after the last visit.
    assert visit_at(client, T0 + 1000)


def test_idle_session_ends(client, short_sessions):
    client.force_login(UserFactory())
    assert visit_at(client, T0)

    assert not visit_at(client, T0 + 601)


def test_session_ends_after_its_absolute_lifetime_even_when_active(client, short_sessions):
    client.force_login(UserFactory())

    for moment in (T0, T0 + 500, T0 + 1000, T0 + 1500, T0 + 1790):
        assert visit_at(client, moment)
    assert not visit_at(client, T0 + 1801)


def test_home_after_idle_timeout_shows_the_landing_page(client, short_sessions):
    client.force_login(UserFactory())
    visit_at(client, T0)

    with mock.patch("twinning.accounts.middleware.time.time", return_value=T0 + 3600):
        response = client.get(reverse("home"))

    assert response.templates[0].name == "core/landing.html"


def test_spanish_user_gets_spanish_pages(client):
    client.force_login(UserFactory(preferred_language="es"))

    response = client.get(reverse("help:index"), headers={"accept-language": "en"})

    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in response.content.decode()


def test_visitor_gets_the_browser_language(client):
    response = client.get(reverse("help:index"), headers={"accept-language": "es"})

    assert response["Content-Language"] == "es"


def test_english_user_gets_english_whatever_the_browser_says(client):
    client.force_login(UserFactory(preferred_language="en"))

    response = client.get(reverse("help:index"), headers={"accept-language": "es"})

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_times_show_in_the_signed_in_users_time_zone(client):
    """A message sent at 13:30 UTC in November reads 14:30 in Madrid and 08:30 in New York."""
    import datetime as dt

    from twinning.messaging.models import Message
    from twinning.messaging.services import conversation_start

    madrid = UserFactory(time_zone="Europe/Madrid")
    new_york = UserFactory(time_zone="America/New_York")
    conversation = conversation_start(actor=madrid, recipients=[new_york], body="Hello")
    Message.objects.filter(conversation=conversation).update(
        created_at=dt.datetime(2026, 11, 28, 13, 30, tzinfo=dt.UTC)
    )
    url = reverse("messaging:conversation", args=[conversation.pk])

    client.force_login(madrid)
    assert "2:30" in client.get(url).content.decode()
    client.force_login(new_york)
    page = client.get(url).content.decode()
    assert "8:30" in page
    assert "2:30" not in page
