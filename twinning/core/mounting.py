"""The machinery an engine (forum, library) uses to mount its pages in an owner's URLs.

The owner writes a resolver that turns the request and its URL kwargs into a
place (the engine's object, its access, the owner's layout and context) or
raises Http404. The engine wraps each page with `mounted()`: the place is
resolved first (404 when the user may not read), links keep the owner's
kwargs, and pages render into the owner's layout.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic, Protocol, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from twinning.core.errors import PermissionRefused

read_page = require_http_methods(["GET", "HEAD"])
form_page = require_http_methods(["GET", "HEAD", "POST"])


class _Access(Protocol):
    @property
    def can_read(self) -> bool: ...


class Place(Protocol):
    """What every engine's place offers: the access it was given and the owner's layout context."""

    @property
    def access(self) -> _Access: ...

    @property
    def context(self) -> dict[str, Any]: ...


PlaceT = TypeVar("PlaceT", bound=Place)


@dataclass(frozen=True)
class MountLinks:
    """Reverses the engine's URL names inside the namespace it is mounted in, with the owner's kwargs."""

    namespace: str
    owner_kwargs: dict[str, Any]

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(f"{self.namespace}:{name}", kwargs={**self.owner_kwargs, **kwargs})


@dataclass
class Here(Generic[PlaceT]):
    """One request to a mounted page: the request, the owner's place and the links inside the mount.

    Each engine subclasses it with its lookups and a typed `user` (core does not know the user model)."""

    request: HttpRequest
    place: PlaceT
    links: MountLinks

    def engine_context(self) -> dict[str, Any]:
        """The names the engine's templates read besides `place` and `access` (its object, its links)."""
        return {}

    def render(self, template: str, context: dict[str, Any]) -> HttpResponse:
        full = {
            **self.place.context,
            "place": self.place,
            "access": self.place.access,
            **self.engine_context(),
            **context,
        }
        return render(self.request, template, full)


HereT = TypeVar("HereT", bound=Here[Any])


def mounted(  # type: ignore[no-untyped-def]
    resolve: Callable[[HttpRequest, dict[str, Any]], PlaceT],
    *,
    here: Callable[..., HereT],
    own_kwargs: tuple[str, ...],
    writes: bool = False,
):
    """Resolves the owner's place (404 when the user may not read) before the page runs; changes need a
    signed-in user. The engine's own URL kwargs (`own_kwargs`) go to the page; the rest are the owner's.
    A `PermissionRefused` from a page is a 404."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            own = {key: kwargs.pop(key) for key in own_kwargs if key in kwargs}
            if writes and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            place = resolve(request, kwargs)
            if not place.access.can_read:
                raise Http404
            namespace = request.resolver_match.namespace if request.resolver_match else ""
            links = MountLinks(namespace=namespace, owner_kwargs=kwargs)
            try:
                return view(here(request=request, place=place, links=links), **own)
            except PermissionRefused as refused:
                raise Http404 from refused

        return wrapped

    return decorate
