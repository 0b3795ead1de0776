"""The library engine's services: access flags both ways, counters, nothing stored on refusal, files removed."""

import re

import pytest
from django.test import override_settings

from tests.documents import owner
from tests.documents.conftest import share, stored_files
from tests.documents.files import GENUINE, PDF, REFUSED, upload
from twinning.core.errors import DomainError, PermissionRefused
from twinning.documents.models import Document
from twinning.documents.permissions import LibraryAccess
from twinning.documents.selectors import library_documents
from twinning.documents.services import document_delete, document_upload, library_create

pytestmark = pytest.mark.django_db


def test_library_create_makes_an_empty_library():
    library = library_create(purpose="twinspace_materials")
    assert library.document_count == 0
    assert library.total_bytes == 0


def test_an_uploader_shares_a_file_in_the_private_storage(library, uploader, private_dir):
    document = share(library, uploader)
    assert document.kind == "pdf"
    assert document.content_type == "application/pdf"
    assert document.original_name == "report.pdf"
    assert document.uploaded_by == uploader
    assert document.file.name.startswith(f"documents/{library.pk}/")
    assert not document.file.name.endswith(".pdf")  # the stored name is random, never the uploader's
    files = stored_files(private_dir)
    assert len(files) == 1
    assert files[0].read_bytes() == PDF
    library.refresh_from_db()
    assert (library.document_count, library.total_bytes) == (1, len(PDF))


def test_a_blank_title_takes_the_files_name(library, uploader):
    document = document_upload(
        actor=uploader, library=library, access=owner.UPLOADER, title="  ", upload=upload("plan.pdf", PDF)
    )
    assert document.title == "plan.pdf"


@pytest.mark.parametrize(
    "access",
    [
        owner.READER,
        owner.NOTHING,
        LibraryAccess(can_read=False, can_upload=True, can_manage=True),
    ],
)
def test_uploading_is_refused_without_read_and_upload(library, uploader, private_dir, access):
    with pytest.raises(PermissionRefused):
        document_upload(actor=uploader, library=library, access=access, title="T", upload=upload("a.pdf", PDF))
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(("name", "data", "words"), REFUSED, ids=[f"{row[0]}-{i}" for i, row in enumerate(REFUSED)])
def test_refused_files_leave_nothing_behind(library, uploader, private_dir, name, data, words):
    with pytest.raises(DomainError, match=re.escape(words)):
        document_upload(actor=uploader, library=library, access=owner.UPLOADER, title="T", upload=upload(name, data))
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []
    library.refresh_from_db()
    assert (library.document_count, library.total_bytes) == (0, 0)


@override_settings(DOCUMENTS_MAX_BYTES=1024)
def test_an_oversized_file_leaves_nothing_behind(library, uploader, private_dir):
    with pytest.raises(DomainError, match="at most"):
        share(library, uploader, data=PDF + b"0" * 1024)
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_a_too_long_description_leaves_nothing_behind(library, uploader, private_dir):
    with pytest.raises(DomainError) as refused:
        document_upload(
            actor=uploader,
            library=library,
            access=owner.UPLOADER,
            title="T",
            description="x" * 2001,
            upload=upload("a.pdf", PDF),
        )
    assert refused.value.field == "description"
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(("name", "data", "kind", "content_type"), GENUINE, ids=[row[0] for row in GENUINE])
def test_every_allowed_type_is_stored(library, uploader, name, data, kind, content_type):
    document = share(library, uploader, name=name, data=data)
    assert (document.kind, document.content_type, document.size) == (kind, content_type, len(data))


def test_the_uploader_deletes_their_file_and_it_leaves_the_storage(
    library, uploader, private_dir, django_capture_on_commit_callbacks
):
    kept = share(library, uploader, title="Kept")
    document = share(library, uploader)
    assert len(stored_files(private_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=uploader, document=document, access=owner.UPLOADER)
    assert list(Document.objects.all()) == [kept]
    assert len(stored_files(private_dir)) == 1
    library.refresh_from_db()
    assert (library.document_count, library.total_bytes) == (1, len(PDF))


def test_a_manager_deletes_anyones_file(library, uploader, manager, django_capture_on_commit_callbacks):
    document = share(library, uploader)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=manager, document=document, access=owner.MANAGER)
    assert Document.objects.count() == 0


@pytest.mark.parametrize(("who", "access"), [("other_uploader", owner.UPLOADER), ("reader", owner.READER)])
def test_others_cannot_delete(library, uploader, private_dir, who, access, request):
    document = share(library, uploader)
    with pytest.raises(PermissionRefused):
        document_delete(actor=request.getfixturevalue(who), document=document, access=access)
    assert Document.objects.count() == 1
    assert len(stored_files(private_dir)) == 1


def test_an_uploader_who_may_no_longer_upload_cannot_delete(library, uploader):
    document = share(library, uploader)
    with pytest.raises(PermissionRefused):
        document_delete(actor=uploader, document=document, access=owner.READER)
    assert Document.objects.count() == 1


def test_deleting_twice_counts_once(library, uploader, django_capture_on_commit_callbacks):
    share(library, uploader, title="Other")
    document = share(library, uploader)
    stale = Document.objects.get(pk=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=uploader, document=document, access=owner.UPLOADER)
        document_delete(actor=uploader, document=stale, access=owner.UPLOADER)
    library.refresh_from_db()
    assert library.document_count == 1


def test_documents_are_listed_newest_first_for_readers_only(library, uploader):
    first = share(library, uploader, title="First")
    second = share(library, uploader, title="Second")
    assert list(library_documents(library=library, access=owner.READER)) == [second, first]
    assert list(library_documents(library=library, access=owner.NOTHING)) == []
    other = library_create(purpose="elsewhere")
    assert list(library_documents(library=other, access=owner.MANAGER)) == []
