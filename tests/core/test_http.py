"""Where forms send people afterwards: only ever somewhere on this site."""

import pytest
from django.test import RequestFactory

from twinning.core.http import safe_next


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("/people/7/", "/people/7/"),
        ("/network/invitations/?page=2", "/network/invitations/?page=2"),
        ("https://evil.example/", "/help/"),
        ("//evil.example/path", "/help/"),
        ("javascript:alert(1)", "/help/"),
        ("", "/help/"),
    ],
)
def test_next_stays_on_this_site(posted, expected):
    request = RequestFactory().post("/", {"next": posted})
    assert safe_next(request, "help:index") == expected


def test_next_from_the_address_when_nothing_is_posted():
    request = RequestFactory().get("/", {"next": "/messages/"})
    assert safe_next(request, "/") == "/messages/"
