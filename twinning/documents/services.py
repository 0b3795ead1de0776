"""Changes in a document library: create one, share a file, remove it.

The owner's `LibraryAccess` decides who may act; `check_upload` decides what
the file is. `Library.document_count` and `Library.total_bytes` move with
conditional `F()` updates in the same transaction as the row.
"""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.documents.models import Document, Library
from twinning.documents.permissions import LibraryAccess, can_delete_document
from twinning.documents.validation import check_upload

TITLE_MAX_LENGTH = Document._meta.get_field("title").max_length or 200
DESCRIPTION_MAX_LENGTH = Document._meta.get_field("description").max_length or 2_000


def library_create(*, purpose: str) -> Library:
    """An empty library for an owner; `purpose` is a short label for the admin ("twinspace_materials")."""
    library = Library(purpose=purpose)
    library.full_clean()
    library.save()
    return library


def _clean_title(title: str, fallback: str) -> str:
    title = " ".join((title or "").split()) or fallback[:TITLE_MAX_LENGTH]
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(
            _("A title can be at most %(max)d characters long.") % {"max": TITLE_MAX_LENGTH}, field="title"
        )
    if "\x00" in title:
        raise DomainError(_("The title contains a character that cannot be stored."), field="title")
    return title


def _clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise DomainError(
            _("A description can be at most %(max)d characters long.") % {"max": DESCRIPTION_MAX_LENGTH},
            field="description",
        )
    if "\x00" in description:
        raise DomainError(_("The description contains a character that cannot be stored."), field="description")
    return description


def document_upload(
    *, actor: User, library: Library, access: LibraryAccess, title: str, upload: UploadedFile, description: str = ""
) -> Document:
    """Shares a file in a library. Needs `can_read` and `can_upload`; the file must pass `check_upload`
    (type from its bytes, matching extension, size limit). Nothing is stored when anything refuses; a
    blank title takes the file's name."""
    if actor is None or not actor.is_authenticated or not (access.can_read and access.can_upload):
        raise PermissionRefused(_("You cannot share files here."))
    checked = check_upload(upload)
    title = _clean_title(title, checked.original_name)
    description = _clean_description(description)
    document = Document(
        library=library,
        title=title,
        description=description,
        original_name=checked.original_name,
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    # The file is written first (the row needs its name); when the row cannot be saved, it goes again.
    document.file.save(checked.original_name, upload, save=False)
    try:
        with transaction.atomic():
            document.full_clean()
            document.save()
            Library.objects.filter(pk=library.pk).update(
                document_count=F("document_count") + 1, total_bytes=F("total_bytes") + checked.size
            )
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, actor: User, document: Document, access: LibraryAccess) -> None:
    """Removes a document: its uploader (while they may still upload here) or a manager. The file leaves
    the storage once the removal is committed."""
    if actor is None or not can_delete_document(actor, access, document):
        raise PermissionRefused(_("You cannot delete this file."))
    deleted, _rows = Document.objects.filter(pk=document.pk).delete()
    if not deleted:
        return
    Library.objects.filter(pk=document.library_id, document_count__gt=0, total_bytes__gte=document.size).update(
        document_count=F("document_count") - 1, total_bytes=F("total_bytes") - document.size
    )
    storage, name = document.file.storage, document.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
