"""Our own 404, 403 and 500 pages, in the visitor's language, with nothing from another host."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from config import urls as site_urls
from twinning.core import views


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    *site_urls.urlpatterns,
]
handler404 = "twinning.core.views.page_not_found"
handler403 = "twinning.core.views.permission_denied"
handler500 = "twinning.core.views.server_error"


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_unknown_page_is_our_404(client, production_errors):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'aria-label="Main"' in html


@pytest.mark.django_db
def test_404_speaks_spanish_to_a_spanish_visitor(client, production_errors):
    client.cookies["django_language"] = "es"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" not in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_is_our_403(client, production_errors):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_is_our_500_without_external_resources(client, production_errors):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "http" not in html.replace('href="/"', "")


def test_the_handlers_are_ours():
    assert site_urls.handler404 == "twinning.core.views.page_not_found"
    assert site_urls.handler500 == "twinning.core.views.server_error"
    assert views.server_error.__module__ == "twinning.core.views"
