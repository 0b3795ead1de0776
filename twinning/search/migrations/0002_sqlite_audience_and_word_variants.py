"""SQLite: the people table gains an `audience` column (visibility checked on matched rows only)
and typo look-ups move to a table of word variants (see twinning/search/typo.py).

FTS5 tables cannot gain columns, so the index is rebuilt with the current
code: it is derived data, and the rebuild makes the new tables beside the old
ones and swaps them. On a large database this takes minutes (about three at a
million teachers). PostgreSQL is unchanged.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from twinning.search.backends.sqlite import SqliteBackend

    # (The project and idea indexes come with 0003 and 0004: their tables may not exist yet here.)
    SqliteBackend().rebuild(projects=False, ideas=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_tables")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
