"""Writing rows into a replica in bulk: the undo of the local commands before a pull, and the
pull's rows. One statement per table run for every row (the driver's ``executemany``); foreign
keys are deferred to the commit by the caller (``replica.apply_pull``)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlalchemy.orm import Session

from swv_desktop.models import Base
from swv_desktop.sync.protocol import decoders, synced_tables


def undo_tables() -> list[Table]:
    return [*synced_tables(), *(Base.metadata.tables[t] for t in ("audit_entry", "toegangslog"))]


def is_bytes(tab: Table, name: str) -> bool:
    try:
        return tab.c[name].type.python_type is bytes
    except NotImplementedError:
        return False


def undo_all(session: Session) -> None:
    """Put every row a local command touched back as the last pull left it. A row's state
    before the local commands is the before-image of its first undo record: a row first
    inserted locally goes, any other gets that image back; so each table needs one DELETE and
    one upsert, each run for all its rows (foreign keys are deferred to the commit)."""
    tables = {t.name: t for t in undo_tables()}
    first: dict[tuple[str, int], tuple[str, str | None]] = {}
    for name, kind, rij_id, old in session.execute(
        text("SELECT tabel, soort, rij_id, oud FROM sync_laptop_undo ORDER BY volgnummer")
    ):
        first.setdefault((str(name), int(rij_id)), (str(kind), old))
    gone: dict[str, list[tuple[int]]] = {}
    back: dict[str, list[dict[str, Any]]] = {}
    for (name, rij_id), (kind, old) in first.items():
        if kind == "I":
            gone.setdefault(name, []).append((rij_id,))
            continue
        values = json.loads(old or "{}")
        for key in values:
            if values[key] is not None and is_bytes(tables[name], key):
                values[key] = bytes.fromhex(values[key])
        back.setdefault(name, []).append(values)
    conn = session.connection()
    for name, idents in gone.items():
        conn.exec_driver_sql(f'DELETE FROM "{name}" WHERE id = ?', idents)
    for name, images in back.items():
        names = list(images[0])
        _upsert_raw(conn, name, names, [tuple(image[n] for n in names) for image in images])
    session.execute(text("DELETE FROM sync_laptop_undo"))


def _upsert_raw(conn: Connection, name: str, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert or update rows of table ``name`` given as SQLite stores them (one statement,
    run for every row)."""
    quoted = [f'"{n}"' for n in names]
    updates = ", ".join(f"{q} = excluded.{q}" for q in quoted if q != '"id"')
    conn.exec_driver_sql(
        f'INSERT INTO "{name}" ({", ".join(quoted)}) VALUES ({", ".join("?" * len(names))}) '
        f'ON CONFLICT ("id") DO UPDATE SET {updates}',
        rows,
    )


def upsert(conn: Connection, tab: Table, names: list[str], values: list[list[Any]]) -> int:
    """Insert or update the sent rows of ``tab``: one statement run for every row
    (``executemany`` on the driver), each value converted once from JSON to what SQLite stores
    (``protocol.decoders``, then the column type's own bind processor, as an ORM write
    would)."""
    dialect = conn.dialect
    steps = []
    for i, (name, decode) in enumerate(zip(names, decoders(tab, names), strict=True)):
        bind = tab.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if decode is not None or bind is not None:
            steps.append((i, decode, bind))
    if steps:
        for row in values:
            for i, decode, bind in steps:
                value = row[i]
                if value is not None:
                    if decode is not None:
                        value = decode(value)
                    row[i] = value if bind is None else bind(value)
    if values:
        _upsert_raw(conn, tab.name, names, [tuple(r) for r in values])
    return len(values)
