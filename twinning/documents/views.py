"""Library pages an owner app mounts in its own URLs, with its own layout and access rule.

An owner writes a resolver that turns the request and its URL kwargs into a
`LibraryPlace` (raising Http404 when the user may not read) and mounts
`library_urlpatterns(resolver)` under its namespace:

    path("<int:pk>/materials/", include((library_urlpatterns(resolve_library), "library")))

Every page extends `place.layout` and fills its `{% block space_content %}`.
Files are only ever sent as downloads with their checked type, so a browser
cannot run one as a page of this site.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.core.errors import DomainError, PermissionRefused
from twinning.core.forms import add_service_error
from twinning.core.mounting import Here, form_page, mounted, read_page
from twinning.documents.forms import UploadForm
from twinning.documents.models import Document, Library
from twinning.documents.permissions import LibraryAccess, can_delete_document
from twinning.documents.selectors import library_document, library_documents
from twinning.documents.services import document_delete, document_upload
from twinning.documents.validation import allowed_types_text, clean_file_name

DOCUMENTS_PER_PAGE = 25
OWN_KWARGS = ("doc_pk",)


@dataclass
class LibraryPlace:
    """Where a library is shown, as its owner resolves it for one request."""

    library: Library
    access: LibraryAccess
    layout: str  # template the engine's pages extend; it must define {% block space_content %}
    context: dict[str, Any] = field(default_factory=dict)  # extra context for that layout
    title: str = ""  # heading, e.g. "Materials"
    on_upload: Callable[[User, Document], None] | None = None  # called after a file is shared


class _Here(Here[LibraryPlace]):
    @property
    def access(self) -> LibraryAccess:
        return self.place.access

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]

    def engine_context(self) -> dict[str, Any]:
        return {"library": self.place.library, "library_links": self.links}

    def document(self, pk: int) -> Document:
        try:
            return library_document(library=self.place.library, access=self.access, pk=pk)
        except Document.DoesNotExist as missing:
            raise Http404 from missing


def _mounted(resolve: Callable[[HttpRequest, dict[str, Any]], LibraryPlace], *, writes: bool = False):  # type: ignore[no-untyped-def]
    return mounted(resolve, here=_Here, own_kwargs=OWN_KWARGS, writes=writes)


def _upload_context(here: _Here, form: UploadForm | None) -> dict[str, Any]:
    return {"form": form, "max_bytes": settings.DOCUMENTS_MAX_BYTES, "allowed_types": allowed_types_text()}


def _documents(here: _Here) -> HttpResponse:
    page = Paginator(library_documents(library=here.place.library, access=here.access), DOCUMENTS_PER_PAGE).get_page(
        here.request.GET.get("page")
    )
    documents = list(page.object_list)
    user = here.user if here.user.is_authenticated else None
    for document in documents:
        document.can_delete = can_delete_document(user, here.access, document)  # type: ignore[attr-defined]
    form = UploadForm() if here.access.can_upload and user is not None else None
    context = {"page": page, "documents": documents, **_upload_context(here, form)}
    return here.render("documents/documents.html", context)


def _upload(here: _Here) -> HttpResponse:
    if not here.access.can_upload:
        raise Http404
    form = UploadForm(here.request.POST or None, here.request.FILES or None)
    if here.request.method == "POST" and form.is_valid():
        try:
            document = document_upload(
                actor=here.user,
                library=here.place.library,
                access=here.access,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            if isinstance(error, PermissionRefused):
                raise
            add_service_error(form, error)
        else:
            if here.place.on_upload is not None:
                here.place.on_upload(here.user, document)
            messages.success(here.request, _("Your file has been shared."))
            return HttpResponseRedirect(here.links.url("documents"))
    return here.render("documents/upload.html", _upload_context(here, form))


def _download(here: _Here, doc_pk: int) -> HttpResponseBase:
    document = here.document(doc_pk)
    inline = here.request.GET.get("inline") == "1" and document.kind == Document.Kind.IMAGE
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    content_type = document.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=clean_file_name(document.original_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _delete(here: _Here, doc_pk: int) -> HttpResponse:
    document = here.document(doc_pk)
    if not can_delete_document(here.user, here.access, document):
        raise Http404
    if here.request.method == "POST":
        document_delete(actor=here.user, document=document, access=here.access)
        messages.success(here.request, _("The file has been deleted."))
        return HttpResponseRedirect(here.links.url("documents"))
    return here.render("documents/delete.html", {"document": document})


def library_urlpatterns(resolve: Callable[[HttpRequest, dict[str, Any]], LibraryPlace]) -> list[URLPattern]:
    """The library's pages, to mount with `include((library_urlpatterns(resolve), "library"))` in the
    owner's URLs. `resolve(request, owner_kwargs)` returns the `LibraryPlace` or raises Http404."""
    return [
        path("", read_page(_mounted(resolve)(_documents)), name="documents"),
        path("upload/", form_page(_mounted(resolve, writes=True)(_upload)), name="upload"),
        path("<int:doc_pk>/download/", read_page(_mounted(resolve)(_download)), name="download"),
        path("<int:doc_pk>/delete/", form_page(_mounted(resolve, writes=True)(_delete)), name="delete"),
    ]
