"""The project-idea index of the partner-finding forums: one document per idea (see docs/search.md,
"Project ideas").

SQLite: an FTS5 table and a table of word variants for typos. PostgreSQL: a
tsvector table with GIN and a table of words with a trigram index. Both are
filled from the ideas already stored (set-based, like the rebuild).
"""

from django.db import migrations

# Frozen copies of the statements in backends/sqlite.py and backends/postgres.py at this migration.
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_idea_fts USING fts5(title, body, tokens, audience UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TABLE IF NOT EXISTS search_idea_word_variant (variant TEXT NOT NULL, word TEXT NOT NULL, "
    "PRIMARY KEY (variant, word)) WITHOUT ROWID",
]
POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS search_idea_doc (idea_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_idea_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS search_idea_doc_gin ON search_idea_doc USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_idea_word_trgm ON search_idea_word USING gist (word gist_trgm_ops)",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)
    if not statements:
        return
    # Ideas stored before this migration (none on a new site): indexed with the current code.
    from twinning.search.backends import get_backend

    ids = list(apps.get_model("forums", "Idea").objects.values_list("pk", flat=True))
    if ids:
        get_backend().index_ideas(ids)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        tables = ["search_idea_fts", "search_idea_word_variant"]
    elif vendor == "postgresql":
        tables = ["search_idea_doc", "search_idea_word"]
    else:
        return
    for table in tables:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_project_index"),
        ("forums", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
