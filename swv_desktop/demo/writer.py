"""Bulk writing of generated demo rows: explicit ids, chunked executemany inserts.

The demo generator builds plain dicts (one per row, with its own primary key) and hands them to a
``RowWriter``; the writer inserts them in foreign-key order in chunks, each chunk in its own
transaction, so a database of 50,000 pupils is written in seconds rather than minutes.
"""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from typing import Any

from sqlalchemy import Table
from sqlalchemy import insert

from swv_desktop.db import Database
from swv_desktop.models import Base


class RowWriter:
    """Collects rows per table and inserts them in chunks (parents before children)."""

    def __init__(self, db: Database, *, chunk_rows: int = 50_000) -> None:
        self.db = db
        self.chunk_rows = chunk_rows
        self.counts: Counter[str] = Counter()
        self._rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        self._next_id: dict[Table, int] = defaultdict(lambda: 1)
        self._pending = 0
        self._order = list(Base.metadata.sorted_tables)

    def add(self, model: type[Base], **values: Any) -> int:
        """Queue one row of ``model``; returns the primary key it will get."""
        table: Table = model.__table__  # type: ignore[assignment]
        row_id = self._next_id[table]
        self._next_id[table] = row_id + 1
        values["id"] = row_id
        self._rows[table].append(values)
        self.counts[table.name] += 1
        self._pending += 1
        if self._pending >= self.chunk_rows:
            self.flush()
        return row_id

    def flush(self) -> None:
        """Insert every queued row (one transaction, tables in dependency order)."""
        if not self._pending:
            return
        with self.db.engine.begin() as conn:
            for table in self._order:
                rows = self._rows.pop(table, None)
                if not rows:
                    continue
                # executemany needs the same keys in every row of one statement
                by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
                for row in rows:
                    by_keys[tuple(row)].append(row)
                for group in by_keys.values():
                    conn.execute(insert(table), group)
        self._pending = 0
