from pathlib import Path

import pytest

from tests.documents import owner
from tests.documents.files import PDF, upload
from tests.engine_owner import FakeOwner
from twinning.documents.models import Document, Library
from twinning.documents.services import document_upload, library_create

OWNER = FakeOwner(templates=Path(__file__).parent / "templates", rules=owner.RULES, records=(owner.UPLOADED,))
_owner_rules = OWNER.fixture()
grant = OWNER.grant


@pytest.fixture
def private_dir(settings) -> Path:
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def library(db) -> Library:
    return library_create(purpose="test_materials")


@pytest.fixture
def uploader(db):
    return OWNER.person("Uma", "Uploader", owner.UPLOADER)


@pytest.fixture
def other_uploader(db):
    return OWNER.person("Olga", "Other", owner.UPLOADER)


@pytest.fixture
def reader(db):
    return OWNER.person("Remy", "Reader", owner.READER)


@pytest.fixture
def manager(db):
    return OWNER.person("Max", "Manager", owner.MANAGER)


@pytest.fixture
def outsider(db):
    return OWNER.person("Otto", "Outsider")


def share(library: Library, actor, name: str = "report.pdf", data: bytes = PDF, title: str = "Report") -> Document:
    return document_upload(actor=actor, library=library, access=owner.UPLOADER, title=title, upload=upload(name, data))
