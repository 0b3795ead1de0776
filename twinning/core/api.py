"""Pieces every app's JSON API shares: who the session's user may be, and ids that fit a database key."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja.security import SessionAuth

MAX_ID = 2**63 - 1
"""The largest id a database key holds; a larger one is a missing page, not a server error."""


def check_id(value: int) -> int:
    """`value` when it can be an id; 404 otherwise (0, negative, too large)."""
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


class PupilsExcludedAuth(SessionAuth):
    """The session's user when `allowed` says so (else 401); pupils get a 404, as for a page that does not
    exist, since nothing of the API is theirs."""

    def __init__(self, allowed: Callable[[Any], bool]) -> None:
        super().__init__()
        self.allowed = allowed

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if getattr(user, "is_pupil", False):
            raise Http404
        return user if self.allowed(user) else None
