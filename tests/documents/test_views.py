"""The library pages mounted by a fake owner: 404 for non-readers, upload form errors with nothing stored,
download headers, deletion with confirmation, pagination and a query-count guard."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.documents import owner
from tests.documents.conftest import grant, share, stored_files
from tests.documents.files import HTML, PDF, SVG, upload
from tests.profiles.factories import image_bytes
from twinning.documents.models import Document

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.documents.urls")]


def url(library, name, **kwargs):
    return reverse(f"owner:library:{name}", kwargs={"owner_pk": library.pk, **kwargs})


def test_links_keep_the_owners_kwargs(library):
    assert url(library, "download", doc_pk=4) == f"/owners/{library.pk}/materials/4/download/"


def test_someone_the_owner_refuses_gets_404_everywhere(client, library, uploader, outsider, private_dir):
    document = share(library, uploader)
    client.force_login(outsider)
    assert client.get(url(library, "documents")).status_code == 404
    assert client.get(url(library, "download", doc_pk=document.pk)).status_code == 404
    assert client.get(url(library, "upload")).status_code == 404
    response = client.post(url(library, "upload"), {"title": "x", "file": upload("a.pdf", PDF)})
    assert response.status_code == 404
    assert client.get(url(library, "delete", doc_pk=document.pk)).status_code == 404
    assert client.post(url(library, "delete", doc_pk=document.pk)).status_code == 404
    assert Document.objects.count() == 1
    assert len(stored_files(private_dir)) == 1


def test_signed_out_visitors_get_404_or_the_login_page(client, library, uploader):
    document = share(library, uploader)
    assert client.get(url(library, "documents")).status_code == 404
    assert client.get(url(library, "download", doc_pk=document.pk)).status_code == 404
    response = client.post(url(library, "upload"), {"file": upload("a.pdf", PDF)})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert Document.objects.count() == 1


def test_a_document_of_another_library_is_404(client, library, uploader):
    from twinning.documents.services import library_create

    other = library_create(purpose="elsewhere")
    document = share(other, uploader)
    client.force_login(uploader)
    assert client.get(url(library, "download", doc_pk=document.pk)).status_code == 404
    assert client.post(url(library, "delete", doc_pk=document.pk)).status_code == 404


def test_a_reader_sees_the_list_in_the_owners_layout_without_upload_form(client, library, uploader, reader):
    document = share(library, uploader, title="Lesson plan")
    client.force_login(reader)
    html = client.get(url(library, "documents")).content.decode()
    assert 'data-owner="test-library-layout"' in html
    assert "Test materials" in html
    assert "Lesson plan" in html
    assert "Shared by Uma Uploader" in html
    assert "PDF" in html
    assert url(library, "download", doc_pk=document.pk) in html
    assert 'type="file"' not in html
    assert url(library, "delete", doc_pk=document.pk) not in html
    assert client.get(url(library, "upload")).status_code == 404


def test_an_empty_library_says_so(client, library, uploader):
    client.force_login(uploader)
    html = client.get(url(library, "documents")).content.decode()
    assert "No file shared yet." in html
    assert 'type="file"' in html


def test_an_uploader_shares_a_file_and_the_owner_hears_of_it(client, library, uploader):
    client.force_login(uploader)
    response = client.post(
        url(library, "upload"), {"title": "Plan", "description": "For week 1", "file": upload("plan.pdf", PDF)}
    )
    assert response.status_code == 302
    assert response["Location"] == url(library, "documents")
    document = Document.objects.get()
    assert (document.title, document.description, document.kind) == ("Plan", "For week 1", "pdf")
    assert [(uploader.pk, document.pk)] == owner.UPLOADED


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.pdf", HTML, "Web pages"),
        ("notes.txt", HTML, "Web pages"),
        ("photo.png", HTML, "Web pages"),
        ("drawing.svg", SVG, "Web pages"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, "Programs"),
        ("photos.zip", b"PK\x03\x04" + b"\x00" * 64, "Archives"),
        ("empty.pdf", b"", "The file is empty."),
        ("photo.pdf", image_bytes("PNG", (8, 8)), "its name does not end in .png"),
    ],
)
def test_refused_uploads_show_the_reason_and_store_nothing(client, library, uploader, private_dir, name, data, words):
    client.force_login(uploader)
    response = client.post(url(library, "upload"), {"title": "Bad", "file": upload(name, data, "application/pdf")})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []
    assert owner.UPLOADED == []


@override_settings(DOCUMENTS_MAX_BYTES=1024 * 1024)
def test_an_oversized_upload_names_the_limit_and_stores_nothing(client, library, uploader, private_dir):
    client.force_login(uploader)
    response = client.post(url(library, "upload"), {"file": upload("big.pdf", PDF + b"0" * 1024 * 1024)})
    assert "at most 1 MB" in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_a_missing_file_is_asked_for(client, library, uploader):
    client.force_login(uploader)
    response = client.post(url(library, "upload"), {"title": "No file"})
    assert "Choose a file to share." in response.content.decode()
    assert Document.objects.count() == 0


def test_a_title_with_markup_is_shown_as_text(client, library, uploader):
    share(library, uploader, title="<script>alert(1)</script>", name="<img src=x onerror=alert(1)>.pdf")
    client.force_login(uploader)
    html = client.get(url(library, "documents")).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_download_is_an_attachment_with_its_checked_type(client, library, uploader, reader):
    document = share(library, uploader, name='my "report".pdf')
    client.force_login(reader)
    response = client.get(url(library, "download", doc_pk=document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "report" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_text_is_sent_as_plain_utf8(client, library, uploader):
    document = share(library, uploader, name="notes.txt", data="Grüße".encode())
    client.force_login(uploader)
    response = client.get(url(library, "download", doc_pk=document.pk))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


def test_only_pictures_may_be_shown_inline(client, library, uploader):
    picture = share(library, uploader, name="photo.png", data=image_bytes("PNG", (8, 8)))
    pdf = share(library, uploader)
    client.force_login(uploader)
    response = client.get(url(library, "download", doc_pk=picture.pk) + "?inline=1")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "sandbox"
    response = client.get(url(library, "download", doc_pk=pdf.pk) + "?inline=1")
    assert response["Content-Disposition"].startswith("attachment;")


def test_deleting_asks_first_then_removes_the_file(
    client, library, uploader, other_uploader, private_dir, django_capture_on_commit_callbacks
):
    document = share(library, uploader)
    address = url(library, "delete", doc_pk=document.pk)
    client.force_login(other_uploader)
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    client.force_login(uploader)
    assert "Delete this file?" in client.get(address).content.decode()
    assert Document.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address)
    assert response["Location"] == url(library, "documents")
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_a_manager_sees_delete_links_for_everyone(client, library, uploader, manager):
    document = share(library, uploader)
    client.force_login(manager)
    assert url(library, "delete", doc_pk=document.pk) in client.get(url(library, "documents")).content.decode()


def test_the_list_paginates_by_25(client, library, uploader):
    for number in range(27):
        share(library, uploader, title=f"Doc {number}")
    client.force_login(uploader)
    assert len(client.get(url(library, "documents")).context["documents"]) == 25
    assert len(client.get(url(library, "documents") + "?page=2").context["documents"]) == 2


def _queries(client, address) -> int:
    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow(client, library, manager):
    people = [grant(UserFactory(), owner.UPLOADER) for _ in range(3)]
    share(library, people[0])
    client.force_login(manager)
    one = _queries(client, url(library, "documents"))
    for number in range(29):
        share(library, people[number % 3], title=f"Doc {number}")
    assert _queries(client, url(library, "documents")) == one
