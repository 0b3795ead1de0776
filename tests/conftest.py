"""Personas shared by every test: named people in named roles, like a cast."""

import pytest

from tests.accounts.factories import UserFactory, make_officer
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.accounts.models import SupportService, User
from twinning.schools.models import Employment


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Connections opened by the live server's and the worker's threads must close with
    # their requests, or PostgreSQL refuses to drop the test database at the end.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


def _teacher(
    country: str, *, region: str = "", role: str = Employment.Role.TEACHER, validated: bool = True, **kw
) -> User:
    school = SchoolFactory(country=country, region=region)
    user = UserFactory(is_validated=validated, **kw)
    EmploymentFactory(
        teacher=user,
        school=school,
        role=role,
        validation=Employment.Validation.VALIDATED if validated else Employment.Validation.PENDING,
    )
    return user


@pytest.fixture
def teacher_es(db) -> User:
    return _teacher("ES", region="ES-AN", first_name="Lucía", last_name="García")


@pytest.fixture
def teacher_fr(db) -> User:
    return _teacher("FR", first_name="Camille", last_name="Martin")


@pytest.fixture
def pending_teacher_es(db) -> User:
    return _teacher("ES", region="ES-AN", validated=False, first_name="Pablo", last_name="Ruiz")


@pytest.fixture
def head_teacher_es(db) -> User:
    return _teacher("ES", region="ES-AN", role=Employment.Role.HEAD_TEACHER, first_name="Carmen", last_name="López")


@pytest.fixture
def nss_officer_es(db) -> User:
    return make_officer(kind=SupportService.Kind.NATIONAL, country="ES", first_name="Elena", last_name="Sanz")


@pytest.fixture
def nss_officer_fr(db) -> User:
    return make_officer(kind=SupportService.Kind.NATIONAL, country="FR", first_name="Julien", last_name="Bernard")


@pytest.fixture
def regional_officer_an(db) -> User:
    return make_officer(
        kind=SupportService.Kind.REGIONAL, country="ES", region="ES-AN", first_name="Rocío", last_name="Moreno"
    )


@pytest.fixture
def css_officer(db) -> User:
    return make_officer(kind=SupportService.Kind.CENTRAL, first_name="Anna", last_name="Novak")
