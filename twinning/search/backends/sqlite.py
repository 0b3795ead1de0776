"""SQLite backend: FTS5 tables, filters as tokens, typo tolerance from a table of word variants.

Tables (made by the search app's migrations on SQLite only):
  search_person_fts(names, schools, keywords, tokens, audience UNINDEXED)   rowid = user id
  search_school_fts(name, city, tokens)                                     rowid = school id
  search_person_vocab    fts5vocab over search_person_fts ('col'), read by the rebuild only
  search_word_variant    (variant, word): each word of names and schools under itself and every
                         form with one letter deleted, for typo look-ups (see typo.py)
  search_project_fts(title, body, tokens, audience UNINDEXED)               rowid = project id
  search_project_word_variant   the same look-up keys for the words of project titles and texts
  search_idea_fts(title, body, tokens, audience UNINDEXED)                  rowid = idea id
  search_idea_word_variant      the same look-up keys for the words of project ideas
The FTS tables use `unicode61 remove_diacritics 2` ("Lucía" and "Lucia" are the
same word) and prefix indexes of 2 and 3 letters, so short prefixes stay fast.
`audience` is the profile's visibility, or "inactive" for a deactivated
account: read only for the rows the full-text query already matched.
"""

# SQL here is assembled from constant fragments (table names, token prefixes); every value that
# comes from a user, the full-text query included, is passed as a parameter.
# ruff: noqa: S608

import time
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from twinning.search import documents as d
from twinning.search.backends.base import (
    IdeaFilters,
    PeopleFilters,
    ProjectFilters,
    ProjectViewer,
    RawQuery,
    RebuildReport,
    SchoolFilters,
    SearchBackend,
    ViewerScope,
)
from twinning.search.backends.sql import (
    BLOCKED_EITHER_WAY,
    CONTACTS_OF,
    CURRENT_SCHOOLS,
    chunked,
    code_token,
    fill_in_batches,
)
from twinning.search.typo import close_words, max_distance, variants

# Ids per statement when indexing a few rows (SQLite binds at most 32,766 variables).
CHUNK = 500
PERSON_TABLE = "search_person_fts"
SCHOOL_TABLE = "search_school_fts"
VOCAB_TABLE = "search_person_vocab"
VARIANT_TABLE = "search_word_variant"
PROJECT_TABLE = "search_project_fts"
PROJECT_VARIANT_TABLE = "search_project_word_variant"
PROJECT_VOCAB_TABLE = "search_project_vocab"
IDEA_TABLE = "search_idea_fts"
IDEA_VARIANT_TABLE = "search_idea_word_variant"
IDEA_VOCAB_TABLE = "search_idea_vocab"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
# The columns a document query fills, rowid first: people, schools, and projects and ideas alike.
PERSON_COLUMNS = "rowid, names, schools, keywords, tokens, audience"
SCHOOL_COLUMNS = "rowid, name, city, tokens"
TEXT_COLUMNS = "rowid, title, body, tokens, audience"


def create_tables_sql(suffix: str = "", *, projects: bool = True) -> list[str]:
    person, school, variant = PERSON_TABLE + suffix, SCHOOL_TABLE + suffix, VARIANT_TABLE + suffix
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {person} USING "
        f"fts5(names, schools, keywords, tokens, audience UNINDEXED, {TOKENIZE})",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {school} USING fts5(name, city, tokens, {TOKENIZE})",
        f"CREATE TABLE IF NOT EXISTS {variant} (variant TEXT NOT NULL, word TEXT NOT NULL, "
        "PRIMARY KEY (variant, word)) WITHOUT ROWID",
        *(create_project_tables_sql(suffix) if projects else []),
    ]


def create_project_tables_sql(suffix: str = "") -> list[str]:
    project, variant = PROJECT_TABLE + suffix, PROJECT_VARIANT_TABLE + suffix
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {project} USING fts5(title, body, tokens, audience UNINDEXED, {TOKENIZE})",
        f"CREATE TABLE IF NOT EXISTS {variant} (variant TEXT NOT NULL, word TEXT NOT NULL, "
        "PRIMARY KEY (variant, word)) WITHOUT ROWID",
    ]


def create_idea_tables_sql(suffix: str = "") -> list[str]:
    idea, variant = IDEA_TABLE + suffix, IDEA_VARIANT_TABLE + suffix
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {idea} USING fts5(title, body, tokens, audience UNINDEXED, {TOKENIZE})",
        f"CREATE TABLE IF NOT EXISTS {variant} (variant TEXT NOT NULL, word TEXT NOT NULL, "
        "PRIMARY KEY (variant, word)) WITHOUT ROWID",
    ]


VOCAB_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({PERSON_TABLE}, 'col')"


# The rows of a teacher's history that count as current schools: not refused, not ended (see sql.py).


def _list_tokens(prefix: str, column: str) -> str:
    return f"coalesce((SELECT group_concat({code_token(prefix, 'j.value')}, '') FROM json_each({column}) j), '')"


PERSON_DOCUMENTS = f"""
SELECT u.id,
  u.first_name || ' ' || u.last_name,
  coalesce((SELECT group_concat(s.name || ' ' || s.city, ' ') {CURRENT_SCHOOLS}), ''),
  coalesce((SELECT group_concat(j.value, ' ') FROM json_each(p.interests) j), '') || ' ' || p.about,
  '{d.TOKEN_ALL} {d.PREFIX_VISIBILITY}' || p.visibility
    || CASE WHEN u.is_active THEN ' {d.TOKEN_ACTIVE}' ELSE '' END
    || CASE WHEN u.is_validated THEN ' {d.TOKEN_VALIDATED}' ELSE '' END
    || CASE WHEN p.available_for_projects THEN ' {d.TOKEN_AVAILABLE}' ELSE '' END
    || CASE WHEN p.available_for_plus THEN ' {d.TOKEN_AVAILABLE_PLUS}' ELSE '' END
    || coalesce((SELECT group_concat({code_token(d.PREFIX_COUNTRY, "s.country")}
         || {code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
         || CASE WHEN s.region <> '' THEN {code_token(d.PREFIX_REGION, "s.region")} ELSE '' END, '')
         {CURRENT_SCHOOLS}), '')
    || {_list_tokens(d.PREFIX_SUBJECT, "p.subjects")}
    || {_list_tokens(d.PREFIX_LANGUAGE, "p.languages")}
    || {_list_tokens(d.PREFIX_AGE, "p.age_bands")},
  CASE WHEN u.is_active THEN p.visibility ELSE 'inactive' END
FROM accounts_user u JOIN profiles_profile p ON p.user_id = u.id
"""

SCHOOL_DOCUMENTS = f"""
SELECT s.id, s.name, s.city,
  '{d.TOKEN_ALL}' || {code_token(d.PREFIX_COUNTRY, "s.country")}
    || {code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
    || CASE WHEN s.region <> '' THEN {code_token(d.PREFIX_REGION, "s.region")} ELSE '' END
    || CASE WHEN s.is_verified THEN ' {d.TOKEN_VERIFIED_SCHOOL}' ELSE '' END
FROM schools_school s
"""


# A project's countries: those of its active partners, read from their rows (the services keep the
# same list in `Project.countries`, but with an UPDATE that sends no signal; a partner row's save does).
_PROJECT_COUNTRIES = (
    "(SELECT DISTINCT pa.country AS code FROM projects_partner pa "
    "WHERE pa.project_id = p.id AND pa.state = 'active' AND pa.country <> '')"
)
# Public and open or closed: anyone may find it. Anything else only its members (invited or active).
PROJECT_IS_PUBLIC = "p.is_public AND p.status IN ('open', 'closed')"

PROJECT_DOCUMENTS = f"""
SELECT p.id,
  p.title,
  p.summary || ' ' || p.description || ' ' || p.aims || ' ' || p.expected_results || ' ' || coalesce(k.title, ''),
  '{d.TOKEN_ALL}' || {code_token(d.PREFIX_PROJECT_STATUS, "p.status")}
    || CASE WHEN {PROJECT_IS_PUBLIC} THEN ' {d.TOKEN_PUBLIC_PROJECT}' ELSE '' END
    || {_list_tokens(d.PREFIX_SUBJECT, "p.subjects")}
    || {_list_tokens(d.PREFIX_AGE, "p.age_bands")}
    || {_list_tokens(d.PREFIX_LANGUAGE, "p.languages")}
    || coalesce((SELECT group_concat({code_token(d.PREFIX_COUNTRY, "c.code")}, '') FROM {_PROJECT_COUNTRIES} c), ''),
  CASE WHEN {PROJECT_IS_PUBLIC} THEN 'public' ELSE 'members' END
FROM projects_project p LEFT JOIN projects_kit k ON k.id = p.kit_id
"""
# The projects a member finds besides the public ones: those they are invited to or take part in.
MY_PROJECTS = "SELECT project_id FROM projects_partner WHERE teacher_id = %s AND state IN ('invited', 'active')"


# Ideas of a validated author: every signed-in teacher finds them; those of an author not validated yet
# only their author ("held until your validation", read from the author as forums.permissions does), and
# so do ideas the support service hid (their thread is hidden with their opening post): the author
# finds them, nobody else (officers reach them from the report queue and the forum's page).
IDEA_IS_PUBLIC = "(u.is_validated AND NOT t.is_hidden)"

IDEA_DOCUMENTS = f"""
SELECT i.id,
  i.title,
  i.description || ' ' || i.keywords,
  '{d.TOKEN_ALL}' || {code_token(d.PREFIX_IDEA_STATUS, "i.status")}
    || ' {d.PREFIX_CATEGORY}' || i.category_id
    || CASE WHEN u.is_validated THEN ' {d.TOKEN_VALIDATED}' ELSE '' END
    || CASE WHEN {IDEA_IS_PUBLIC} THEN ' {d.TOKEN_PUBLIC_IDEA}' ELSE '' END
    || {_list_tokens(d.PREFIX_AGE, "i.age_bands")}
    || {_list_tokens(d.PREFIX_SUBJECT, "i.subjects")}
    || {_list_tokens(d.PREFIX_LANGUAGE, "i.languages")}
    || {_list_tokens(d.PREFIX_COUNTRY, "i.countries_wanted")},
  CASE WHEN {IDEA_IS_PUBLIC} THEN 'public' ELSE 'held' END
FROM forums_idea i JOIN accounts_user u ON u.id = i.author_id JOIN discussions_thread t ON t.id = i.thread_id
"""
# The ideas an author finds besides the public ones: their own (held ones included).
MY_IDEAS = "SELECT id FROM forums_idea WHERE author_id = %s"


def _quote(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def _prefix(term: str) -> str:
    # One letter as a prefix would read a large part of the index: it matches whole words only.
    return _quote(term) if len(term) < 2 else _quote(term) + "*"


def _any(column: str, tokens: Iterable[str]) -> str:
    return "{" + column + "} : (" + " OR ".join(_quote(t) for t in tokens) + ")"


def _words(columns: str, terms: list[str], expansions: dict[str, list[str]] | None) -> list[str]:
    """One part per typed word, found in `columns`: the word as a prefix, or one of its close words."""
    expansions = expansions or {}
    parts = []
    for term in terms:
        alternatives = [_prefix(term)] + [_quote(word) for word in expansions.get(term, [])]
        parts.append("{" + columns + "} : (" + " OR ".join(alternatives) + ")")
    return parts


def _codes(filters: Iterable[tuple[str, Iterable[str]]]) -> list[str]:
    """One part per filter given codes (token prefix, codes): any of its codes."""
    return [_any("tokens", [d.token(prefix, code) for code in codes]) for prefix, codes in filters if codes]


def people_match(terms: list[str], filters: PeopleFilters, expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 query of the words and filters (without the viewer's part)."""
    parts = _words("names schools", terms, expansions)
    parts += ["{keywords} : " + _prefix(term) for term in d.query_terms(filters.keywords)]
    parts += _codes(
        (
            (d.PREFIX_COUNTRY, filters.countries),
            (d.PREFIX_REGION, filters.regions),
            (d.PREFIX_SUBJECT, filters.subjects),
            (d.PREFIX_LANGUAGE, filters.languages),
            (d.PREFIX_AGE, filters.age_bands),
            (d.PREFIX_SCHOOL_TYPE, filters.school_types),
        )
    )
    if filters.partners:
        parts += [_any("tokens", [d.TOKEN_VALIDATED]), _any("tokens", [d.TOKEN_AVAILABLE])]
    if filters.plus:
        parts.append(_any("tokens", [d.TOKEN_AVAILABLE_PLUS]))
    if not parts:
        parts.append(_any("tokens", [d.TOKEN_ALL]))
    return " AND ".join(parts)


def project_match(
    terms: list[str], filters: ProjectFilters, expansions: dict[str, list[str]] | None = None, *, public: bool = False
) -> str:
    """The FTS5 query of the words and filters of a project search (`public`: public projects only)."""
    parts = _words("title body", terms, expansions)
    parts += _codes(
        (
            (d.PREFIX_SUBJECT, filters.subjects),
            (d.PREFIX_AGE, filters.age_bands),
            (d.PREFIX_LANGUAGE, filters.languages),
            (d.PREFIX_COUNTRY, filters.countries),
            (d.PREFIX_PROJECT_STATUS, filters.statuses),
        )
    )
    if public:
        parts.append(_any("tokens", [d.TOKEN_PUBLIC_PROJECT]))
    if not parts:
        parts.append(_any("tokens", [d.TOKEN_ALL]))
    return " AND ".join(parts)


def idea_match(terms: list[str], filters: IdeaFilters, expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 query of the words and filters of an idea search (statuses included)."""
    parts = _words("title body", terms, expansions)
    parts += _codes(
        (
            (d.PREFIX_CATEGORY, tuple(str(pk) for pk in filters.categories)),
            (d.PREFIX_AGE, filters.age_bands),
            (d.PREFIX_LANGUAGE, filters.languages),
            (d.PREFIX_COUNTRY, filters.countries),
            (d.PREFIX_SUBJECT, filters.subjects),
            (d.PREFIX_IDEA_STATUS, filters.statuses),
        )
    )
    return " AND ".join(parts)


def _add_variants(cursor, table: str, words: Iterable[str]) -> None:
    """Files each word under its typo look-up keys (itself and its one-letter deletions)."""
    rows = [(key, word) for word in words if not word[:1].isdigit() for key in variants(word)]
    if rows:
        cursor.executemany(f"INSERT OR IGNORE INTO {table} (variant, word) VALUES (%s, %s)", rows)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    # --- upkeep ---------------------------------------------------------------

    def index_people(self, user_ids: Iterable[int]) -> None:
        today = timezone.localdate().isoformat()
        self._reindex(
            PERSON_TABLE,
            PERSON_COLUMNS,
            PERSON_DOCUMENTS,
            "u",
            user_ids,
            params=[today, today],
            variant_table=VARIANT_TABLE,
            word_columns="names, schools",
        )

    def unindex_people(self, user_ids: Iterable[int]) -> None:
        self._unindex(PERSON_TABLE, user_ids)

    def index_schools(self, school_ids: Iterable[int]) -> None:
        self._reindex(SCHOOL_TABLE, SCHOOL_COLUMNS, SCHOOL_DOCUMENTS, "s", school_ids)

    def unindex_schools(self, school_ids: Iterable[int]) -> None:
        self._unindex(SCHOOL_TABLE, school_ids)

    def index_projects(self, project_ids: Iterable[int]) -> None:
        self._reindex(
            PROJECT_TABLE,
            TEXT_COLUMNS,
            PROJECT_DOCUMENTS,
            "p",
            project_ids,
            variant_table=PROJECT_VARIANT_TABLE,
            word_columns="title, body",
        )

    def unindex_projects(self, project_ids: Iterable[int]) -> None:
        self._unindex(PROJECT_TABLE, project_ids)

    def index_ideas(self, idea_ids: Iterable[int]) -> None:
        self._reindex(
            IDEA_TABLE,
            TEXT_COLUMNS,
            IDEA_DOCUMENTS,
            "i",
            idea_ids,
            variant_table=IDEA_VARIANT_TABLE,
            word_columns="title, body",
        )

    def unindex_ideas(self, idea_ids: Iterable[int]) -> None:
        self._unindex(IDEA_TABLE, idea_ids)

    def _reindex(
        self,
        table: str,
        columns: str,
        documents_sql: str,
        alias: str,
        ids: Iterable[int],
        *,
        params: list | None = None,
        variant_table: str | None = None,
        word_columns: str = "",
    ) -> None:
        """Rewrites the documents of `ids` in `table` from `documents_sql` (whose rows `alias`.id picks;
        `params` come before the ids); rows gone from the tables leave the index. With a `variant_table`,
        the words of `word_columns` are filed under their typo look-up keys."""
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in chunked(ids, CHUNK):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", batch)
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) {documents_sql} WHERE {alias}.id IN ({marks})",
                    [*(params or []), *batch],
                )
                if variant_table:
                    cursor.execute(f"SELECT {word_columns} FROM {table} WHERE rowid IN ({marks})", batch)
                    words = {
                        word for row in cursor.fetchall() for text in row for word in d.query_terms(text, limit=None)
                    }
                    _add_variants(cursor, variant_table, words)

    def _unindex(self, table: str, ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            for batch in chunked(ids, CHUNK):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", batch)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for table in (
                PERSON_TABLE,
                SCHOOL_TABLE,
                VARIANT_TABLE,
                PROJECT_TABLE,
                PROJECT_VARIANT_TABLE,
                IDEA_TABLE,
                IDEA_VARIANT_TABLE,
            ):
                cursor.execute(f"DELETE FROM {table}")

    def rebuild(self, *, batch_size: int = 50_000, projects: bool = True, ideas: bool = True) -> RebuildReport:
        """Fills new tables beside the live ones, batch by batch, then swaps them in one short transaction.

        Searches keep working on the old tables meanwhile. A change saved
        during the rebuild to a row already copied reaches the old table only:
        run the rebuild when the site is quiet (or again). `projects=False`
        leaves the project index alone (migration 0002 runs before the
        projects table exists), `ideas=False` the idea index likewise.
        """
        started = time.monotonic()
        today = timezone.localdate().isoformat()
        tables: tuple[str, ...] = (PERSON_TABLE, SCHOOL_TABLE, VARIANT_TABLE)
        if projects:
            tables += (PROJECT_TABLE, PROJECT_VARIANT_TABLE)
        if ideas:
            tables += (IDEA_TABLE, IDEA_VARIANT_TABLE)
        person_new, school_new, variant_new = (f"{table}_new" for table in tables[:3])
        project_new, project_variant_new = f"{PROJECT_TABLE}_new", f"{PROJECT_VARIANT_TABLE}_new"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {VOCAB_TABLE}_new")
            cursor.execute(f"DROP TABLE IF EXISTS {PROJECT_VOCAB_TABLE}_new")
            cursor.execute(f"DROP TABLE IF EXISTS {IDEA_VOCAB_TABLE}_new")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}_new")
            for sql in create_tables_sql("_new", projects=projects) + (create_idea_tables_sql("_new") if ideas else []):
                cursor.execute(sql)
            people = fill_in_batches(
                cursor,
                "SELECT min(id), max(id) FROM accounts_user",
                f"INSERT INTO {person_new} ({PERSON_COLUMNS}) {PERSON_DOCUMENTS} WHERE u.id >= %s AND u.id < %s",
                [today, today],
                batch_size,
            )
            schools = fill_in_batches(
                cursor,
                "SELECT min(id), max(id) FROM schools_school",
                f"INSERT INTO {school_new} ({SCHOOL_COLUMNS}) {SCHOOL_DOCUMENTS} WHERE s.id >= %s AND s.id < %s",
                [],
                batch_size,
            )
            project_count = 0
            if projects:
                project_count = fill_in_batches(
                    cursor,
                    "SELECT min(id), max(id) FROM projects_project",
                    f"INSERT INTO {project_new} ({TEXT_COLUMNS}) {PROJECT_DOCUMENTS} WHERE p.id >= %s AND p.id < %s",
                    [],
                    batch_size,
                )
            # Merge the index segments written batch by batch: fewer, larger b-trees answer faster.
            for table in (person_new, school_new, project_new) if projects else (person_new, school_new):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            # The words of names and schools, from the new index's own vocabulary (read once, here).
            cursor.execute(f"CREATE VIRTUAL TABLE {VOCAB_TABLE}_new USING fts5vocab({person_new}, 'col')")
            cursor.execute(f"SELECT DISTINCT term FROM {VOCAB_TABLE}_new WHERE col IN ('names', 'schools')")
            words = {term for (term,) in cursor.fetchall()}
            cursor.execute(f"DROP TABLE {VOCAB_TABLE}_new")
            with transaction.atomic():
                _add_variants(cursor, variant_new, words)
            if projects:
                # Likewise the words of project titles and texts.
                cursor.execute(f"CREATE VIRTUAL TABLE {PROJECT_VOCAB_TABLE}_new USING fts5vocab({project_new}, 'row')")
                cursor.execute(f"SELECT term FROM {PROJECT_VOCAB_TABLE}_new")
                project_words = {term for (term,) in cursor.fetchall()}
                cursor.execute(f"DROP TABLE {PROJECT_VOCAB_TABLE}_new")
                with transaction.atomic():
                    _add_variants(cursor, project_variant_new, project_words)
            idea_count = self._rebuild_ideas(cursor, batch_size) if ideas else 0
            with transaction.atomic():
                cursor.execute(f"DROP TABLE IF EXISTS {VOCAB_TABLE}")
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
                    cursor.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
                cursor.execute(VOCAB_SQL)
        return RebuildReport(
            people=people, schools=schools, projects=project_count, ideas=idea_count, seconds=time.monotonic() - started
        )

    def _rebuild_ideas(self, cursor, batch_size: int) -> int:
        """Fills search_idea_fts_new and its word variants (the swap is the caller's)."""
        idea_new, variant_new = f"{IDEA_TABLE}_new", f"{IDEA_VARIANT_TABLE}_new"
        count = fill_in_batches(
            cursor,
            "SELECT min(id), max(id) FROM forums_idea",
            f"INSERT INTO {idea_new} ({TEXT_COLUMNS}) {IDEA_DOCUMENTS} WHERE i.id >= %s AND i.id < %s",
            [],
            batch_size,
        )
        cursor.execute(f"INSERT INTO {idea_new} ({idea_new}) VALUES ('optimize')")
        cursor.execute(f"CREATE VIRTUAL TABLE {IDEA_VOCAB_TABLE}_new USING fts5vocab({idea_new}, 'row')")
        cursor.execute(f"SELECT term FROM {IDEA_VOCAB_TABLE}_new")
        words = {term for (term,) in cursor.fetchall()}
        cursor.execute(f"DROP TABLE {IDEA_VOCAB_TABLE}_new")
        with transaction.atomic():
            _add_variants(cursor, variant_new, words)
        return count

    # --- searches -------------------------------------------------------------

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
        """One FTS5 query walked in rowid order (so LIMIT stops it early), then who may be seen:
        profiles for members or everyone, and contacts-only profiles of the viewer's contacts or
        of the viewer; inactive accounts and people blocked either way left out."""
        base = people_match(terms, filters, expansions)
        blocked = f"rowid NOT IN ({BLOCKED_EITHER_WAY})"
        me = viewer.user_id
        if viewer.sees_everyone:
            sql = (
                f"SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s AND {blocked} "
                "ORDER BY rowid LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [base, me, me, limit + 1, offset])
        # "+rowid": the contacts are a filter on rows already matched, not one full-text query per contact.
        sql = (
            f"SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s "
            "AND (audience IN ('everyone', 'members') "
            f"OR (audience = 'contacts' AND (+rowid = %s OR +rowid IN ({CONTACTS_OF})))) "
            f"AND {blocked} ORDER BY rowid LIMIT %s OFFSET %s"
        )
        return RawQuery(sql, [base, me, me, me, me, me, limit + 1, offset])

    def school_query(self, *, terms: list[str], filters: SchoolFilters, limit: int, offset: int) -> RawQuery:
        parts = ["{name} : " + _prefix(term) for term in terms]
        parts += ["{city} : " + _prefix(term) for term in d.query_terms(filters.city)]
        parts += _codes(((d.PREFIX_COUNTRY, filters.countries), (d.PREFIX_SCHOOL_TYPE, filters.school_types)))
        if not parts:
            parts.append(_any("tokens", [d.TOKEN_ALL]))
        sql = f"SELECT rowid FROM {SCHOOL_TABLE} WHERE {SCHOOL_TABLE} MATCH %s ORDER BY rowid LIMIT %s OFFSET %s"
        return RawQuery(sql, [" AND ".join(parts), limit + 1, offset])

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
        """One FTS5 query walked in rowid order, newest first (so LIMIT stops it early); then who may
        find each matched row: public projects, and for a member the projects they are in."""
        if viewer.user_id is None:
            match = project_match(terms, filters, expansions, public=True)
            sql = (
                f"SELECT rowid FROM {PROJECT_TABLE} WHERE {PROJECT_TABLE} MATCH %s AND audience = 'public' "
                "ORDER BY rowid DESC LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [match, limit + 1, offset])
        match = project_match(terms, filters, expansions)
        if filters.members_only:
            # Drafts, pending or stopped projects: only the viewer's own, a few point look-ups (walking
            # every draft to keep the viewer's was 80 ms at 100,000 projects).
            sql = (
                f"SELECT rowid FROM {PROJECT_TABLE} WHERE {PROJECT_TABLE} MATCH %s AND rowid IN ({MY_PROJECTS}) "
                "ORDER BY rowid DESC LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [match, viewer.user_id, limit + 1, offset])
        # "+rowid": the viewer's projects filter rows already matched, not one full-text query each.
        sql = (
            f"SELECT rowid FROM {PROJECT_TABLE} WHERE {PROJECT_TABLE} MATCH %s "
            f"AND (audience = 'public' OR +rowid IN ({MY_PROJECTS})) ORDER BY rowid DESC LIMIT %s OFFSET %s"
        )
        return RawQuery(sql, [match, viewer.user_id, limit + 1, offset])

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
        """One FTS5 query walked in rowid order, newest first (so LIMIT stops it early); then who may
        find each matched row: ideas of validated authors, and the viewer's own (held ones too)."""
        # "+rowid": the viewer's ideas filter rows already matched, not one full-text query each.
        sql = (
            f"SELECT rowid FROM {IDEA_TABLE} WHERE {IDEA_TABLE} MATCH %s "
            f"AND (audience = 'public' OR +rowid IN ({MY_IDEAS})) ORDER BY rowid DESC LIMIT %s OFFSET %s"
        )
        return RawQuery(sql, [idea_match(terms, filters, expansions), viewer_id, limit + 1, offset])

    def close_words(self, terms: list[str]) -> dict[str, list[str]]:
        """Words sharing a look-up key with the typed word (one query per word), checked by edit distance."""
        return self._close_words(VARIANT_TABLE, terms)

    def close_project_words(self, terms: list[str]) -> dict[str, list[str]]:
        return self._close_words(PROJECT_VARIANT_TABLE, terms)

    def close_idea_words(self, terms: list[str]) -> dict[str, list[str]]:
        return self._close_words(IDEA_VARIANT_TABLE, terms)

    def _close_words(self, table: str, terms: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        with connection.cursor() as cursor:
            for term in terms:
                if not max_distance(term):
                    continue
                keys = sorted(variants(term))
                marks = ", ".join(["%s"] * len(keys))
                cursor.execute(f"SELECT DISTINCT word FROM {table} WHERE variant IN ({marks})", keys)
                found[term] = close_words(term, ((word, 0) for (word,) in cursor.fetchall()))
        return found
