"""The search backend of the database in use: SQLite FTS5 or PostgreSQL full text + trigrams."""

from django.db import connection

from twinning.search.backends.base import SearchBackend


def get_backend() -> SearchBackend:
    """Picked by the database vendor; the backends keep no state, so one instance each is enough."""
    if connection.vendor == "postgresql":
        from twinning.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from twinning.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    raise NotImplementedError(f"No search backend for the {connection.vendor} database.")
