"""Building a new replica aside (``sync.aansluiten``): its first, full pull loads every table
without the indexes and the undo triggers of the synchronised tables, which are made again
once all rows are in, in the same transaction (SQLite builds an index from sorted rows far
faster than it keeps one up to date row by row, and an undo trigger's condition is then not
tested for every row). The CHECK constraints (the enumerations' value lists, an ``IN`` list
tested per row: a large part of SQLite's time) are tested once per constraint over all rows
after the load (``check_constraints``) instead of per row. A pull that fails, or a row that
breaks a constraint, rolls the drops back with everything else.

Only a file marked as being built (``STATE_KEY`` in its state, set by ``aansluiten`` right
after the file was made, and cleared by the pull that fills it) is
loaded this way; any other pull, also a full one on a replica in use, keeps its indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import CheckConstraint
from sqlalchemy import Connection

from swv_desktop.errors import KnownError
from swv_desktop.sync.protocol import synced_tables


class BadRows(KnownError):
    """A row of the bulk load breaks a CHECK constraint (nothing of the pull is kept)."""


STATE_KEY = "opbouw"
"""In ``sync_laptop_staat``: ``"1"`` while the file is being built aside."""


@contextmanager
def bulk_load(conn: Connection, on: bool) -> Iterator[None]:
    """With ``on``: the indexes and triggers of the synchronised tables dropped for the block
    and made again after it, inside the caller's transaction."""
    if not on:
        yield
        return
    names = [t.name for t in synced_tables()]
    marks = ", ".join("?" * len(names))
    saved = conn.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY type, name",
        tuple(names),
    ).all()
    for row in saved:
        conn.exec_driver_sql(f'DROP {"INDEX" if row.type == "index" else "TRIGGER"} "{row.name}"')
    conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        conn.exec_driver_sql("PRAGMA ignore_check_constraints = OFF")
    check_constraints(conn)
    for row in saved:
        conn.exec_driver_sql(row.sql)


def check_constraints(conn: Connection) -> None:
    """Every CHECK constraint of the synchronised tables tested once over all their rows (one
    query each, instead of once per row while they were written); ``BadRows`` names the
    first one that a row breaks."""
    for tab in synced_tables():
        for constraint in tab.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            rule = constraint.sqltext.compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True}
            )
            broken = conn.exec_driver_sql(
                f'SELECT count(*) FROM "{tab.name}" WHERE NOT ({rule})'
            ).scalar()
            if broken:
                raise BadRows(
                    f"De server stuurde {broken} rij(en) voor {tab.name} die niet aan de regel "
                    f"{constraint.name} voldoen; er is niets overgenomen. Meld dit aan de "
                    "beheerder."
                )
