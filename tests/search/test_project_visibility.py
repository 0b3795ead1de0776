"""Who finds which project, on the database in use: every viewer (invited, active, former partner,
stranger, visitor, support officer, head teacher) x public / members-only x every status; enforced in
the index query and again when the rows are read, so a stale index entry shows nothing more."""

import pytest

from tests.accounts.factories import UserFactory
from tests.search.test_project_helpers import ANONYMOUS, add_partner, make_project, projects_found
from twinning.projects.models import Partner, Project
from twinning.search.services import search_index_projects

pytestmark = pytest.mark.django_db

STATUSES = list(Project.Status.values)
PUBLIC_STATUSES = {Project.Status.OPEN, Project.Status.CLOSED}


@pytest.fixture
def world(db):
    """One project per status x public/members-only, with an active, an invited and a former partner."""
    people = {
        "founder": UserFactory(),
        "active": UserFactory(),
        "invited": UserFactory(),
        "former": UserFactory(),
        "declined": UserFactory(),
        "stranger": UserFactory(),
    }
    projects = {}
    for status in STATUSES:
        for public in (True, False):
            project = make_project(f"Garden {status}", founder=people["founder"], status=status, is_public=public)
            add_partner(project, people["active"], country="FR")
            add_partner(project, people["invited"], country="IT", state=Partner.State.INVITED)
            add_partner(project, people["former"], country="PL", state=Partner.State.LEFT)
            add_partner(project, people["declined"], country="DE", state=Partner.State.DECLINED)
            projects[(status, public)] = project
    return people, projects


def expected_for(role: str, projects) -> set[int]:
    if role in {"founder", "active", "invited"}:
        return {project.pk for project in projects.values()}
    return {project.pk for (status, public), project in projects.items() if public and status in PUBLIC_STATUSES}


@pytest.mark.parametrize("role", ["founder", "active", "invited", "former", "declined", "stranger", "visitor"])
def test_each_viewer_finds_public_open_and_closed_projects_and_their_own_in_any_state(world, role):
    people, projects = world
    viewer = ANONYMOUS if role == "visitor" else people[role]
    expected = expected_for(role, projects)
    assert set(projects_found(viewer)) == expected
    assert set(projects_found(viewer, q="garden")) == expected
    assert set(projects_found(viewer, q="gardn")) == expected  # widened with close words: the same rule
    for status in STATUSES:
        with_status = {projects[(status, public)].pk for public in (True, False)} & expected
        assert set(projects_found(viewer, statuses=(status,))) == with_status


@pytest.mark.parametrize("role", ["nss_officer_es", "css_officer", "head_teacher_es"])
def test_officers_and_head_teachers_find_only_what_everyone_finds(request, world, role):
    """They may open a project whose step waits for them, but the search lists their own projects
    and public ones only."""
    _, projects = world
    viewer = request.getfixturevalue(role)
    assert set(projects_found(viewer)) == expected_for("stranger", projects)


def test_a_stale_index_entry_shows_nobody_a_project_they_may_not_see(world):
    people, projects = world
    project = projects[(Project.Status.OPEN, True)]
    # Made members-only without any signal: the index still says public.
    Project.objects.filter(pk=project.pk).update(is_public=False)
    assert project.pk not in projects_found(people["stranger"])
    assert project.pk not in projects_found(ANONYMOUS)
    assert project.pk in projects_found(people["active"])
    search_index_projects(project_ids=[project.pk])
    assert project.pk not in projects_found(people["stranger"])


def test_a_pupil_finds_only_what_a_visitor_finds(world):
    """(The page answers pupils 404; the selector still never shows them more.)"""
    _, projects = world
    assert set(projects_found(UserFactory(is_pupil=True))) == expected_for("visitor", projects)
