"""The one document library: uploaded files, whatever they belong to.

Like a forum, a library knows nothing about its owner; the owning app decides
who may read, upload and remove (a `LibraryAccess`, see `permissions.py`).
Files live in the private storage (never under the public media address) and
are served by the owner's views after the access check.
"""

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _


class Library(models.Model):
    """A set of documents. `purpose` says what it is for its owner, for the admin and logs only."""

    purpose = models.CharField(_("purpose"), max_length=40)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    document_count = models.PositiveIntegerField(_("documents"), default=0)
    total_bytes = models.PositiveBigIntegerField(_("total size"), default=0)

    class Meta:
        verbose_name = _("document library")
        verbose_name_plural = _("document libraries")

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class _PrivateStorage(Storage):
    """Hands every call to `storages["private"]` as configured at the moment of the call.

    A FileField evaluates its storage callable once, when the model class is
    built; without this indirection a later change of `STORAGES` (each test
    puts the private files in its own temporary folder) would be ignored and
    files would land in the configured folder.
    """

    def __getattribute__(self, name: str) -> object:
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)


def private_storage() -> Storage:
    """The storage for files only members may read (`STORAGES["private"]`): no public address."""
    return _PrivateStorage()


def document_path(instance: "Document", filename: str) -> str:
    # The stored name is random: the original name is kept in a column, never trusted as a path.
    return f"documents/{instance.library_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """One uploaded file, its checked type and size, and who shared it."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")
        TEXT = "text", _("Text document")
        SPREADSHEET = "spreadsheet", _("Spreadsheet")
        PRESENTATION = "presentation", _("Presentation")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="documents", verbose_name=_("library"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2_000, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="uploaded_documents",
        verbose_name=_("shared by"),
    )
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["library", "-created_at"], name="document_library_idx")]

    def __str__(self) -> str:
        return self.title
