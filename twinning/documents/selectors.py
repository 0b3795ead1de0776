"""Reads of a document library."""

from django.db.models import QuerySet

from twinning.documents.models import Document, Library
from twinning.documents.permissions import LibraryAccess


def library_documents(*, library: Library, access: LibraryAccess) -> QuerySet[Document]:
    """The library's documents, newest first, with who shared them; none for a reader who may not read."""
    if not access.can_read:
        return Document.objects.none()
    return Document.objects.filter(library=library).select_related("uploaded_by").order_by("-created_at", "-pk")


def library_document(*, library: Library, access: LibraryAccess, pk: int) -> Document:
    """One document of the library the reader may read; `Document.DoesNotExist` otherwise (pages answer 404)."""
    return library_documents(library=library, access=access).get(pk=pk)
