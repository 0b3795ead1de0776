"""Writes to the search index: documents of people, schools, projects and ideas, and the full rebuild.

The index is derived data: it mirrors users, profiles, school histories,
schools, projects (with their kits and partners) and project ideas (with their
authors' validation). The receivers in signals.py call these functions when
those rows change; `manage.py search_rebuild` refills everything from the tables.
"""

from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from twinning.schools.models import Employment
from twinning.search.backends import get_backend
from twinning.search.backends.base import RebuildReport


def search_index_people(*, user_ids: Iterable[int]) -> None:
    """Rewrites the documents of these people from their user, profile and current schools."""
    ids = sorted({int(pk) for pk in user_ids if pk is not None})
    if ids:
        get_backend().index_people(ids)


def search_unindex_people(*, user_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in user_ids if pk is not None})
    if ids:
        get_backend().unindex_people(ids)


def search_index_schools(*, school_ids: Iterable[int], with_teachers: bool = True) -> None:
    """Rewrites the documents of these schools and, when asked, of their current teachers
    (whose documents hold the school's name, town, country, region and type)."""
    ids = sorted({int(pk) for pk in school_ids if pk is not None})
    if not ids:
        return
    get_backend().index_schools(ids)
    if with_teachers:
        # Only rows that put the school in a document (backends/sql.py CURRENT_SCHOOLS), not its whole past.
        today = timezone.localdate()
        teachers = (
            Employment.objects.filter(school_id__in=ids)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .exclude(validation=Employment.Validation.REJECTED)
            .values_list("teacher_id", flat=True)
            .distinct()
        )
        search_index_people(user_ids=list(teachers))


def search_unindex_schools(*, school_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in school_ids if pk is not None})
    if ids:
        get_backend().unindex_schools(ids)


def search_index_projects(*, project_ids: Iterable[int]) -> None:
    """Rewrites the documents of these projects from the project, its kit and its active partners;
    projects that no longer exist leave the index."""
    ids = sorted({int(pk) for pk in project_ids if pk is not None})
    if ids:
        get_backend().index_projects(ids)


def search_unindex_projects(*, project_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in project_ids if pk is not None})
    if ids:
        get_backend().unindex_projects(ids)


def search_index_ideas(*, idea_ids: Iterable[int]) -> None:
    """Rewrites the documents of these project ideas from the idea and its author's validation;
    ideas that no longer exist leave the index."""
    ids = sorted({int(pk) for pk in idea_ids if pk is not None})
    if ids:
        get_backend().index_ideas(ids)


def search_unindex_ideas(*, idea_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in idea_ids if pk is not None})
    if ids:
        get_backend().unindex_ideas(ids)


def search_index_ideas_of(*, author_ids: Iterable[int]) -> None:
    """Rewrites the documents of every idea of these authors (their validation decides who finds them)."""
    from twinning.forums.models import Idea

    ids = sorted({int(pk) for pk in author_ids if pk is not None})
    if ids:
        search_index_ideas(idea_ids=Idea.objects.filter(author_id__in=ids).values_list("pk", flat=True))


def search_rebuild(*, batch_size: int = 50_000) -> RebuildReport:
    """Refills every index (people, schools, projects, ideas) from the tables (set-based INSERT ... SELECT in
    batches of ids)."""
    return get_backend().rebuild(batch_size=batch_size)


def search_clear_if_no_users() -> bool:
    """Empties the index when no user is left (after `flush`, which empties the tables but not
    ours). Cheap: one EXISTS on the users table. Returns whether the index was emptied."""
    from twinning.accounts.models import User

    if User.objects.exists():
        return False
    try:
        with transaction.atomic():
            get_backend().clear()
    except (DatabaseError, NotImplementedError):
        return False  # the search tables do not exist (yet) on this database
    return connection.vendor in {"sqlite", "postgresql"}
