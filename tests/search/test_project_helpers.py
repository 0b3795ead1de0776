"""Helpers for the project search tests: projects made straight in the tables (the search only
reads the rows), with their partners, and a search as a viewer sees it."""

import datetime

from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from twinning.discussions.models import Forum
from twinning.documents.models import Library
from twinning.projects.models import Kit, Partner, Project
from twinning.search.backends.base import ProjectFilters
from twinning.search.selectors import project_search
from twinning.twinspace.models import TwinSpace

ANONYMOUS = AnonymousUser()


def make_twinspace(title: str = "Space") -> TwinSpace:
    return TwinSpace.objects.create(
        title=title,
        forum=Forum.objects.create(purpose="forum"),
        teachers_board=Forum.objects.create(purpose="board"),
        materials=Library.objects.create(purpose="materials"),
    )


def add_partner(project: Project, teacher, *, country: str = "FR", state: str = Partner.State.ACTIVE, role=None):
    return Partner.objects.create(
        project=project,
        teacher=teacher,
        country=country,
        role=role or Partner.Role.PARTNER,
        state=state,
    )


def make_project(
    title: str = "Water in our towns",
    *,
    founder=None,
    country: str = "ES",
    status: str = Project.Status.OPEN,
    is_public: bool = True,
    summary: str = "Pupils compare how their towns use water.",
    description: str = "We measure and share.",
    aims: str = "",
    expected_results: str = "",
    subjects: tuple[str, ...] = ("environment",),
    age_bands: tuple[str, ...] = ("10-12",),
    languages: tuple[str, ...] = ("en",),
    kit: Kit | None = None,
) -> Project:
    """A project with its founder as an active partner from `country` (and a TwinSpace when open or closed)."""
    founder = founder or UserFactory()
    project = Project.objects.create(
        title=title,
        summary=summary,
        description=description,
        aims=aims,
        work_process="",
        expected_results=expected_results,
        subjects=list(subjects),
        age_bands=list(age_bands),
        languages=list(languages),
        countries=[country],
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 6, 30),
        is_public=is_public,
        kit=kit,
        status=status,
        founded_by=founder,
        twinspace=make_twinspace(title) if status in (Project.Status.OPEN, Project.Status.CLOSED) else None,
    )
    add_partner(project, founder, country=country, role=Partner.Role.FOUNDER)
    return project


def projects_found(viewer=ANONYMOUS, q: str = "", **filters) -> list[int]:
    """Ids of the projects `viewer` finds (every page), newest first."""
    ids: list[int] = []
    page = 1
    while True:
        result = project_search(viewer=viewer, query=q, filters=ProjectFilters(**filters), page=page)
        ids += [hit.project.pk for hit in result.items]
        if not result.has_next:
            return ids
        page += 1
