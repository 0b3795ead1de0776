"""SQL pieces both backends share: who is related to the viewer, a teacher's current schools,
filter codes turned into index words, and filling an index in batches of ids."""

from collections.abc import Iterable, Iterator

from django.db import transaction


def code_token(prefix: str, column: str) -> str:
    """SQL turning a vocabulary code into its index word, like documents.token()."""
    return f"' {prefix}' || lower(replace(replace({column}, '-', ''), '+', ''))"


# Joined to a user `u`: the school-history rows and schools they are found by (rows a school refused
# left out). A row with an end date no longer counts, even on its last day: end dates are never in the
# future, so a document written today can never go stale tomorrow without a save to refresh it.
CURRENT_SCHOOLS = (
    "FROM schools_employment e JOIN schools_school s ON s.id = e.school_id "
    "WHERE e.teacher_id = u.id AND e.validation <> 'rejected' AND (e.end_date IS NULL OR e.end_date > %s)"
)
# The ids of the viewer's contacts (a pair is stored once, lower id first); takes the viewer's id twice.
CONTACTS_OF = (
    "SELECT user_high_id FROM network_contact WHERE user_low_id = %s "
    "UNION ALL SELECT user_low_id FROM network_contact WHERE user_high_id = %s"
)
# The ids of the people the viewer blocked or was blocked by; takes the viewer's id twice.
BLOCKED_EITHER_WAY = (
    "SELECT blocked_id FROM network_block WHERE blocker_id = %s "
    "UNION ALL SELECT blocker_id FROM network_block WHERE blocked_id = %s"
)


def chunked(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(int(pk))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def fill_in_batches(cursor, bounds_sql: str, insert_sql: str, params: list, batch_size: int) -> int:
    """Runs `insert_sql` once per range of ids between the bounds `bounds_sql` returns, each range in
    its own transaction (so a rebuild of a million rows never holds one huge write); returns the rows."""
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
