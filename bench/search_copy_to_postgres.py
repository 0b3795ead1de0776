"""Copy a generated SQLite community into PostgreSQL, to time the PostgreSQL search backend at scale.

    python bench/search_copy_to_postgres.py var/bench.sqlite3 postgres://postgres@127.0.0.1:5432/twinning_bench
    DATABASE_URL=postgres://... python manage.py search_rebuild
    DATABASE_URL=postgres://... python bench/run.py --only search

The PostgreSQL database must be migrated and empty. Copies the tables search
reads (users, schools, profiles, school histories, contacts, blocks, support
services) with COPY, foreign-key checks off during the load, then sets the id
sequences. No signals run: rebuild the search index afterwards. Prints rows
and seconds per table; asserts nothing.
"""

# SQL here is built from table and column names read from the two databases, never from input.
# ruff: noqa: S608

import argparse
import sqlite3
import time

TABLES = [
    "accounts_user",
    "schools_school",
    "profiles_profile",
    "schools_employment",
    "network_contact",
    "network_block",
    "accounts_supportservice",
    "accounts_supportservice_staff",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite_path")
    parser.add_argument("postgres_url")
    args = parser.parse_args()

    import psycopg

    source = sqlite3.connect(f"file:{args.sqlite_path}?mode=ro", uri=True)
    with psycopg.connect(args.postgres_url) as target, target.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no foreign-key triggers during the load
        for table in TABLES:
            started = time.monotonic()
            columns_sql = (
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position"
            )
            types = dict(cursor.execute(columns_sql, (table,)).fetchall())
            present = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
            columns = [name for name in types if name in present]
            booleans = [types[name] == "boolean" for name in columns]
            rows = 0
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    copy.write_row(
                        [bool(v) if is_bool and v is not None else v for v, is_bool in zip(row, booleans, strict=True)]
                    )
                    rows += 1
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}")
            print(f"{table:<32} {rows:>10,} rows in {time.monotonic() - started:.1f} s")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
