"""The top bar is a contract (DESIGN.md §5): tests and users find sections by these names, in this order."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SECTIONS = ["Home", "People", "Projects", "Groups", "Events", "Partner finding", "Professional development", "Help"]


def _sections(html: str) -> list[str]:
    bar = re.search(r'<ul class="nav__sections">(.*?)</ul>', html, re.S).group(1)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", bar, re.S)]


def test_a_teacher_sees_the_sections_in_order(client, teacher_es):
    client.force_login(teacher_es)
    assert _sections(client.get(reverse("home")).content.decode()) == SECTIONS


def test_support_staff_also_see_support(client, nss_officer_es):
    client.force_login(nss_officer_es)
    assert _sections(client.get(reverse("home")).content.decode()) == [*SECTIONS, "Support"]


def test_signed_out_visitors_see_help_log_in_and_sign_up(client):
    assert _sections(client.get(reverse("help:index")).content.decode()) == ["Help", "Log in", "Sign up"]
