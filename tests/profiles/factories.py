"""Profiles and test images."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from twinning.profiles.models import Profile


def profile_of(user, **changes) -> Profile:
    """The user's profile (made by UserFactory) with `changes` saved."""
    profile, _created = Profile.objects.get_or_create(user=user)
    for field, value in changes.items():
        setattr(profile, field, value)
    if changes:
        profile.save()
    return profile


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (640, 480),
    *,
    exif: Image.Exif | None = None,
    mode: str = "RGB",
    color=(200, 60, 40),
) -> bytes:
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif() -> Image.Exif:
    """EXIF with a camera model, a GPS position and an orientation (rotate 90° to display)."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = {1: "N", 2: (40.0, 25.0, 0.0), 3: "W", 4: (3.0, 42.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    return exif
