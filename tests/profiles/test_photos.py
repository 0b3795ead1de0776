"""Profile photos: only sound JPEG, PNG and WebP pass; what is stored is clean; refusals store nothing."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.profiles.factories import gps_exif, image_bytes, profile_of, upload
from twinning.core.errors import DomainError
from twinning.profiles.models import Profile
from twinning.profiles.services import profile_remove_photo, profile_set_photo
from twinning.progress.models import ProgressAction


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _png_header_with_html() -> bytes:
    real = image_bytes("PNG", size=(64, 64))
    # The signature and the IHDR chunk of a real PNG, then a web page.
    return real[:33] + b"<html><body><script>alert(document.cookie)</script></body></html>"


def _pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(buffer, format="PDF")
    return buffer.getvalue()


BAD_FILES = {
    "gif": (lambda: image_bytes("GIF"), "photo.gif", "image/gif"),
    "pdf": (_pdf, "photo.pdf", "application/pdf"),
    "html renamed png": (lambda: b"<!DOCTYPE html><html><body>Hello</body></html>", "photo.png", "image/png"),
    "png header + html": (_png_header_with_html, "photo.png", "image/png"),
    "empty": (lambda: b"", "photo.jpg", "image/jpeg"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_wrong_files_refused_by_the_page_and_nothing_stored(client, settings, teacher_es, kind):
    make, name, content_type = BAD_FILES[kind]
    profile = profile_of(teacher_es)
    before = Profile.objects.filter(pk=profile.pk).values().get()
    client.force_login(teacher_es)

    response = client.post(reverse("profiles:photo"), {"photo": upload(make(), name, content_type)})

    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors
    if kind != "empty":
        assert "not a JPEG, PNG or WebP image" in errors[0]
        assert "not a JPEG, PNG or WebP image" in response.content.decode()
    assert Profile.objects.filter(pk=profile.pk).values().get() == before
    assert _stored_files(settings) == []
    assert not ProgressAction.objects.filter(user=teacher_es, kind="photo_added").exists()


@pytest.mark.django_db
def test_oversized_file_refused(client, settings, teacher_es):
    data = image_bytes(size=(300, 300))
    settings.PROFILE_PHOTO_MAX_BYTES = len(data) - 1
    profile = profile_of(teacher_es)
    client.force_login(teacher_es)

    response = client.post(reverse("profiles:photo"), {"photo": upload(data)})

    assert "too large" in response.context["form"].errors["photo"][0]
    assert not Profile.objects.get(pk=profile.pk).photo
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_file_just_under_the_byte_limit_accepted(settings, teacher_es):
    data = image_bytes(size=(300, 300))
    settings.PROFILE_PHOTO_MAX_BYTES = len(data)
    profile = profile_of(teacher_es)
    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(data))
    assert Profile.objects.get(pk=profile.pk).photo


@pytest.mark.django_db
def test_too_many_pixels_refused(client, settings, teacher_es):
    settings.PROFILE_PHOTO_MAX_PIXELS = 200 * 200
    profile = profile_of(teacher_es)
    client.force_login(teacher_es)

    response = client.post(reverse("profiles:photo"), {"photo": upload(image_bytes("PNG", size=(201, 200)))})

    assert "too large" in response.context["form"].errors["photo"][0]
    assert not Profile.objects.get(pk=profile.pk).photo
    assert _stored_files(settings) == []
    # Exactly at the limit passes.
    response = client.post(reverse("profiles:photo"), {"photo": upload(image_bytes("PNG", size=(200, 200)))})
    assert response.status_code == 302
    assert Profile.objects.get(pk=profile.pk).photo


@pytest.mark.django_db
def test_decompression_bomb_refused_before_decoding(settings, monkeypatch, teacher_es):
    """Pillow's own bomb guard (a warning below twice its limit) is turned into a refusal."""
    settings.PROFILE_PHOTO_MAX_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)
    profile = profile_of(teacher_es)
    for size in [(150, 100), (300, 300)]:  # the warning zone, then the error zone
        with pytest.raises(DomainError) as error:
            profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes(size=size)))
        assert error.value.code == "too_many_pixels"
    assert _stored_files(settings) == []


@pytest.mark.django_db
def test_exif_and_gps_stripped_and_orientation_applied(settings, teacher_es):
    original = image_bytes("JPEG", size=(640, 480), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get(0x0110) == "Secret Camera 3000"
    profile = profile_of(teacher_es)

    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(original, name="holiday-madrid.jpg"))

    profile = Profile.objects.get(pk=profile.pk)
    for field in (profile.photo, profile.thumbnail):
        with field.open("rb") as stored:
            raw = stored.read()
        image = Image.open(io.BytesIO(raw))
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
        assert b"Secret Camera" not in raw
    # Orientation 6 means "turn 90°": the stored photo is upright (portrait).
    assert Image.open(profile.photo.path).size == (480, 640)
    assert "holiday" not in profile.photo.name
    assert "madrid" not in profile.thumbnail.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "mode", "color", "stored_format"),
    [
        ("JPEG", "RGB", (10, 20, 30), "JPEG"),
        ("PNG", "RGBA", (10, 20, 30, 128), "WEBP"),
        ("WEBP", "RGB", (9, 9, 9), "WEBP"),
    ],
)
def test_main_capped_and_square_thumbnail_made(settings, teacher_es, fmt, mode, color, stored_format):
    profile = profile_of(teacher_es)
    data = image_bytes(fmt, size=(2000, 1000), mode=mode, color=color)

    profile_set_photo(actor=teacher_es, profile=profile, upload=upload(data, name="x.bin", content_type="text/html"))

    profile = Profile.objects.get(pk=profile.pk)
    main = Image.open(profile.photo.path)
    thumb = Image.open(profile.thumbnail.path)
    assert main.format == thumb.format == stored_format
    assert main.size == (1024, 512)
    assert thumb.size == (256, 256)
    assert len(_stored_files(settings)) == 2


@pytest.mark.django_db
def test_replacing_a_photo_deletes_the_old_files(settings, teacher_es, django_capture_on_commit_callbacks):
    profile = profile_of(teacher_es)
    with django_capture_on_commit_callbacks(execute=True):
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    old = {profile.photo.path, profile.thumbnail.path}
    with django_capture_on_commit_callbacks(execute=True):
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes(color=(0, 0, 0))))
    new = {profile.photo.path, profile.thumbnail.path}
    assert old.isdisjoint(new)
    assert {str(p) for p in _stored_files(settings)} == new


@pytest.mark.django_db
def test_refused_replacement_keeps_the_current_photo(settings, teacher_es, django_capture_on_commit_callbacks):
    profile = profile_of(teacher_es)
    with django_capture_on_commit_callbacks(execute=True):
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    current = (profile.photo.name, profile.thumbnail.name)
    with pytest.raises(DomainError), django_capture_on_commit_callbacks(execute=True):
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes("GIF")))
    stored = Profile.objects.get(pk=profile.pk)
    assert (stored.photo.name, stored.thumbnail.name) == current
    assert len(_stored_files(settings)) == 2


@pytest.mark.django_db
def test_remove_photo_asks_for_confirmation_then_deletes(
    client, settings, teacher_es, django_capture_on_commit_callbacks
):
    profile = profile_of(teacher_es)
    with django_capture_on_commit_callbacks(execute=True):
        profile_set_photo(actor=teacher_es, profile=profile, upload=upload(image_bytes()))
    client.force_login(teacher_es)

    confirm = client.get(reverse("profiles:photo_remove"))
    assert confirm.status_code == 200
    assert "Remove your photo?" in confirm.content.decode()
    assert Profile.objects.get(pk=profile.pk).photo

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:photo_remove"))
    assert response.status_code == 302
    stored = Profile.objects.get(pk=profile.pk)
    assert not stored.photo
    assert not stored.thumbnail
    assert _stored_files(settings) == []
    # Progress earned stays.
    assert ProgressAction.objects.filter(user=teacher_es, kind="photo_added").count() == 1


@pytest.mark.django_db
def test_remove_photo_service_without_photo_is_harmless(teacher_es):
    profile = profile_of(teacher_es)
    profile_remove_photo(actor=teacher_es, profile=profile)
    assert not Profile.objects.get(pk=profile.pk).photo


@pytest.mark.django_db
def test_upload_through_the_page(client, settings, teacher_es):
    client.force_login(teacher_es)
    response = client.post(reverse("profiles:photo"), {"photo": upload(image_bytes())})
    assert response.status_code == 302
    profile = Profile.objects.get(user=teacher_es)
    assert profile.photo
    assert profile.thumbnail
    page = client.get(reverse("profiles:detail", args=[teacher_es.pk])).content.decode()
    assert profile.photo.url in page
