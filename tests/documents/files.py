"""Genuine and disguised files, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.profiles.factories import image_bytes


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def opendocument(mimetype: str) -> bytes:
    return zip_bytes({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"})


def office_open_xml(main: str) -> bytes:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/main.xml" ContentType="{main}"/></Types>'
    ).encode()
    return zip_bytes({"[Content_Types].xml": types, "main.xml": b"<doc/>"})


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 200
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 200
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 100
M4A = b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A mp42" + b"\x00" * 100
OGG = b"OggS\x00\x02" + b"\x00" * 100
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100

GENUINE = [
    # (name, bytes, kind, content type)
    ("report.pdf", PDF, "pdf", "application/pdf"),
    ("photo.png", image_bytes("PNG", (8, 8)), "image", "image/png"),
    ("photo.jpg", image_bytes("JPEG", (8, 8)), "image", "image/jpeg"),
    ("photo.JPEG", image_bytes("JPEG", (8, 8)), "image", "image/jpeg"),
    ("anim.gif", image_bytes("GIF", (8, 8), mode="P", color=1), "image", "image/gif"),
    ("photo.webp", image_bytes("WEBP", (8, 8)), "image", "image/webp"),
    ("notes.txt", "Bonjour, ¿qué tal? 2 < 3 and 5 > 4\n".encode(), "text", "text/plain"),
    ("bom.txt", "\ufeffWith a byte order mark".encode(), "text", "text/plain"),
    ("scores.csv", b"name,score\nAna,3\nBen,5\n", "spreadsheet", "text/csv"),
    (
        "essay.odt",
        opendocument("application/vnd.oasis.opendocument.text"),
        "text",
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "sheet.ods",
        opendocument("application/vnd.oasis.opendocument.spreadsheet"),
        "spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "slides.odp",
        opendocument("application/vnd.oasis.opendocument.presentation"),
        "presentation",
        "application/vnd.oasis.opendocument.presentation",
    ),
    (
        "essay.docx",
        office_open_xml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        "text",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "sheet.xlsx",
        office_open_xml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        "spreadsheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "slides.pptx",
        office_open_xml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
        "presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("song.mp3", MP3, "audio", "audio/mpeg"),
    ("frame.mp3", MP3_FRAME, "audio", "audio/mpeg"),
    ("clip.mp4", MP4, "video", "video/mp4"),
    ("voice.m4a", M4A, "audio", "audio/mp4"),
    ("voice.ogg", OGG, "audio", "audio/ogg"),
    ("voice.wav", WAV, "audio", "audio/wav"),
]

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'

REFUSED = [
    # (name, bytes, words the message must contain)
    ("report.pdf", HTML, "Web pages"),
    ("notes.txt", HTML, "Web pages"),
    ("photo.png", HTML, "Web pages"),
    ("notes.txt", "\ufeff  \n\ufeff <p>hello</p>".encode(), "Web pages"),
    ("notes.txt", b"Hello\nthere <ScRiPt src=//x></script>", "Web pages"),
    ("notes.txt", b"Some text then <svg onload=alert(1)>", "Web pages"),
    ("notes.txt", b"Text <!DOCTYPE html>", "Web pages"),
    ("drawing.svg", SVG, "Web pages"),
    ("script.js", b"alert(document.cookie);\n", "only plain text (.txt) and CSV"),
    ("page.html", b"just words", "only plain text (.txt) and CSV"),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "Programs"),
    ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "Programs"),
    ("run.sh", b"#!/bin/sh\nrm -rf /\n", "Programs"),
    ("photos.zip", zip_bytes({"a.txt": b"hello"}), "Archives"),
    ("essay.docx", zip_bytes({"a.txt": b"hello"}), "Archives"),
    ("data.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 50, "Archives"),
    ("binary.txt", bytes(range(256)), "cannot be shared"),
    ("photo.pdf", image_bytes("PNG", (8, 8)), "is a PNG picture, but its name does not end in .png"),
    ("report.png", PDF, "is a PDF file, but its name does not end in .pdf"),
    ("noextension", PDF, "is a PDF file"),
    ("notes.pdf", b"Just some words", "only plain text"),
]
