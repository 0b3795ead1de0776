"""PostgreSQL backend: a tsvector per document with GIN, filters as tokens, trigrams for typos.

Tables (made by the search app's migration on PostgreSQL only):
  search_person_doc(user_id, document)   document: names weight A, schools B, keywords C, tokens D
  search_school_doc(school_id, document) name A, city B, tokens D
  search_word(word)                      the words of names and schools, with a trigram (GiST) index
  search_project_doc(project_id, document)   title A, the other texts B, tokens D
  search_project_word(word)              the words of project titles and texts, trigram index
  search_idea_doc(idea_id, document)     title A, description and keywords B, tokens D
  search_idea_word(word)                 the words of project ideas, trigram index
Text goes through unaccent() and the 'simple' configuration (no stemming:
names are not words of one language). Typo tolerance reads close words from
search_word by trigram similarity, then keeps those within the same edit
distance as the SQLite backend.
"""

# SQL here is assembled from constant fragments (table names, token prefixes); every value that
# comes from a user, the full-text query included, is passed as a parameter.
# ruff: noqa: S608

import re
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
from twinning.search.typo import close_words, max_distance

# Ids per statement when indexing a few rows.
CHUNK = 1000
PERSON_TABLE = "search_person_doc"
SCHOOL_TABLE = "search_school_doc"
WORD_TABLE = "search_word"
PROJECT_TABLE = "search_project_doc"
PROJECT_WORD_TABLE = "search_project_word"
IDEA_TABLE = "search_idea_doc"
IDEA_WORD_TABLE = "search_idea_word"


def create_tables_sql(suffix: str = "", *, indexes: bool = True) -> list[str]:
    person, school, word = PERSON_TABLE + suffix, SCHOOL_TABLE + suffix, WORD_TABLE + suffix
    project, project_word = PROJECT_TABLE + suffix, PROJECT_WORD_TABLE + suffix
    sql = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE TABLE IF NOT EXISTS {person} (user_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {school} (school_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {word} (word text PRIMARY KEY)",
        f"CREATE TABLE IF NOT EXISTS {project} (project_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {project_word} (word text PRIMARY KEY)",
    ]
    return sql + (create_indexes_sql(suffix) if indexes else [])


def create_indexes_sql(suffix: str = "") -> list[str]:
    person, school, word = PERSON_TABLE + suffix, SCHOOL_TABLE + suffix, WORD_TABLE + suffix
    project, project_word = PROJECT_TABLE + suffix, PROJECT_WORD_TABLE + suffix
    return [
        f"CREATE INDEX IF NOT EXISTS {person}_gin ON {person} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {school}_gin ON {school} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {word}_trgm ON {word} USING gist (word gist_trgm_ops)",
        f"CREATE INDEX IF NOT EXISTS {project}_gin ON {project} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {project_word}_trgm ON {project_word} USING gist (word gist_trgm_ops)",
    ]


def create_idea_tables_sql(suffix: str = "", *, indexes: bool = True) -> list[str]:
    idea, word = IDEA_TABLE + suffix, IDEA_WORD_TABLE + suffix
    sql = [
        f"CREATE TABLE IF NOT EXISTS {idea} (idea_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {word} (word text PRIMARY KEY)",
    ]
    return sql + (create_idea_indexes_sql(suffix) if indexes else [])


def create_idea_indexes_sql(suffix: str = "") -> list[str]:
    idea, word = IDEA_TABLE + suffix, IDEA_WORD_TABLE + suffix
    return [
        f"CREATE INDEX IF NOT EXISTS {idea}_gin ON {idea} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {word}_trgm ON {word} USING gist (word gist_trgm_ops)",
    ]


def _list_tokens(prefix: str, column: str) -> str:
    return (
        f"coalesce((SELECT string_agg({code_token(prefix, 'j')}, '') FROM jsonb_array_elements_text({column}) j), '')"
    )


_PERSON_FIELDS = f"""
SELECT u.id,
  u.first_name || ' ' || u.last_name AS names,
  coalesce((SELECT string_agg(s.name || ' ' || s.city, ' ') {CURRENT_SCHOOLS}), '') AS schools,
  coalesce((SELECT string_agg(j, ' ') FROM jsonb_array_elements_text(p.interests) j), '') || ' ' || p.about
    AS keywords,
  '{d.TOKEN_ALL} {d.PREFIX_VISIBILITY}' || p.visibility
    || CASE WHEN u.is_active THEN ' {d.TOKEN_ACTIVE}' ELSE '' END
    || CASE WHEN u.is_validated THEN ' {d.TOKEN_VALIDATED}' ELSE '' END
    || CASE WHEN p.available_for_projects THEN ' {d.TOKEN_AVAILABLE}' ELSE '' END
    || CASE WHEN p.available_for_plus THEN ' {d.TOKEN_AVAILABLE_PLUS}' ELSE '' END
    || coalesce((SELECT string_agg({code_token(d.PREFIX_COUNTRY, "s.country")}
         || {code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
         || CASE WHEN s.region <> '' THEN {code_token(d.PREFIX_REGION, "s.region")} ELSE '' END, '')
         {CURRENT_SCHOOLS}), '')
    || {_list_tokens(d.PREFIX_SUBJECT, "p.subjects")}
    || {_list_tokens(d.PREFIX_LANGUAGE, "p.languages")}
    || {_list_tokens(d.PREFIX_AGE, "p.age_bands")} AS tokens
"""


def _insert_sql(table: str, key: str, select: str, *, upsert: bool) -> str:
    """The INSERT of the documents `select` gives (id, document); `upsert` rewrites those already there."""
    sql = f"INSERT INTO {table} ({key}, document) {select}"
    if upsert:
        sql += f" ON CONFLICT ({key}) DO UPDATE SET document = EXCLUDED.document"
    return sql


def person_insert_sql(table: str, where: str, *, upsert: bool) -> str:
    select = f"""
SELECT f.id,
  setweight(to_tsvector('simple', unaccent(f.names)), 'A')
  || setweight(to_tsvector('simple', unaccent(f.schools)), 'B')
  || setweight(to_tsvector('simple', unaccent(f.keywords)), 'C')
  || setweight(to_tsvector('simple', f.tokens), 'D')
FROM ({_PERSON_FIELDS} FROM accounts_user u JOIN profiles_profile p ON p.user_id = u.id WHERE {where}) f
"""
    return _insert_sql(table, "user_id", select, upsert=upsert)


def school_insert_sql(table: str, where: str, *, upsert: bool) -> str:
    select = f"""
SELECT s.id,
  setweight(to_tsvector('simple', unaccent(s.name)), 'A')
  || setweight(to_tsvector('simple', unaccent(s.city)), 'B')
  || setweight(to_tsvector('simple', '{d.TOKEN_ALL}' || {code_token(d.PREFIX_COUNTRY, "s.country")}
       || {code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
       || CASE WHEN s.region <> '' THEN {code_token(d.PREFIX_REGION, "s.region")} ELSE '' END
       || CASE WHEN s.is_verified THEN ' {d.TOKEN_VERIFIED_SCHOOL}' ELSE '' END), 'D')
FROM schools_school s WHERE {where}
"""
    return _insert_sql(table, "school_id", select, upsert=upsert)


# A project's countries: those of its active partners, read from their rows (the services keep the
# same list in `Project.countries`, but with an UPDATE that sends no signal; a partner row's save does).
_PROJECT_COUNTRIES = (
    "(SELECT DISTINCT pa.country AS code FROM projects_partner pa "
    "WHERE pa.project_id = p.id AND pa.state = 'active' AND pa.country <> '')"
)
# Public and open or closed: anyone may find it. Anything else only its members (invited or active).
PROJECT_IS_PUBLIC = "p.is_public AND p.status IN ('open', 'closed')"
MY_PROJECTS = "SELECT project_id FROM projects_partner WHERE teacher_id = %s AND state IN ('invited', 'active')"


def project_insert_sql(table: str, where: str, *, upsert: bool) -> str:
    select = f"""
SELECT p.id,
  setweight(to_tsvector('simple', unaccent(p.title)), 'A')
  || setweight(to_tsvector('simple', unaccent(p.summary || ' ' || p.description || ' ' || p.aims || ' '
       || p.expected_results || ' ' || coalesce(k.title, ''))), 'B')
  || setweight(to_tsvector('simple', '{d.TOKEN_ALL}' || {code_token(d.PREFIX_PROJECT_STATUS, "p.status")}
       || CASE WHEN {PROJECT_IS_PUBLIC} THEN ' {d.TOKEN_PUBLIC_PROJECT}' ELSE '' END
       || {_list_tokens(d.PREFIX_SUBJECT, "p.subjects")}
       || {_list_tokens(d.PREFIX_AGE, "p.age_bands")}
       || {_list_tokens(d.PREFIX_LANGUAGE, "p.languages")}
       || coalesce((SELECT string_agg({code_token(d.PREFIX_COUNTRY, "c.code")}, '') FROM {_PROJECT_COUNTRIES} c), '')),
     'D')
FROM projects_project p LEFT JOIN projects_kit k ON k.id = p.kit_id WHERE {where}
"""
    return _insert_sql(table, "project_id", select, upsert=upsert)


# Ideas of a validated author: every signed-in teacher finds them; those of an author not validated yet
# only their author ("held until your validation", read from the author as forums.permissions does), and
# so do ideas the support service hid (their thread is hidden with their opening post): the author
# finds them, nobody else (officers reach them from the report queue and the forum's page).
IDEA_IS_PUBLIC = "(u.is_validated AND NOT t.is_hidden)"
MY_IDEAS = "SELECT id FROM forums_idea WHERE author_id = %s"


def idea_insert_sql(table: str, where: str, *, upsert: bool) -> str:
    select = f"""
SELECT i.id,
  setweight(to_tsvector('simple', unaccent(i.title)), 'A')
  || setweight(to_tsvector('simple', unaccent(i.description || ' ' || i.keywords)), 'B')
  || setweight(to_tsvector('simple', '{d.TOKEN_ALL}' || {code_token(d.PREFIX_IDEA_STATUS, "i.status")}
       || ' {d.PREFIX_CATEGORY}' || i.category_id
       || CASE WHEN u.is_validated THEN ' {d.TOKEN_VALIDATED}' ELSE '' END
       || CASE WHEN {IDEA_IS_PUBLIC} THEN ' {d.TOKEN_PUBLIC_IDEA}' ELSE '' END
       || {_list_tokens(d.PREFIX_AGE, "i.age_bands")}
       || {_list_tokens(d.PREFIX_SUBJECT, "i.subjects")}
       || {_list_tokens(d.PREFIX_LANGUAGE, "i.languages")}
       || {_list_tokens(d.PREFIX_COUNTRY, "i.countries_wanted")}), 'D')
FROM forums_idea i JOIN accounts_user u ON u.id = i.author_id
  JOIN discussions_thread t ON t.id = i.thread_id WHERE {where}
"""
    return _insert_sql(table, "idea_id", select, upsert=upsert)


def words_insert_sql(word_table: str, document_table: str, where: str) -> str:
    """The words weighted A and B of the given documents, for typo tolerance: names and schools of
    people, titles and texts of projects, titles, descriptions and keywords of ideas."""
    return (
        f"INSERT INTO {word_table} (word) SELECT DISTINCT w FROM {document_table} d, "
        f"unnest(tsvector_to_array(ts_filter(d.document, '{{a,b}}'))) w WHERE {where} ON CONFLICT DO NOTHING"
    )


# A typed word is wrapped in WORD_QUOTE (a character no word holds) rather than in apostrophes,
# because unaccent() runs on the whole query in SQL and turns some letters into an apostrophe
# (the "ʼ" of Ukrainian names, the "ʻ" of Hawaiian ones): between apostrophes that would end the
# word and break the query. TSQUERY escapes backslashes and apostrophes after unaccent(), and
# only then turns the WORD_QUOTEs into the apostrophes of the tsquery syntax.
WORD_QUOTE = "\x01"
TSQUERY = (
    "to_tsquery('simple', "
    r"replace(replace(replace(unaccent(%s), '\', '\\'), '''', ''''''), chr(1), ''''))"
)
_TOKEN = re.compile(r"[0-9a-z]+")


def _lexeme(word: str) -> str:
    return WORD_QUOTE + word.replace(WORD_QUOTE, "") + WORD_QUOTE


def _prefix(term: str, weights: str) -> str:
    return _lexeme(term) + (f":{weights}" if len(term) < 2 else f":*{weights}")


def _token(token: str) -> str:
    """A filter token in a tsquery: letters and digits only (documents.token), so it needs no quotes."""
    if not _TOKEN.fullmatch(token):
        raise ValueError(f"Not an index token: {token!r}")
    return token + ":D"


def _any(tokens: Iterable[str]) -> str:
    return "(" + " | ".join(_token(t) for t in tokens) + ")"


def _order(column: str, *, widened: bool) -> str:
    """The ORDER BY of a search. For a query widened with close words, "+ 0" keeps the planner
    off the primary key: it cannot estimate how many rows a rare exact word matches, and when it
    guesses "many" it walks the whole table in id order looking for a handful (measured: 2 s at a
    million people, against milliseconds through the GIN index and a sort of the few matches).
    Prefixes and filter tokens have statistics good enough for the planner to choose well."""
    return f"{column} + 0" if widened else column


def _words(terms: list[str], expansions: dict[str, list[str]] | None) -> list[str]:
    """One part per typed word, weighted A or B: the word as a prefix, or one of its close words."""
    expansions = expansions or {}
    parts = []
    for term in terms:
        alternatives = [_prefix(term, "AB")] + [_lexeme(word) + ":AB" for word in expansions.get(term, [])]
        parts.append("(" + " | ".join(alternatives) + ")")
    return parts


def _codes(filters: Iterable[tuple[str, Iterable[str]]]) -> list[str]:
    """One part per filter given codes (token prefix, codes): any of its codes."""
    return [_any(d.token(prefix, code) for code in codes) for prefix, codes in filters if codes]


def people_tsquery(terms: list[str], filters: PeopleFilters, expansions: dict[str, list[str]] | None = None) -> str:
    parts = _words(terms, expansions)
    parts += [_prefix(term, "C") for term in d.query_terms(filters.keywords)]
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
        parts += [_any([d.TOKEN_VALIDATED]), _any([d.TOKEN_AVAILABLE])]
    if filters.plus:
        parts.append(_any([d.TOKEN_AVAILABLE_PLUS]))
    if not parts:
        parts.append(_any([d.TOKEN_ALL]))
    return " & ".join(parts)


def project_tsquery(
    terms: list[str], filters: ProjectFilters, expansions: dict[str, list[str]] | None = None, *, public: bool = False
) -> str:
    parts = _words(terms, expansions)
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
        parts.append(_any([d.TOKEN_PUBLIC_PROJECT]))
    if not parts:
        parts.append(_any([d.TOKEN_ALL]))
    return " & ".join(parts)


def idea_tsquery(terms: list[str], filters: IdeaFilters, expansions: dict[str, list[str]] | None = None) -> str:
    parts = _words(terms, expansions)
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
    return " & ".join(parts)


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    # --- upkeep ---------------------------------------------------------------

    def index_people(self, user_ids: Iterable[int]) -> None:
        today = timezone.localdate()
        self._reindex(
            PERSON_TABLE,
            "user_id",
            "SELECT user_id FROM profiles_profile WHERE user_id = ANY(%s)",
            person_insert_sql(PERSON_TABLE, "u.id = ANY(%s)", upsert=True),
            WORD_TABLE,
            user_ids,
            params=[today, today],
        )

    def unindex_people(self, user_ids: Iterable[int]) -> None:
        self._unindex(PERSON_TABLE, "user_id", user_ids)

    def index_schools(self, school_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in chunked(school_ids, CHUNK):
                cursor.execute(school_insert_sql(SCHOOL_TABLE, "s.id = ANY(%s)", upsert=True), [batch])

    def unindex_schools(self, school_ids: Iterable[int]) -> None:
        self._unindex(SCHOOL_TABLE, "school_id", school_ids)

    def index_projects(self, project_ids: Iterable[int]) -> None:
        self._reindex(
            PROJECT_TABLE,
            "project_id",
            "SELECT id FROM projects_project WHERE id = ANY(%s)",
            project_insert_sql(PROJECT_TABLE, "p.id = ANY(%s)", upsert=True),
            PROJECT_WORD_TABLE,
            project_ids,
        )

    def unindex_projects(self, project_ids: Iterable[int]) -> None:
        self._unindex(PROJECT_TABLE, "project_id", project_ids)

    def index_ideas(self, idea_ids: Iterable[int]) -> None:
        self._reindex(
            IDEA_TABLE,
            "idea_id",
            "SELECT id FROM forums_idea WHERE id = ANY(%s)",
            idea_insert_sql(IDEA_TABLE, "i.id = ANY(%s)", upsert=True),
            IDEA_WORD_TABLE,
            idea_ids,
        )

    def unindex_ideas(self, idea_ids: Iterable[int]) -> None:
        self._unindex(IDEA_TABLE, "idea_id", idea_ids)

    def _reindex(
        self,
        table: str,
        key: str,
        existing_sql: str,
        upsert_sql: str,
        word_table: str,
        ids: Iterable[int],
        *,
        params: list | None = None,
    ) -> None:
        """Rewrites the documents of `ids` in `table` (keyed by `key`) with `upsert_sql` (`params` come
        before the ids); ids `existing_sql` no longer returns leave the index. The documents' words
        go to `word_table`."""
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in chunked(ids, CHUNK):
                cursor.execute(
                    f"DELETE FROM {table} WHERE {key} = ANY(%s) AND {key} NOT IN ({existing_sql})", [batch, batch]
                )
                cursor.execute(upsert_sql, [*(params or []), batch])
                cursor.execute(words_insert_sql(word_table, table, f"d.{key} = ANY(%s)"), [batch])

    def _unindex(self, table: str, key: str, ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            for batch in chunked(ids, CHUNK):
                cursor.execute(f"DELETE FROM {table} WHERE {key} = ANY(%s)", [batch])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            tables = (
                PERSON_TABLE,
                SCHOOL_TABLE,
                WORD_TABLE,
                PROJECT_TABLE,
                PROJECT_WORD_TABLE,
                IDEA_TABLE,
                IDEA_WORD_TABLE,
            )
            cursor.execute(f"TRUNCATE {', '.join(tables)}")

    def rebuild(self, *, batch_size: int = 50_000, projects: bool = True, ideas: bool = True) -> RebuildReport:
        """Fills new tables beside the live ones (indexes made once, after the rows), then swaps
        them in one short transaction; searches keep working meanwhile. A change saved during the
        rebuild to a row already copied reaches the old table only: rebuild when the site is quiet."""
        started = time.monotonic()
        today = timezone.localdate()
        tables: tuple[str, ...] = (PERSON_TABLE, SCHOOL_TABLE, WORD_TABLE)
        if projects:
            tables += (PROJECT_TABLE, PROJECT_WORD_TABLE)
        if ideas:
            tables += (IDEA_TABLE, IDEA_WORD_TABLE)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}_new")
            for sql in create_tables_sql("_new", indexes=False):
                if projects or "search_project" not in sql:
                    cursor.execute(sql)
            people = fill_in_batches(
                cursor,
                "SELECT min(id), max(id) FROM accounts_user",
                person_insert_sql(f"{PERSON_TABLE}_new", "u.id >= %s AND u.id < %s", upsert=False),
                [today, today],
                batch_size,
            )
            schools = fill_in_batches(
                cursor,
                "SELECT min(id), max(id) FROM schools_school",
                school_insert_sql(f"{SCHOOL_TABLE}_new", "s.id >= %s AND s.id < %s", upsert=False),
                [],
                batch_size,
            )
            project_count = 0
            if projects:
                project_count = fill_in_batches(
                    cursor,
                    "SELECT min(id), max(id) FROM projects_project",
                    project_insert_sql(f"{PROJECT_TABLE}_new", "p.id >= %s AND p.id < %s", upsert=False),
                    [],
                    batch_size,
                )
                cursor.execute(words_insert_sql(f"{PROJECT_WORD_TABLE}_new", f"{PROJECT_TABLE}_new", "true"))
            cursor.execute(words_insert_sql(f"{WORD_TABLE}_new", f"{PERSON_TABLE}_new", "true"))
            for sql in create_indexes_sql("_new"):
                if projects or "search_project" not in sql:
                    cursor.execute(sql)
            idea_count = 0
            if ideas:
                for sql in create_idea_tables_sql("_new", indexes=False):
                    cursor.execute(sql)
                idea_count = fill_in_batches(
                    cursor,
                    "SELECT min(id), max(id) FROM forums_idea",
                    idea_insert_sql(f"{IDEA_TABLE}_new", "i.id >= %s AND i.id < %s", upsert=False),
                    [],
                    batch_size,
                )
                cursor.execute(words_insert_sql(f"{IDEA_WORD_TABLE}_new", f"{IDEA_TABLE}_new", "true"))
                for sql in create_idea_indexes_sql("_new"):
                    cursor.execute(sql)
            with transaction.atomic():
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
                    cursor.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
                    cursor.execute(f"ALTER INDEX IF EXISTS {table}_new_pkey RENAME TO {table}_pkey")
                renamed = [(PERSON_TABLE, "gin"), (SCHOOL_TABLE, "gin"), (WORD_TABLE, "trgm")]
                if projects:
                    renamed += [(PROJECT_TABLE, "gin"), (PROJECT_WORD_TABLE, "trgm")]
                if ideas:
                    renamed += [(IDEA_TABLE, "gin"), (IDEA_WORD_TABLE, "trgm")]
                for table, suffix in renamed:
                    cursor.execute(f"ALTER INDEX {table}_new_{suffix} RENAME TO {table}_{suffix}")
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        return RebuildReport(
            people=people, schools=schools, projects=project_count, ideas=idea_count, seconds=time.monotonic() - started
        )

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
        """One statement: the words and filters through the GIN index, then who the viewer may see
        (members' profiles, contacts' profiles for contacts, themself), people blocked either way
        left out, in id order."""
        base = people_tsquery(terms, filters, expansions)
        order = _order("d.user_id", widened=bool(expansions and any(expansions.values())))
        me = viewer.user_id
        blocked = f"d.user_id NOT IN ({BLOCKED_EITHER_WAY})"
        if viewer.sees_everyone:
            sql = (
                f"SELECT d.user_id FROM {PERSON_TABLE} d WHERE d.document @@ {TSQUERY} "
                f"AND {blocked} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [base, me, me, limit + 1, offset])
        active = _any([d.TOKEN_ACTIVE])
        members = _any(d.visibility_tokens(["everyone", "members"]))
        contacts = _any(d.visibility_tokens(["contacts"]))
        sql = (
            f"SELECT d.user_id FROM {PERSON_TABLE} d WHERE d.document @@ {TSQUERY} "
            "AND (d.document @@ to_tsquery('simple', %s) "
            f"OR (d.document @@ to_tsquery('simple', %s) AND d.user_id IN ({CONTACTS_OF})) "
            "OR d.user_id = %s) "
            f"AND {blocked} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [base, f"{active} & {members}", f"{active} & {contacts}", me, me, me, me, me, limit + 1, offset]
        return RawQuery(sql, params)

    def school_query(self, *, terms: list[str], filters: SchoolFilters, limit: int, offset: int) -> RawQuery:
        parts = [_prefix(term, "A") for term in terms]
        parts += [_prefix(term, "B") for term in d.query_terms(filters.city)]
        parts += _codes(((d.PREFIX_COUNTRY, filters.countries), (d.PREFIX_SCHOOL_TYPE, filters.school_types)))
        if not parts:
            parts.append(_any([d.TOKEN_ALL]))
        sql = (
            f"SELECT s.school_id FROM {SCHOOL_TABLE} s WHERE s.document @@ {TSQUERY} "
            "ORDER BY s.school_id LIMIT %s OFFSET %s"
        )
        return RawQuery(sql, [" & ".join(parts), limit + 1, offset])

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
        """One statement: the words and filters through the GIN index, then who may find each
        project (public ones; for a member also those they are in), newest first."""
        order = _order("d.project_id", widened=bool(expansions and any(expansions.values()))) + " DESC"
        if viewer.user_id is None:
            sql = (
                f"SELECT d.project_id FROM {PROJECT_TABLE} d WHERE d.document @@ {TSQUERY} "
                f"ORDER BY {order} LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [project_tsquery(terms, filters, expansions, public=True), limit + 1, offset])
        if filters.members_only:
            # Drafts, pending or stopped projects: only the viewer's own can match.
            sql = (
                f"SELECT d.project_id FROM {PROJECT_TABLE} d WHERE d.project_id IN ({MY_PROJECTS}) "
                f"AND d.document @@ {TSQUERY} ORDER BY {order} LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [viewer.user_id, project_tsquery(terms, filters, expansions), limit + 1, offset])
        sql = (
            f"SELECT d.project_id FROM {PROJECT_TABLE} d WHERE d.document @@ {TSQUERY} "
            f"AND (d.document @@ to_tsquery('simple', %s) OR d.project_id IN ({MY_PROJECTS})) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [
            project_tsquery(terms, filters, expansions),
            _any([d.TOKEN_PUBLIC_PROJECT]),
            viewer.user_id,
            limit + 1,
            offset,
        ]
        return RawQuery(sql, params)

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
        """One statement: the words and filters through the GIN index, then who may find each idea
        (those of validated authors; the viewer's own, held ones too), newest first."""
        order = _order("d.idea_id", widened=bool(expansions and any(expansions.values()))) + " DESC"
        sql = (
            f"SELECT d.idea_id FROM {IDEA_TABLE} d WHERE d.document @@ {TSQUERY} "
            f"AND (d.document @@ to_tsquery('simple', %s) OR d.idea_id IN ({MY_IDEAS})) "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        params = [idea_tsquery(terms, filters, expansions), _any([d.TOKEN_PUBLIC_IDEA]), viewer_id, limit + 1, offset]
        return RawQuery(sql, params)

    def close_words(self, terms: list[str]) -> dict[str, list[str]]:
        """Candidates by trigram distance (the GiST index answers the nearest first), then the edit distance."""
        return self._close_words(WORD_TABLE, terms)

    def close_project_words(self, terms: list[str]) -> dict[str, list[str]]:
        return self._close_words(PROJECT_WORD_TABLE, terms)

    def close_idea_words(self, terms: list[str]) -> dict[str, list[str]]:
        return self._close_words(IDEA_WORD_TABLE, terms)

    def _close_words(self, table: str, terms: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        with connection.cursor() as cursor:
            for term in terms:
                if not max_distance(term):
                    continue
                cursor.execute(
                    f"SELECT word FROM {table} WHERE left(word, 1) = left(%s, 1) ORDER BY word <-> %s LIMIT 50",
                    [term, term],
                )
                found[term] = close_words(term, ((word, 0) for (word,) in cursor.fetchall()))
        return found
