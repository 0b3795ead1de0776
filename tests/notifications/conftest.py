"""Helpers for the notifications tests: notifications made through the real `notify()`."""

import pytest

from tests.accounts.factories import UserFactory
from twinning.notifications.services import notify


@pytest.fixture
def notify_now(django_capture_on_commit_callbacks):
    """Calls `notify()` and runs what it queued on commit (the immediate email task runs inline in tests)."""

    def _notify(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(**kwargs)

    return _notify


@pytest.fixture
def actor(db):
    return UserFactory(first_name="Marta", last_name="Rossi")


@pytest.fixture
def spanish_catalogue(monkeypatch):
    """Adds Spanish translations for the test's duration.

    The Spanish catalogue of these strings is written later; meanwhile this
    proves that texts and emails are translated in the reader's language, not
    the language of whoever caused the notification.
    """
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("es")._catalog._catalogs[0]

    def add(entries):
        for msgid, msgstr in entries.items():
            monkeypatch.setitem(catalogue, msgid, msgstr)

    return add
