"""Reads of the search pages: a page of people, a page of schools, a school's teachers, a page of
projects, a page of project ideas.

The index chooses the ids of one page (see backends/); the rows are then
read through the same visibility rule as the profile page
(`visible_profiles`), so a stale index entry can never show a profile the
viewer may not see. Each page costs a fixed number of queries whatever its
length: the index query, the profiles with their users, and their current
schools.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import is_support_staff
from twinning.core.vocabularies import AGE_BAND_NAMES, COUNTRY_NAMES, LANGUAGE_NAMES, SUBJECT_NAMES
from twinning.forums.models import Idea
from twinning.forums.permissions import is_teacher, visible_ideas
from twinning.network.selectors import blocked_either_way_ids
from twinning.profiles.models import Profile
from twinning.profiles.permissions import visible_profiles
from twinning.projects.models import Project
from twinning.projects.permissions import visible_projects
from twinning.schools.models import Employment, School
from twinning.schools.selectors import current_employment_q
from twinning.search.backends import get_backend
from twinning.search.backends.base import (
    IdeaFilters,
    PeopleFilters,
    ProjectFilters,
    ProjectViewer,
    SchoolFilters,
    SearchHits,
    ViewerScope,
)
from twinning.search.documents import query_terms

PAGE_SIZE = 20


@dataclass(frozen=True)
class Person:
    """One person in a list of results, with what the row shows."""

    profile: Profile
    user: User
    schools: list[School]
    subjects: list[str]

    @property
    def initials(self) -> str:
        letters = (self.user.first_name[:1] + self.user.last_name[:1]).upper()
        return letters or self.user.email[:1].upper()

    @property
    def countries(self) -> list[str]:
        return list(dict.fromkeys(str(COUNTRY_NAMES.get(s.country, s.country)) for s in self.schools))


@dataclass(frozen=True)
class ResultPage:
    """One page of results; there is no total (counting a million matches is what we avoid)."""

    items: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False
    widened: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _in_order(ids: list[int], rows: Iterable, key: Callable[[Any], int], make: Callable[[Any], Any]) -> list:
    """`make(row)` for the rows of `ids`, in the order of `ids`. Ids `rows` leaves out (rows the viewer
    may not see, or a stale index entry) are skipped."""
    by_id = {key(row): row for row in rows}
    return [make(by_id[pk]) for pk in ids if pk in by_id]


def _search_page(
    search: Callable[..., SearchHits], read: Callable[[list[int]], list], *, query: str, page: int
) -> ResultPage:
    """Page `page` of `search` (a backend search, viewer and filters given) for the words of `query`,
    its ids turned into rows by `read`."""
    page = max(page, 1)
    hits = search(terms=query_terms(query), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return ResultPage(items=read(hits.ids), number=page, has_next=hits.has_next, widened=hits.widened)


def viewer_scope(viewer: User) -> ViewerScope:
    return ViewerScope(user_id=viewer.pk, sees_everyone=is_support_staff(viewer))


def _current_schools() -> Prefetch:
    rows = (
        Employment.objects.filter(current_employment_q())
        .exclude(validation=Employment.Validation.REJECTED)
        .select_related("school")
        .order_by("-start_date", "-pk")
    )
    return Prefetch("user__employments", queryset=rows, to_attr="search_current")


def people_visible_to(viewer: User) -> QuerySet[Profile]:
    """The profiles search may show to `viewer`: those `visible_profiles` allows, without
    anyone blocked either way (blocking hides people from each other's searches)."""
    return visible_profiles(viewer).exclude(user_id__in=blocked_either_way_ids(viewer))


def _person(profile: Profile) -> Person:
    """A result row from a profile read with its user and `_current_schools()`."""
    return Person(
        profile=profile,
        user=profile.user,
        schools=[row.school for row in profile.user.search_current],  # type: ignore[attr-defined]
        subjects=[str(SUBJECT_NAMES[code]) for code in profile.subjects if code in SUBJECT_NAMES],
    )


def people_by_ids(*, viewer: User, ids: list[int]) -> list[Person]:
    """The people of `ids` the viewer may see, in the order of `ids`, in two queries."""
    if not ids:
        return []  # (the visibility rule may read the viewer's roles: not even that)
    profiles = (
        people_visible_to(viewer).filter(user_id__in=ids).select_related("user").prefetch_related(_current_schools())
    )
    return _in_order(ids, profiles, lambda profile: profile.user_id, _person)


def people_search(*, viewer: User, query: str, filters: PeopleFilters, page: int = 1) -> ResultPage:
    """A page of the people `viewer` may see whose names or current schools start with the words
    of `query` (typos forgiven when few match), with the advanced filters."""
    return _search_page(
        partial(get_backend().search_people, viewer=viewer_scope(viewer), filters=filters),
        lambda ids: people_by_ids(viewer=viewer, ids=ids),
        query=query,
        page=page,
    )


def school_search(*, query: str, filters: SchoolFilters, page: int = 1) -> ResultPage:
    """A page of schools whose name starts with the words of `query`, with the filters, in one
    index query and one query for the rows."""

    def read(ids: list[int]) -> list[School]:
        by_id = School.objects.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    return _search_page(partial(get_backend().search_schools, filters=filters), read, query=query, page=page)


def school_teachers(*, viewer: User, school: School, page: int | str | None = 1) -> Page:
    """The teachers currently at `school` (history rows not refused) whom `viewer` may see, by name.

    Read from the tables, not the index: a school has few teachers, and this
    list must agree with the profile pages exactly.
    """
    at_school = (
        Employment.objects.filter(teacher_id=OuterRef("user_id"), school=school)
        .filter(current_employment_q())
        .exclude(validation=Employment.Validation.REJECTED)
    )
    profiles = (
        people_visible_to(viewer)
        .filter(Exists(at_school))
        .select_related("user")
        .prefetch_related(_current_schools())
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    result = Paginator(profiles, PAGE_SIZE).get_page(page)
    result.object_list = [_person(profile) for profile in result.object_list]  # type: ignore[assignment, misc]
    return result


# --- projects ---------------------------------------------------------------


@dataclass(frozen=True)
class ProjectHit:
    """One project in a list of results, with what the row shows (its public part)."""

    project: Project
    countries: list[str]
    subjects: list[str]


LONG_PROJECT_TEXTS = ("description", "aims", "work_process", "expected_results", "stopped_reason")


def project_viewer(viewer) -> ProjectViewer:
    """A signed-in member finds their own projects too; a visitor only public ones."""
    return ProjectViewer(user_id=viewer.pk if viewer.is_authenticated else None)


def projects_by_ids(*, viewer, ids: list[int]) -> list[ProjectHit]:
    """The projects of `ids` the viewer may see (`visible_projects`), in the order of `ids`, in one query."""
    if not ids:
        return []
    # A result shows the public part only: the long texts stay in the table.
    rows = visible_projects(viewer).filter(pk__in=ids).defer(*LONG_PROJECT_TEXTS)
    return _in_order(ids, rows, lambda project: project.pk, _project_hit)


def _project_hit(project: Project) -> ProjectHit:
    return ProjectHit(
        project=project,
        countries=[str(COUNTRY_NAMES.get(code, code)) for code in project.countries],
        subjects=[str(SUBJECT_NAMES[code]) for code in project.subjects if code in SUBJECT_NAMES],
    )


def project_search(*, viewer, query: str, filters: ProjectFilters, page: int = 1) -> ResultPage:
    """A page of the projects `viewer` may find (public open or closed ones, and for a member their
    own in any state) whose texts hold the words of `query` (as prefixes, typos forgiven when few
    match), with the filters, newest first. `viewer` may be an anonymous visitor."""
    return _search_page(
        partial(get_backend().search_projects, viewer=project_viewer(viewer), filters=filters),
        lambda ids: projects_by_ids(viewer=viewer, ids=ids),
        query=query,
        page=page,
    )


# --- project ideas (partner-finding forums) ----------------------------------------------------


def _names(codes: list[str], names: dict) -> list[str]:
    return [str(names[code]) for code in codes if code in names]


@dataclass(frozen=True)
class IdeaHit:
    """One project idea in a list of results, with what the row shows."""

    idea: Idea
    held: bool  # its author is not validated yet: only they find it
    hidden: bool  # hidden by the support service: only its author finds it
    age_bands: list[str]
    subjects: list[str]
    languages: list[str]
    countries: list[str]  # partner countries wanted


def ideas_by_ids(*, viewer, ids: list[int]) -> list[IdeaHit]:
    """The ideas of `ids` the viewer may read (`forums.permissions.visible_ideas`), in the order of
    `ids`, with their category, author and thread, in one query."""
    if not ids:
        return []
    rows = visible_ideas(viewer).filter(pk__in=ids).select_related("category", "author", "thread")
    return _in_order(ids, rows, lambda idea: idea.pk, _idea_hit)


def _idea_hit(idea: Idea) -> IdeaHit:
    return IdeaHit(
        idea=idea,
        held=not idea.author.is_validated,
        hidden=idea.thread.is_hidden,
        age_bands=_names(idea.age_bands, AGE_BAND_NAMES),
        subjects=_names(idea.subjects, SUBJECT_NAMES),
        languages=_names(idea.languages, LANGUAGE_NAMES),
        countries=_names(idea.countries_wanted, COUNTRY_NAMES),
    )


def idea_search(*, viewer: User, query: str, filters: IdeaFilters, page: int = 1) -> ResultPage:
    """A page of the project ideas `viewer` may read (those of validated authors, and their own held
    ones) whose title, description or keywords hold the words of `query` (as prefixes, accents
    ignored, one slip per word forgiven when few match), with the filters, newest first; open ideas
    only unless `filters.include_closed`. Pupils and inactive accounts find nothing."""
    if not is_teacher(viewer):
        return ResultPage(number=max(page, 1))  # (visible_ideas shows them nothing: no index query either)
    return _search_page(
        partial(get_backend().search_ideas, viewer_id=viewer.pk, filters=filters),
        lambda ids: ideas_by_ids(viewer=viewer, ids=ids),
        query=query,
        page=page,
    )
