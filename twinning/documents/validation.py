"""Deciding what an uploaded file really is, from its bytes.

The file's name and the type the browser announces are chosen by whoever
uploads it, so neither decides anything: the first bytes (and, for office
documents, the manifest inside the zip) give the type, and the name's
extension must then agree with it. Anything a browser could run as a page
(HTML, SVG, XML, scripts) is refused, as are executables, archives and empty
files.
"""

import codecs
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError
from twinning.documents.models import Document

HEAD_BYTES = 64
MANIFEST_MAX_BYTES = 256 * 1024
TEXT_EXTENSIONS: dict[str, tuple[str, str]] = {
    "txt": ("text/plain", Document.Kind.TEXT),
    "csv": ("text/csv", Document.Kind.SPREADSHEET),
}
LEADING_BLANKS = re.compile(r"^[\s\ufeff\u200b]+")
MARKUP_MARKERS = ("<script", "<html", "<svg", "<!doctype")
OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": ("odt", Document.Kind.TEXT),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", Document.Kind.SPREADSHEET),
    "application/vnd.oasis.opendocument.presentation": ("odp", Document.Kind.PRESENTATION),
}
OFFICE_OPEN_XML = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        Document.Kind.TEXT,
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        Document.Kind.SPREADSHEET,
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        Document.Kind.PRESENTATION,
    ),
}
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"mmp4", b"dash"}
M4A_BRANDS = {b"M4A ", b"M4B "}


class DocumentRefused(DomainError):
    """An uploaded file is not one we accept; the message says why and what is allowed."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message, field="file", code=code)


@dataclass(frozen=True)
class CheckedFile:
    """What the bytes of an upload turned out to be."""

    kind: str  # a Document.Kind value
    content_type: str
    size: int
    extension: str  # lower case, without the dot, as the file's name has it
    original_name: str = ""  # the file's name, cleaned for showing and for downloads


@dataclass(frozen=True)
class _Sniffed:
    kind: str
    content_type: str
    extensions: tuple[str, ...]
    label: str


def allowed_types_text() -> str:
    return _(
        "You can share PDF files, pictures (PNG, JPEG, GIF, WebP), plain text and CSV files, "
        "OpenDocument and Microsoft Office documents (text, spreadsheet, presentation), "
        "sound (MP3, M4A, OGG, WAV) and MP4 video."
    )


def _refuse_type(reason: str, code: str) -> DocumentRefused:
    return DocumentRefused(f"{reason} {allowed_types_text()}", code=code)


def clean_file_name(name: str) -> str:
    """The base name without folders or control characters, at most 255 characters, extension kept."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        return "file"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 254 - len(ext)] + "." + ext) if dot and len(ext) < 20 else name[:255]
    return name


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _sniff_zip(upload: UploadedFile) -> _Sniffed | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 200:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in OPENDOCUMENT:
                    ext, kind = OPENDOCUMENT[declared]
                    return _Sniffed(kind, declared, (ext,), _("an OpenDocument file"))
                return None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > MANIFEST_MAX_BYTES:
                    return None
                manifest = archive.read(info).decode("utf-8", "replace")
                for marker, (content_type, ext, kind) in OFFICE_OPEN_XML.items():
                    if f'ContentType="{marker}"' in manifest:
                        return _Sniffed(kind, content_type, (ext,), _("a Microsoft Office file"))
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def _is_mp3_frame(head: bytes) -> bool:
    """An MPEG audio layer III frame header: 11 sync bits, a known version, layer bits 01."""
    if len(head) < 2 or head[0] != 0xFF:
        return False
    second = head[1]
    return second & 0xE0 == 0xE0 and second & 0x18 != 0x08 and second & 0x06 == 0x02


def _sniff_binary(head: bytes, upload: UploadedFile) -> _Sniffed | None:
    if head.startswith(b"%PDF-"):
        return _Sniffed(Document.Kind.PDF, "application/pdf", ("pdf",), _("a PDF file"))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _Sniffed(Document.Kind.IMAGE, "image/png", ("png",), _("a PNG picture"))
    if head.startswith(b"\xff\xd8\xff"):
        return _Sniffed(Document.Kind.IMAGE, "image/jpeg", ("jpg", "jpeg"), _("a JPEG picture"))
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _Sniffed(Document.Kind.IMAGE, "image/gif", ("gif",), _("a GIF picture"))
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _Sniffed(Document.Kind.IMAGE, "image/webp", ("webp",), _("a WebP picture"))
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return _Sniffed(Document.Kind.AUDIO, "audio/wav", ("wav",), _("a WAV sound file"))
    if head.startswith(b"OggS"):
        return _Sniffed(Document.Kind.AUDIO, "audio/ogg", ("ogg", "oga"), _("an OGG sound file"))
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return _Sniffed(Document.Kind.AUDIO, "audio/mpeg", ("mp3",), _("an MP3 sound file"))
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in M4A_BRANDS:
            return _Sniffed(Document.Kind.AUDIO, "audio/mp4", ("m4a",), _("an M4A sound file"))
        if brand in MP4_BRANDS:
            return _Sniffed(Document.Kind.VIDEO, "video/mp4", ("mp4", "m4v", "m4a"), _("an MP4 file"))
        return None
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    return None


def _check_text(upload: UploadedFile) -> None:
    """Raises when the file is not UTF-8 text, or is markup or a script a browser could run."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    tail = ""
    started = False
    upload.seek(0)
    try:
        for chunk in upload.chunks():
            text = decoder.decode(chunk)
            if "\x00" in text or re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f]", text):
                raise _refuse_type(_("This type of file cannot be shared."), "not_allowed")
            opening = LEADING_BLANKS.sub("", text)
            if not started and opening:
                started = True
                if opening.startswith("<"):
                    raise _refuse_type(_("Web pages, SVG and XML files cannot be shared."), "markup")
            window = (tail + text).lower()
            if any(marker in window for marker in MARKUP_MARKERS):
                raise _refuse_type(_("Web pages, SVG pictures and scripts cannot be shared."), "markup")
            tail = window[-16:]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise _refuse_type(_("This type of file cannot be shared."), "not_allowed") from error


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The checked type of `upload`, or `DocumentRefused` saying why it cannot be shared.

    The size is checked before anything is read; the type comes from the bytes;
    the name's extension must be one of that type's.
    """
    size = upload.size or 0
    if size <= 0:
        raise DocumentRefused(_("The file is empty."), code="empty")
    limit = settings.DOCUMENTS_MAX_BYTES
    if size > limit:
        raise DocumentRefused(
            _("The file is too large: files can be at most %(limit)s MB.") % {"limit": _megabytes(limit)},
            code="too_large",
        )
    name = clean_file_name(upload.name or "")
    extension = _extension(name)
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        raise _refuse_type(_("Programs and scripts cannot be shared."), "executable")
    sniffed = _sniff_binary(head, upload)
    if sniffed is None:
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BZh")):
            raise _refuse_type(_("Archives (zip and others) cannot be shared."), "archive")
        _check_text(upload)
        if extension not in TEXT_EXTENSIONS:
            raise _refuse_type(
                _("“%(name)s” is text, but only plain text (.txt) and CSV (.csv) files can be shared as text.")
                % {"name": name},
                "not_allowed",
            )
        text_type, text_kind = TEXT_EXTENSIONS[extension]
        sniffed = _Sniffed(text_kind, text_type, (extension,), _("a text file"))
    if extension not in sniffed.extensions:
        raise DocumentRefused(
            _(
                "“%(name)s” is %(what)s, but its name does not end in .%(expected)s. "
                "Rename it with the right ending and try again."
            )
            % {"name": name, "what": sniffed.label, "expected": sniffed.extensions[0]},
            code="extension_mismatch",
        )
    content_type = sniffed.content_type
    kind = sniffed.kind
    if content_type == "video/mp4" and extension == "m4a":
        content_type, kind = "audio/mp4", Document.Kind.AUDIO.value
    upload.seek(0)
    return CheckedFile(kind=kind, content_type=content_type, size=size, extension=extension, original_name=name)


def _megabytes(limit: int) -> str:
    value = limit / (1024 * 1024)
    shown = f"{value:.1f}" if value >= 1 else f"{value:.2g}"
    return shown.removesuffix(".0")
