"""Helpers for the project-idea search tests: categories and ideas made straight in the tables (the
search only reads the rows), and a search as a viewer sees it."""

import itertools

from tests.accounts.factories import UserFactory
from twinning.discussions.models import Forum, Thread
from twinning.forums.models import Category, Idea
from twinning.search.backends.base import IdeaFilters
from twinning.search.selectors import idea_search

_numbers = itertools.count(1)


def make_category(name: str = "Primary school", **fields) -> Category:
    number = next(_numbers)
    return Category.objects.create(
        name=name,
        slug=fields.pop("slug", f"test-forum-{number}"),
        forum=Forum.objects.create(purpose="ideas"),
        **fields,
    )


def make_idea(
    title: str = "Water in our towns",
    *,
    author=None,
    category: Category | None = None,
    description: str = "Pupils compare how their towns use water.",
    keywords: str = "",
    age_bands: tuple[str, ...] = ("10-12",),
    subjects: tuple[str, ...] = ("environment",),
    languages: tuple[str, ...] = ("en",),
    countries_wanted: tuple[str, ...] = ("FR",),
    status: str = Idea.Status.OPEN,
) -> Idea:
    """An idea with its replies thread; the author is a validated teacher unless given."""
    author = author or UserFactory(is_validated=True)
    category = category or make_category()
    thread = Thread.objects.create(forum=category.forum, title=title, author=author)
    return Idea.objects.create(
        category=category,
        author=author,
        title=title,
        description=description,
        keywords=keywords,
        age_bands=list(age_bands),
        subjects=list(subjects),
        languages=list(languages),
        countries_wanted=list(countries_wanted),
        status=status,
        closed_at=None if status == Idea.Status.OPEN else "2026-01-01T00:00:00Z",
        thread=thread,
    )


def ideas_found(viewer=None, q: str = "", **filters) -> list[int]:
    """Ids of the ideas `viewer` (a validated teacher unless given) finds (every page), newest first."""
    viewer = viewer or UserFactory(is_validated=True)
    ids: list[int] = []
    page = 1
    while True:
        result = idea_search(viewer=viewer, query=q, filters=IdeaFilters(**filters), page=page)
        ids += [hit.idea.pk for hit in result.items]
        if not result.has_next:
            return ids
        page += 1
