"""A fake owner of libraries: what each user may do is whatever the test granted in `RULES`; the owner's
URL kwarg `owner_pk` is the library's id. It records every `on_upload` call."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from twinning.documents.models import Document, Library
from twinning.documents.permissions import LibraryAccess
from twinning.documents.views import LibraryPlace

RULES: dict[int, LibraryAccess] = {}
UPLOADED: list[tuple[int, int]] = []

NOTHING = LibraryAccess.nothing()
READER = LibraryAccess(can_read=True, can_upload=False, can_manage=False)
UPLOADER = LibraryAccess(can_read=True, can_upload=True, can_manage=False)
MANAGER = LibraryAccess(can_read=True, can_upload=True, can_manage=True)


def _record(user, document: Document) -> None:
    UPLOADED.append((user.pk, document.pk))


def resolve(request: HttpRequest, kwargs: dict) -> LibraryPlace:
    library = get_object_or_404(Library, pk=kwargs["owner_pk"])
    user = request.user
    access = RULES.get(user.pk, NOTHING) if user.is_authenticated else NOTHING
    if not access.can_read:
        raise Http404
    return LibraryPlace(
        library=library,
        access=access,
        layout="test_library_owner/layout.html",
        context={"owner_label": "test-library-layout"},
        title="Test materials",
        on_upload=_record,
    )
