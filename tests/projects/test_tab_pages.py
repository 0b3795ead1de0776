"""The Projects tab pages each group on its own: a teacher with hundreds of closed projects gets a
page of a fixed size, in a fixed number of queries, and moves through one group without losing
her place in the others."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.projects.factories import make_project
from twinning.projects.models import Project
from twinning.projects.views import PROJECTS_PER_PAGE

pytestmark = pytest.mark.django_db


def _stopped(founder, count: int) -> None:
    for index in range(count):
        make_project(founder=founder, title=f"Stopped project {index:03d}")
    Project.objects.filter(founded_by=founder, title__startswith="Stopped").update(status=Project.Status.STOPPED)


def _section(html: str, group: str) -> str:
    start = html.index(f'id="{group}-heading"')
    end = html.find("</section>", start)
    return html[start:end]


def _titles(html: str, group: str) -> list[str]:
    return re.findall(r">(Stopped project \d+|Draft \d+)</a>", _section(html, group))


def test_each_group_is_paged_on_its_own(client, teacher_es):
    _stopped(teacher_es, PROJECTS_PER_PAGE + 5)
    for index in range(3):
        make_project(founder=teacher_es, title=f"Draft {index}")
    client.force_login(teacher_es)

    html = client.get(reverse("projects:index")).content.decode()
    closed = _section(html, "closed")
    assert len(_titles(html, "closed")) == PROJECTS_PER_PAGE
    assert f'<span class="badge">{PROJECTS_PER_PAGE + 5}</span>' in closed
    assert "?closed=2#closed-heading" in closed
    assert len(_titles(html, "pending")) == 3
    assert "pagination" not in _section(html, "pending")

    html = client.get(reverse("projects:index"), {"closed": 2, "pending": 1}).content.decode()
    assert len(_titles(html, "closed")) == 5
    assert "Stopped project 000" in _section(html, "closed")  # newest first: the oldest is last
    assert "?pending=1&amp;closed=1#closed-heading" in _section(html, "closed")
    assert len(_titles(html, "pending")) == 3

    # A page past the end shows the last page, a bad one the first.
    assert len(_titles(client.get(reverse("projects:index"), {"closed": 99}).content.decode(), "closed")) == 5
    assert len(_titles(client.get(reverse("projects:index"), {"closed": "x"}).content.decode(), "closed")) == 20


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("projects:index"), params).status_code == 200
    return len(queries)


def test_a_page_of_hundreds_costs_what_a_page_of_one_does(client, teacher_es):
    _stopped(teacher_es, 1)
    client.force_login(teacher_es)
    _queries(client)  # the session's first request does its own once-only work
    few = _queries(client)
    _stopped(teacher_es, 3 * PROJECTS_PER_PAGE)
    assert _queries(client) == few
    assert _queries(client, closed=3) == few
