"""Keeps pupils inside their TwinSpaces: any other address answers 404 for a signed-in pupil.

An allow-list, so a page added later anywhere else is closed to pupils by
default. Inside the TwinSpace routes each view still checks the pupil's role
(the teachers' board, member management and drafts stay closed to them).
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

ALLOWED_NAMESPACES = {"twinspace", "pupils"}
ALLOWED_NAMES = {"account_logout", "set_language", "robots_txt"}


def pupil_may_open(namespaces: list[str], url_name: str | None) -> bool:
    if namespaces and namespaces[0] in ALLOWED_NAMESPACES:
        return True
    return not namespaces and url_name in ALLOWED_NAMES


class PupilIsolationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_pupil", False):
            return None
        match = request.resolver_match
        if match is None:
            raise Http404
        if not match.namespaces and match.url_name == "home":
            # The site's logo and "/" lead pupils to their own start page.
            return redirect("twinspace:mine")
        if not pupil_may_open(match.namespaces, match.url_name):
            raise Http404
        return None
