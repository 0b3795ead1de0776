"""SQLite backend: FTS5 tables, filters as tokens, typo tolerance from the fts5vocab table.

Tables (made by the search app's migration on SQLite only):
  search_person_fts(names, schools, keywords, tokens)   rowid = user id
  search_school_fts(name, city, tokens)                 rowid = school id
  search_person_vocab                                   fts5vocab over search_person_fts ('col')
All use `unicode61 remove_diacritics 2` ("Lucía" and "Lucia" are the same word)
and prefix indexes of 2 and 3 letters, so short prefixes stay fast.
"""

# SQL here is assembled from constant fragments (table names, token prefixes); every value that
# comes from a user, the full-text query included, is passed as a parameter.
# ruff: noqa: S608

import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from twinning.search import documents as d
from twinning.search.backends.base import (
    PeopleFilters,
    RawQuery,
    RebuildReport,
    SchoolFilters,
    SearchBackend,
    ViewerScope,
)
from twinning.search.typo import close_words, max_distance

PERSON_TABLE = "search_person_fts"
SCHOOL_TABLE = "search_school_fts"
VOCAB_TABLE = "search_person_vocab"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"


def create_tables_sql(person: str = PERSON_TABLE, school: str = SCHOOL_TABLE) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {person} USING fts5(names, schools, keywords, tokens, {TOKENIZE})",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {school} USING fts5(name, city, tokens, {TOKENIZE})",
    ]


VOCAB_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({PERSON_TABLE}, 'col')"


def _code_token(prefix: str, column: str) -> str:
    """SQL turning a vocabulary code into its token, like documents.token()."""
    return f"' {prefix}' || lower(replace(replace({column}, '-', ''), '+', ''))"


# The rows of a teacher's history that count as current schools: not refused, not ended before today.
_CURRENT = (
    "FROM schools_employment e JOIN schools_school s ON s.id = e.school_id "
    "WHERE e.teacher_id = u.id AND e.validation <> 'rejected' AND (e.end_date IS NULL OR e.end_date >= %s)"
)


def _list_tokens(prefix: str, column: str) -> str:
    return f"coalesce((SELECT group_concat({_code_token(prefix, 'j.value')}, '') FROM json_each({column}) j), '')"


PERSON_DOCUMENTS = f"""
SELECT u.id,
  u.first_name || ' ' || u.last_name,
  coalesce((SELECT group_concat(s.name || ' ' || s.city, ' ') {_CURRENT}), ''),
  coalesce((SELECT group_concat(j.value, ' ') FROM json_each(p.interests) j), '') || ' ' || p.about,
  '{d.TOKEN_ALL} {d.PREFIX_VISIBILITY}' || p.visibility
    || CASE WHEN u.is_active THEN ' {d.TOKEN_ACTIVE}' ELSE '' END
    || CASE WHEN u.is_validated THEN ' {d.TOKEN_VALIDATED}' ELSE '' END
    || CASE WHEN p.available_for_projects THEN ' {d.TOKEN_AVAILABLE}' ELSE '' END
    || CASE WHEN p.available_for_plus THEN ' {d.TOKEN_AVAILABLE_PLUS}' ELSE '' END
    || coalesce((SELECT group_concat({_code_token(d.PREFIX_COUNTRY, "s.country")}
         || {_code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
         || CASE WHEN s.region <> '' THEN {_code_token(d.PREFIX_REGION, "s.region")} ELSE '' END, '') {_CURRENT}), '')
    || {_list_tokens(d.PREFIX_SUBJECT, "p.subjects")}
    || {_list_tokens(d.PREFIX_LANGUAGE, "p.languages")}
    || {_list_tokens(d.PREFIX_AGE, "p.age_bands")}
FROM accounts_user u JOIN profiles_profile p ON p.user_id = u.id
"""

SCHOOL_DOCUMENTS = f"""
SELECT s.id, s.name, s.city,
  '{d.TOKEN_ALL}' || {_code_token(d.PREFIX_COUNTRY, "s.country")}
    || {_code_token(d.PREFIX_SCHOOL_TYPE, "s.school_type")}
    || CASE WHEN s.region <> '' THEN {_code_token(d.PREFIX_REGION, "s.region")} ELSE '' END
    || CASE WHEN s.is_verified THEN ' {d.TOKEN_VERIFIED_SCHOOL}' ELSE '' END
FROM schools_school s
"""

_CONTACTS = (
    "SELECT user_high_id FROM network_contact WHERE user_low_id = %s "
    "UNION ALL SELECT user_low_id FROM network_contact WHERE user_high_id = %s"
)
_BLOCKED = (
    "SELECT blocked_id FROM network_block WHERE blocker_id = %s "
    "UNION ALL SELECT blocker_id FROM network_block WHERE blocked_id = %s"
)


def _quote(word: str) -> str:
    return '"' + word.replace('"', "") + '"'


def _prefix(term: str) -> str:
    # One letter as a prefix would read a large part of the index: it matches whole words only.
    return _quote(term) if len(term) < 2 else _quote(term) + "*"


def _any(column: str, tokens: Iterable[str]) -> str:
    return "{" + column + "} : (" + " OR ".join(_quote(t) for t in tokens) + ")"


def _chunks(ids: Iterable[int], size: int = 500) -> Iterable[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(int(pk))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def people_match(terms: list[str], filters: PeopleFilters, expansions: dict[str, list[str]] | None = None) -> str:
    """The FTS5 query of the words and filters (without the viewer's part)."""
    expansions = expansions or {}
    parts = []
    for term in terms:
        alternatives = [_prefix(term)] + [_quote(word) for word in expansions.get(term, [])]
        parts.append("{names schools} : (" + " OR ".join(alternatives) + ")")
    parts += ["{keywords} : " + _prefix(term) for term in d.query_terms(filters.keywords)]
    for prefix, codes in (
        (d.PREFIX_COUNTRY, filters.countries),
        (d.PREFIX_REGION, filters.regions),
        (d.PREFIX_SUBJECT, filters.subjects),
        (d.PREFIX_LANGUAGE, filters.languages),
        (d.PREFIX_AGE, filters.age_bands),
        (d.PREFIX_SCHOOL_TYPE, filters.school_types),
    ):
        if codes:
            parts.append(_any("tokens", [d.token(prefix, code) for code in codes]))
    if filters.partners:
        parts += [_any("tokens", [d.TOKEN_VALIDATED]), _any("tokens", [d.TOKEN_AVAILABLE])]
    if filters.plus:
        parts.append(_any("tokens", [d.TOKEN_AVAILABLE_PLUS]))
    if not parts:
        parts.append(_any("tokens", [d.TOKEN_ALL]))
    return " AND ".join(parts)


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    # --- upkeep ---------------------------------------------------------------

    def index_people(self, user_ids: Iterable[int]) -> None:
        today = timezone.localdate().isoformat()
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in _chunks(user_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {PERSON_TABLE} WHERE rowid IN ({marks})", batch)
                cursor.execute(
                    f"INSERT INTO {PERSON_TABLE} (rowid, names, schools, keywords, tokens) "
                    f"{PERSON_DOCUMENTS} WHERE u.id IN ({marks})",
                    [today, today, *batch],
                )

    def unindex_people(self, user_ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            for batch in _chunks(user_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {PERSON_TABLE} WHERE rowid IN ({marks})", batch)

    def index_schools(self, school_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for batch in _chunks(school_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {SCHOOL_TABLE} WHERE rowid IN ({marks})", batch)
                cursor.execute(
                    f"INSERT INTO {SCHOOL_TABLE} (rowid, name, city, tokens) {SCHOOL_DOCUMENTS} "
                    f"WHERE s.id IN ({marks})",
                    batch,
                )

    def unindex_schools(self, school_ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            for batch in _chunks(school_ids):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(f"DELETE FROM {SCHOOL_TABLE} WHERE rowid IN ({marks})", batch)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PERSON_TABLE}")
            cursor.execute(f"DELETE FROM {SCHOOL_TABLE}")

    def rebuild(self, *, batch_size: int = 50_000) -> RebuildReport:
        """Fills new tables beside the live ones, batch by batch, then swaps them in one short transaction.

        Searches keep working on the old tables meanwhile. A change saved
        during the rebuild to a row already copied reaches the old table only:
        run the rebuild when the site is quiet (or again).
        """
        started = time.monotonic()
        today = timezone.localdate().isoformat()
        person_new, school_new = f"{PERSON_TABLE}_new", f"{SCHOOL_TABLE}_new"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {person_new}")
            cursor.execute(f"DROP TABLE IF EXISTS {school_new}")
            for sql in create_tables_sql(person_new, school_new):
                cursor.execute(sql)
            people = self._fill(
                cursor,
                "SELECT min(id), max(id) FROM accounts_user",
                f"INSERT INTO {person_new} (rowid, names, schools, keywords, tokens) {PERSON_DOCUMENTS} "
                "WHERE u.id >= %s AND u.id < %s",
                [today, today],
                batch_size,
            )
            schools = self._fill(
                cursor,
                "SELECT min(id), max(id) FROM schools_school",
                f"INSERT INTO {school_new} (rowid, name, city, tokens) {SCHOOL_DOCUMENTS} "
                "WHERE s.id >= %s AND s.id < %s",
                [],
                batch_size,
            )
            # Merge the index segments written batch by batch: fewer, larger b-trees answer faster.
            cursor.execute(f"INSERT INTO {person_new} ({person_new}) VALUES ('optimize')")
            cursor.execute(f"INSERT INTO {school_new} ({school_new}) VALUES ('optimize')")
            with transaction.atomic():
                cursor.execute(f"DROP TABLE IF EXISTS {VOCAB_TABLE}")
                cursor.execute(f"DROP TABLE {PERSON_TABLE}")
                cursor.execute(f"DROP TABLE {SCHOOL_TABLE}")
                cursor.execute(f"ALTER TABLE {person_new} RENAME TO {PERSON_TABLE}")
                cursor.execute(f"ALTER TABLE {school_new} RENAME TO {SCHOOL_TABLE}")
                cursor.execute(VOCAB_SQL)
        return RebuildReport(people=people, schools=schools, seconds=time.monotonic() - started)

    @staticmethod
    def _fill(cursor, bounds_sql: str, insert_sql: str, params: list, batch_size: int) -> int:
        cursor.execute(bounds_sql)
        low, high = cursor.fetchone()
        total = 0
        if low is None:
            return 0
        for start in range(low, high + 1, batch_size):
            with transaction.atomic():
                cursor.execute(insert_sql, [*params, start, start + batch_size])
                total += cursor.rowcount
        return total

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
        """Three arms merged in id order: what everyone signed in may see, the viewer's contacts
        whose profile is for contacts, and the viewer themself; people blocked either way left out.
        Each arm is an FTS5 query walked in rowid order, so LIMIT stops it early."""
        base = people_match(terms, filters, expansions)
        blocked = f"rowid NOT IN ({_BLOCKED})"
        me = viewer.user_id
        if viewer.sees_everyone:
            sql = (
                f"SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s AND {blocked} "
                "ORDER BY rowid LIMIT %s OFFSET %s"
            )
            return RawQuery(sql, [base, me, me, limit + 1, offset])
        active = _any("tokens", [d.TOKEN_ACTIVE])
        members = _any("tokens", d.visibility_tokens(["everyone", "members"]))
        contacts = _any("tokens", d.visibility_tokens(["contacts"]))
        sql = (
            f"SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s AND {blocked} "
            f"UNION SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s "
            f"AND rowid IN ({_CONTACTS}) AND {blocked} "
            f"UNION SELECT rowid FROM {PERSON_TABLE} WHERE {PERSON_TABLE} MATCH %s AND rowid = %s "
            "ORDER BY 1 LIMIT %s OFFSET %s"
        )
        params = [
            f"{base} AND {active} AND {members}",
            me,
            me,
            f"{base} AND {active} AND {contacts}",
            me,
            me,
            me,
            me,
            base,
            me,
            limit + 1,
            offset,
        ]
        return RawQuery(sql, params)

    def school_query(self, *, terms: list[str], filters: SchoolFilters, limit: int, offset: int) -> RawQuery:
        parts = ["{name} : " + _prefix(term) for term in terms]
        parts += ["{city} : " + _prefix(term) for term in d.query_terms(filters.city)]
        if filters.countries:
            parts.append(_any("tokens", [d.token(d.PREFIX_COUNTRY, c) for c in filters.countries]))
        if filters.school_types:
            parts.append(_any("tokens", [d.token(d.PREFIX_SCHOOL_TYPE, t) for t in filters.school_types]))
        if not parts:
            parts.append(_any("tokens", [d.TOKEN_ALL]))
        sql = f"SELECT rowid FROM {SCHOOL_TABLE} WHERE {SCHOOL_TABLE} MATCH %s ORDER BY rowid LIMIT %s OFFSET %s"
        return RawQuery(sql, [" AND ".join(parts), limit + 1, offset])

    def fetch_ids(self, query: RawQuery) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(query.sql, query.params)
            return [row[0] for row in cursor.fetchall()]

    def close_words(self, terms: list[str]) -> dict[str, list[str]]:
        """Words of names and schools starting with the same letter, read from the index's vocabulary."""
        found: dict[str, list[str]] = {}
        with connection.cursor() as cursor:
            for term in terms:
                if not max_distance(term):
                    continue
                first = term[0]
                cursor.execute(
                    f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term >= %s AND term < %s "
                    "AND col IN ('names', 'schools')",
                    [first, chr(ord(first) + 1)],
                )
                documents: dict[str, int] = defaultdict(int)
                for word, count in cursor.fetchall():
                    documents[word] += count
                found[term] = close_words(term, documents.items())
        return found
