"""What the tests of an engine any owner mounts (forums, libraries) share about their fake owner.

Each engine's tests mount it under a test-only owner (`tests/<app>/owner.py`)
whose rule is whatever the test granted in its `RULES`, and which records
what the engine told it. `FakeOwner` describes such an owner once: the
fixture that finds its layout templates and empties what it holds around
each test, and the people granted a given access.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.accounts.factories import UserFactory


@dataclass(frozen=True)
class FakeOwner:
    templates: Path  # the folder of the owner's layout templates
    rules: dict  # user id -> the access the test granted
    records: tuple = ()  # what the owner records or lets a test override (lists, dicts), emptied like `rules`

    def fixture(self):
        """An autouse fixture: the owner's templates are found, and it holds nothing before and after each test."""

        @pytest.fixture(autouse=True)
        def _fake_owner(settings):
            settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], self.templates]}]
            self._clear()
            yield
            self._clear()

        return _fake_owner

    def _clear(self) -> None:
        self.rules.clear()
        for record in self.records:
            record.clear()

    def grant(self, user, access):
        """Gives `user` `access` in the owner's places; returns the user."""
        self.rules[user.pk] = access
        return user

    def person(self, first_name: str, last_name: str, access=None):
        """A new user, granted `access` when given (none: an outsider the owner lets do nothing)."""
        user = UserFactory(first_name=first_name, last_name=last_name)
        return user if access is None else self.grant(user, access)
