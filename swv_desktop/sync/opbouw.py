"""Building a new replica aside (``sync.aansluiten``): its first, full pull loads every table
without the indexes and the undo triggers of the synchronised tables, which are made again
once all rows are in, in the same transaction (SQLite builds an index from sorted rows far
faster than it keeps one up to date row by row, and an undo trigger's condition is then not
tested for every row). A pull that fails rolls the drops back with everything else.

Only a file marked as being built (``STATE_KEY`` in its state, set by ``aansluiten`` right
after the file was made, and cleared by the pull that fills it) is
loaded this way; any other pull, also a full one on a replica in use, keeps its indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from swv_desktop.sync.protocol import synced_tables

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
    for kind, name, _sql in saved:
        conn.exec_driver_sql(f'DROP {"INDEX" if kind == "index" else "TRIGGER"} "{name}"')
    yield
    for _kind, _name, sql in saved:
        conn.exec_driver_sql(sql)
