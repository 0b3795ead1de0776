"""The search index tables, made with each database's own full-text machinery.

SQLite: FTS5 virtual tables and an fts5vocab table. PostgreSQL: the pg_trgm
and unaccent extensions, tsvector tables with GIN indexes and a trigram index
on the words of names. The index is filled by `manage.py search_rebuild` and
kept current by the receivers in twinning/search/signals.py.
"""

from django.db import migrations


# Frozen copies of the statements in backends/sqlite.py and backends/postgres.py at this migration.
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_person_fts USING fts5(names, schools, keywords, tokens, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_school_fts USING fts5(name, city, tokens, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_person_vocab USING fts5vocab(search_person_fts, 'col')",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TABLE IF NOT EXISTS search_person_doc (user_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_school_doc (school_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS search_person_doc_gin ON search_person_doc USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_school_doc_gin ON search_school_doc USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_word_trgm ON search_word USING gist (word gist_trgm_ops)",
]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # (search_word_variant comes with 0002, whose reverse leaves the tables to this one.)
        tables = ["search_person_vocab", "search_person_fts", "search_school_fts", "search_word_variant"]
    elif vendor == "postgresql":
        tables = ["search_person_doc", "search_school_doc", "search_word"]
    else:
        return
    for table in tables:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("profiles", "0001_initial"),
        ("schools", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
