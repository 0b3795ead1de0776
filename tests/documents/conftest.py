from pathlib import Path

import pytest

from tests.accounts.factories import UserFactory
from tests.documents import owner
from tests.documents.files import PDF, upload
from twinning.documents.models import Document, Library
from twinning.documents.permissions import LibraryAccess
from twinning.documents.services import document_upload, library_create


@pytest.fixture(autouse=True)
def _owner_rules(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}
    ]
    owner.RULES.clear()
    owner.UPLOADED.clear()
    yield
    owner.RULES.clear()
    owner.UPLOADED.clear()


@pytest.fixture
def private_dir(settings) -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def grant(user, access: LibraryAccess):
    owner.RULES[user.pk] = access
    return user


@pytest.fixture
def library(db) -> Library:
    return library_create(purpose="test_materials")


@pytest.fixture
def uploader(db):
    return grant(UserFactory(first_name="Uma", last_name="Uploader"), owner.UPLOADER)


@pytest.fixture
def other_uploader(db):
    return grant(UserFactory(first_name="Olga", last_name="Other"), owner.UPLOADER)


@pytest.fixture
def reader(db):
    return grant(UserFactory(first_name="Remy", last_name="Reader"), owner.READER)


@pytest.fixture
def manager(db):
    return grant(UserFactory(first_name="Max", last_name="Manager"), owner.MANAGER)


@pytest.fixture
def outsider(db):
    return UserFactory(first_name="Otto", last_name="Outsider")


def share(library: Library, actor, name: str = "report.pdf", data: bytes = PDF, title: str = "Report") -> Document:
    return document_upload(actor=actor, library=library, access=owner.UPLOADER, title=title, upload=upload(name, data))
