"""The one search interface; each database has its backend (see docs/search.md)."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import connection


@dataclass(frozen=True)
class PeopleFilters:
    """The advanced people search. Several values of one filter mean any of them; filters add up."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    school_types: tuple[str, ...] = ()
    partners: bool = False  # looking for project partners: validated and available for projects
    plus: bool = False  # available for eTwinning Plus projects
    keywords: str = ""

    @property
    def is_empty(self) -> bool:
        return self == PeopleFilters()


@dataclass(frozen=True)
class SchoolFilters:
    countries: tuple[str, ...] = ()
    school_types: tuple[str, ...] = ()
    city: str = ""


@dataclass(frozen=True)
class ProjectFilters:
    """The project search. Several values of one filter mean any of them; filters add up."""

    subjects: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == ProjectFilters()

    @property
    def members_only(self) -> bool:
        """Only statuses no public project has (draft, pending, stopped): only the viewer's own can match."""
        return bool(self.statuses) and not set(self.statuses) & set(PUBLIC_PROJECT_STATUSES)


# The statuses in which a project its founders made public can be found by anyone.
PUBLIC_PROJECT_STATUSES = ("open", "closed")


@dataclass(frozen=True)
class ProjectViewer:
    """Who searches projects: a member's id, or None for a visitor who is not signed in.

    Everyone finds public projects that are open or closed; a member also
    finds the projects they are invited to or take part in, in any state.
    """

    user_id: int | None


@dataclass(frozen=True)
class IdeaFilters:
    """The project-idea search. Several values of one filter mean any of them; filters add up.

    Open ideas only unless `include_closed` (partners found). Held ideas (their
    author is not validated yet) are open ideas only their author finds.
    """

    categories: tuple[int, ...] = ()
    age_bands: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # countries the author wants partners from
    subjects: tuple[str, ...] = ()
    include_closed: bool = False

    @property
    def statuses(self) -> tuple[str, ...]:
        return ("open", "closed") if self.include_closed else ("open",)


@dataclass(frozen=True)
class ViewerScope:
    """What the search needs to know about who is searching, read once per search."""

    user_id: int
    sees_everyone: bool  # support staff see every profile


@dataclass(frozen=True)
class SearchHits:
    """One page of results: ids in order, whether another page follows, and whether typos were forgiven."""

    ids: list[int]
    has_next: bool
    widened: bool = False


@dataclass(frozen=True)
class RawQuery:
    """The SQL a search runs, with its parameters: benchmarks time it alone against the whole call."""

    sql: str
    params: list = field(default_factory=list)


@dataclass(frozen=True)
class RebuildReport:
    people: int
    schools: int
    seconds: float
    projects: int = 0
    ideas: int = 0


class SearchBackend(ABC):
    """Index upkeep and searches over one database's full-text machinery.

    Results are ids in a stable order (the id, which the index returns without
    sorting, so a page costs the same whatever the number of matches); a page
    fetches `limit + 1` rows to tell whether a next page exists instead of
    counting every match.
    """

    vendor: str = ""

    @abstractmethod
    def index_people(self, user_ids: Iterable[int]) -> None:
        """(Re)writes the documents of these users; users without a profile leave the index."""

    @abstractmethod
    def unindex_people(self, user_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def index_schools(self, school_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def unindex_schools(self, school_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def index_projects(self, project_ids: Iterable[int]) -> None:
        """(Re)writes the documents of these projects; projects that no longer exist leave the index."""

    @abstractmethod
    def unindex_projects(self, project_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def index_ideas(self, idea_ids: Iterable[int]) -> None:
        """(Re)writes the documents of these project ideas; ideas that no longer exist leave the index."""

    @abstractmethod
    def unindex_ideas(self, idea_ids: Iterable[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None:
        """Empties every index."""

    @abstractmethod
    def rebuild(self, *, batch_size: int = 50_000, projects: bool = True, ideas: bool = True) -> RebuildReport:
        """Empties and refills every index (people, schools and, unless told not to, projects and
        ideas) from the tables, in set-based batches."""

    @abstractmethod
    def people_query(
        self,
        *,
        viewer: ViewerScope,
        terms: list[str],
        filters: PeopleFilters,
        limit: int,
        offset: int,
        expansions: dict[str, list[str]] | None = None,
    ) -> RawQuery:
        """The SQL selecting the ids of one page of people (limit + 1 rows)."""

    @abstractmethod
    def school_query(self, *, terms: list[str], filters: SchoolFilters, limit: int, offset: int) -> RawQuery: ...

    @abstractmethod
    def project_query(
        self,
        *,
        viewer: ProjectViewer,
        terms: list[str],
        filters: ProjectFilters,
        limit: int,
        offset: int,
        expansions: dict[str, list[str]] | None = None,
    ) -> RawQuery:
        """The SQL selecting the ids of one page of projects the viewer may find (limit + 1 rows), newest first."""

    @abstractmethod
    def idea_query(
        self,
        *,
        viewer_id: int,
        terms: list[str],
        filters: IdeaFilters,
        limit: int,
        offset: int,
        expansions: dict[str, list[str]] | None = None,
    ) -> RawQuery:
        """The SQL selecting the ids of one page of ideas the viewer may find (limit + 1 rows), newest
        first: ideas of validated authors, and the viewer's own held ones."""

    @abstractmethod
    def close_idea_words(self, terms: list[str]) -> dict[str, list[str]]:
        """For each typed word, words of the idea index close to it (typo tolerance)."""

    @abstractmethod
    def close_words(self, terms: list[str]) -> dict[str, list[str]]:
        """For each typed word, words of the people index close to it (typo tolerance)."""

    @abstractmethod
    def close_project_words(self, terms: list[str]) -> dict[str, list[str]]:
        """For each typed word, words of the project index close to it (typo tolerance)."""

    def fetch_ids(self, query: RawQuery) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(query.sql, query.params)
            return [row[0] for row in cursor.fetchall()]

    # The searches, the same for every backend.

    def search_people(
        self, *, viewer: ViewerScope, terms: list[str], filters: PeopleFilters, limit: int = 20, offset: int = 0
    ) -> SearchHits:
        """One page of the people `viewer` may see matching the words (as prefixes) and the filters.

        When the words match fewer than WIDEN_BELOW people, each word is
        widened with close words of the index, and the page says so.
        """
        query = partial(self.people_query, viewer=viewer, terms=terms, filters=filters)
        return self._search(query, self.close_words, terms, limit=limit, offset=offset)

    def search_projects(
        self, *, viewer: ProjectViewer, terms: list[str], filters: ProjectFilters, limit: int = 20, offset: int = 0
    ) -> SearchHits:
        """One page of the projects `viewer` may find whose text holds the words (each as a prefix),
        with the filters, newest first; widened with close words like the people search."""
        query = partial(self.project_query, viewer=viewer, terms=terms, filters=filters)
        return self._search(query, self.close_project_words, terms, limit=limit, offset=offset)

    def search_ideas(
        self, *, viewer_id: int, terms: list[str], filters: IdeaFilters, limit: int = 20, offset: int = 0
    ) -> SearchHits:
        """One page of the project ideas the viewer may find whose title, description or keywords hold
        the words (each as a prefix), with the filters, newest first; widened with close words."""
        query = partial(self.idea_query, viewer_id=viewer_id, terms=terms, filters=filters)
        return self._search(query, self.close_idea_words, terms, limit=limit, offset=offset)

    def _search(
        self,
        query: Callable[..., RawQuery],
        close: Callable[[list[str]], dict[str, list[str]]],
        terms: list[str],
        *,
        limit: int,
        offset: int,
    ) -> SearchHits:
        """One page of `query(limit=, offset=, expansions=)`; when the words alone match fewer than
        WIDEN_BELOW rows, each word is widened with its `close` words and the page says so."""
        ids = self.fetch_ids(query(limit=limit, offset=offset))
        if terms and self._few_matches(query, found=len(ids), limit=limit, offset=offset):
            expansions = close(terms)
            if any(expansions.values()):
                ids = self.fetch_ids(query(limit=limit, offset=offset, expansions=expansions))
                return SearchHits(ids=ids[:limit], has_next=len(ids) > limit, widened=True)
        return SearchHits(ids=ids[:limit], has_next=len(ids) > limit)

    def _few_matches(self, query: Callable[..., RawQuery], *, found: int, limit: int, offset: int) -> bool:
        """Whether the words alone match fewer than WIDEN_BELOW rows (`query(limit=, offset=)` gives the SQL)."""
        if offset == 0 and found <= limit:
            return found < WIDEN_BELOW  # this page holds every match
        if found and offset + found >= WIDEN_BELOW:
            return False  # the words alone matched at least that many
        return len(self.fetch_ids(query(limit=WIDEN_BELOW, offset=0))) < WIDEN_BELOW

    def search_schools(
        self, *, terms: list[str], filters: SchoolFilters, limit: int = 20, offset: int = 0
    ) -> SearchHits:
        """One page of schools whose name starts with the words (each as a prefix), with the filters."""
        ids = self.fetch_ids(self.school_query(terms=terms, filters=filters, limit=limit, offset=offset))
        return SearchHits(ids=ids[:limit], has_next=len(ids) > limit)


# Words matching fewer people than this are widened with close words of the index.
WIDEN_BELOW = 5
