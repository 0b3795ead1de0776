"""What a reader may do in one document library, as decided by the library's owner.

The owning app builds a `LibraryAccess` for the acting user from its own rules;
the engine applies it to single documents with the predicates below, which the
services and the pages share.
"""

from dataclasses import dataclass

from twinning.accounts.models import User
from twinning.documents.models import Document


@dataclass(frozen=True)
class LibraryAccess:
    """The owner's answer for one user and one library."""

    can_read: bool
    can_upload: bool
    can_manage: bool  # delete anyone's document (uploaders delete their own)

    @classmethod
    def nothing(cls) -> "LibraryAccess":
        return cls(can_read=False, can_upload=False, can_manage=False)


def can_delete_document(user: User | None, access: LibraryAccess, document: Document) -> bool:
    """Managers delete any document; uploaders delete their own while they may still upload here."""
    if not access.can_read:
        return False
    if access.can_manage:
        return True
    return user is not None and user.is_authenticated and document.uploaded_by_id == user.pk and access.can_upload
