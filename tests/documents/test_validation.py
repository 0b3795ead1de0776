"""`check_upload`: the type comes from the bytes, the name must agree, everything else is refused."""

import pytest
from django.test import override_settings

from tests.documents.files import GENUINE, PDF, REFUSED, upload
from twinning.documents.validation import DocumentRefused, check_upload, clean_file_name


@pytest.mark.parametrize(("name", "data", "kind", "content_type"), GENUINE, ids=[row[0] for row in GENUINE])
def test_genuine_files_are_accepted_with_their_sniffed_type(name, data, kind, content_type):
    checked = check_upload(upload(name, data, content_type="text/html"))  # the browser's word counts for nothing
    assert checked.kind == kind
    assert checked.content_type == content_type
    assert checked.size == len(data)
    assert checked.extension == name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(("name", "data", "words"), REFUSED, ids=[f"{row[0]}-{i}" for i, row in enumerate(REFUSED)])
def test_disguised_and_disallowed_files_are_refused_with_a_reason(name, data, words):
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload(name, data, content_type="application/pdf"))
    assert words in refused.value.message
    assert refused.value.field == "file"


def test_refusals_of_a_type_name_what_is_allowed():
    with pytest.raises(DocumentRefused) as refused:
        check_upload(upload("setup.exe", b"MZ" + b"\x00" * 50))
    assert "You can share PDF files" in refused.value.message


def test_an_empty_file_is_refused():
    with pytest.raises(DocumentRefused, match="empty"):
        check_upload(upload("notes.txt", b""))


@override_settings(DOCUMENTS_MAX_BYTES=2 * 1024 * 1024)
def test_a_file_over_the_limit_is_refused_before_it_is_read():
    class Unreadable:
        name = "big.pdf"
        size = 2 * 1024 * 1024 + 1

        def read(self, *args):
            raise AssertionError("read before the size was checked")

        seek = chunks = read

    with pytest.raises(DocumentRefused) as refused:
        check_upload(Unreadable())  # type: ignore[arg-type]
    assert "at most 2 MB" in refused.value.message


@override_settings(DOCUMENTS_MAX_BYTES=len(PDF))
def test_a_file_at_the_limit_is_accepted():
    assert check_upload(upload("report.pdf", PDF)).size == len(PDF)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\ana\\notes.txt", "notes.txt"),
        ("bad\r\nname\x00.pdf", "badname.pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_file_names_are_cleaned(given, expected):
    assert clean_file_name(given) == expected
