"""Profile photos: check what was uploaded, then re-encode it cleanly.

The file's bytes decide its type (never its name or the browser's content
type): only JPEG, PNG and WebP decoded by Pillow pass. Size and pixel limits
are checked before any pixel is decoded, so a small file announcing a huge
image (a decompression bomb) is refused cheaply. What is stored is a new
image drawn from the decoded pixels: no EXIF (GPS, camera serial), no XMP,
no comments, no colour profile, nothing of the original file survives but
the picture itself, turned upright.
"""

import io
import uuid
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from twinning.core.errors import DomainError

MAIN_MAX_SIDE = 1024
THUMBNAIL_SIDE = 256
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# JPEG stays JPEG; PNG and WebP (which may be transparent) become WebP.
OUTPUT_FORMAT = {"JPEG": ("JPEG", "jpg"), "PNG": ("WEBP", "webp"), "WEBP": ("WEBP", "webp")}


class PhotoRefused(DomainError):
    """An uploaded photo was refused; the message says why, for the user."""

    def __init__(self, message: str, *, code: str = "invalid_photo") -> None:
        super().__init__(message, field="photo", code=code)


@dataclass(frozen=True)
class ProcessedPhoto:
    """A cleaned photo ready to store: the main image, its square thumbnail and their file names."""

    main: bytes
    thumbnail: bytes
    main_name: str
    thumbnail_name: str
    content_type: str


def _read_limited(upload: IO[bytes], max_bytes: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_big(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(max_bytes)
    if not data:
        raise PhotoRefused(str(_("The file is empty.")), code="empty")
    return data


def _too_big(max_bytes: int) -> PhotoRefused:
    return PhotoRefused(
        str(_("The file is too large: photos may be at most %(size)s.") % {"size": filesizeformat(max_bytes)}),
        code="too_large",
    )


def _not_an_image() -> PhotoRefused:
    return PhotoRefused(
        str(_("This file is not a JPEG, PNG or WebP image. Choose a photo saved in one of these formats.")),
        code="wrong_type",
    )


def _too_many_pixels(max_pixels: int) -> PhotoRefused:
    megapixels = max(1, max_pixels // 1_000_000)
    return PhotoRefused(
        str(_("The image is too large: at most %(megapixels)s million pixels.") % {"megapixels": megapixels}),
        code="too_many_pixels",
    )


def _decode(data: bytes, max_pixels: int) -> tuple[Image.Image, str]:
    """Opens and fully decodes the image, refusing anything that is not a sound JPEG, PNG or WebP."""
    with warnings.catch_warnings():
        # Pillow only warns below twice its own limit; a bomb must be refused, not decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            source_format = image.format or ""
            if source_format not in ACCEPTED_FORMATS:
                raise _not_an_image()
            width, height = image.size
            if width < 1 or height < 1:
                raise _not_an_image()
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except UnidentifiedImageError as exc:
            raise _not_an_image() from exc
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
            # Truncated or corrupt data behind a valid header (HTML after a PNG signature, say).
            raise _not_an_image() from exc
    return image, source_format


def _clean_copy(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """A new image holding only the pixels: no metadata can ride along."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if keep_alpha and has_alpha else "RGB"
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _encode(image: Image.Image, output_format: str) -> bytes:
    buffer = io.BytesIO()
    if output_format == "JPEG":
        image.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    else:
        image.save(buffer, format="WEBP", quality=85, method=4)
    return buffer.getvalue()


def process_photo(upload: IO[bytes]) -> ProcessedPhoto:
    """Checks an uploaded photo and returns its cleaned main image and thumbnail.

    Raises `PhotoRefused` (a DomainError on the "photo" field) with a message
    for the user when the file is too large, has too many pixels, or is not a
    sound JPEG, PNG or WebP image. Writes nothing anywhere.
    """
    data = _read_limited(upload, settings.PROFILE_PHOTO_MAX_BYTES)
    image, source_format = _decode(data, settings.PROFILE_PHOTO_MAX_PIXELS)
    output_format, extension = OUTPUT_FORMAT[source_format]
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # a broken orientation tag must not block a usable photo
        upright = image
    keep_alpha = output_format == "WEBP"
    main = _clean_copy(upright, keep_alpha=keep_alpha)
    main.thumbnail((MAIN_MAX_SIDE, MAIN_MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(main, (THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    stem = uuid.uuid4().hex
    return ProcessedPhoto(
        main=_encode(main, output_format),
        thumbnail=_encode(thumb, output_format),
        main_name=f"{stem}.{extension}",
        thumbnail_name=f"{stem}-thumb.{extension}",
        content_type="image/jpeg" if output_format == "JPEG" else "image/webp",
    )
