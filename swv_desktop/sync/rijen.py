"""Writing rows into a replica in bulk: the undo of the local commands before a pull (one
statement per table run for every row, the driver's ``executemany``), and the pull's rows (one
statement per part, SQLite reading the sent JSON itself: ``insert_json``); foreign keys are
deferred to the commit by the caller (``replica.apply_pull``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Connection
from sqlalchemy import Date
from sqlalchemy import Enum as SAEnum
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import text
from sqlalchemy.orm import Session

from swv_desktop.models import Base
from swv_desktop.models.base import UTCDateTime
from swv_desktop.sync.bereik import ON_DEMAND
from swv_desktop.sync.protocol import Convert
from swv_desktop.sync.protocol import decoders
from swv_desktop.sync.protocol import synced_tables

BUILD_CACHE_KIB = 256 * 1024
"""SQLite's page cache while a full pull rebuilds the replica (``large_cache``)."""


@contextmanager
def large_cache(session: Session, on: bool) -> Iterator[None]:
    """With ``on`` (a full pull: the whole replica written in one transaction) a page cache
    large enough to hold every page the transaction writes: SQLite then neither spills
    half-written pages to the WAL (each encrypted) nor reads index pages back from it (each
    decrypted) while it inserts; the connection's own size comes back afterwards."""
    if not on:
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


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
    for row in session.execute(
        text("SELECT tabel, soort, rij_id, oud FROM sync_laptop_undo ORDER BY volgnummer")
    ):
        first.setdefault((str(row.tabel), int(row.rij_id)), (str(row.soort), row.oud))
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


def insert_json(conn: Connection, tab: Table, names: list[str], rows: str, replace: bool) -> int:
    """Insert (``replace``: or update) the rows of ``tab`` sent as one JSON array of arrays
    (``sync.stroom``) in one statement: SQLite reads the JSON itself (``json_each``), so no
    row becomes a Python object on the way. Each value goes in as ``upsert`` would put it
    (``_to_stored``): as sent, a UTC timestamp by its text (in SQL when it has the form the
    server writes, ``_utc_text`` otherwise), anything else through a Python function. Returns
    the number of rows written."""
    sql, steps = _json_statement(conn, tab, tuple(names), replace)
    raw = conn.connection.dbapi_connection
    assert raw is not None
    for function, convert in steps:
        raw.create_function(function, 1, convert, deterministic=True)
    return int(conn.exec_driver_sql(sql, (rows,)).rowcount)


_UTC_SQL = (
    "CASE WHEN length({v}) = 32 AND substr({v}, 11, 1) = 'T' AND substr({v}, 27) = '+00:00' "
    "THEN substr({v}, 1, 10) || ' ' || substr({v}, 12, 15) ELSE swv_utc({v}) END"
)


def _json_statement(
    conn: Connection, tab: Table, names: tuple[str, ...], replace: bool
) -> tuple[str, list[tuple[str, Callable[[Any], Any]]]]:
    """The ``INSERT ... SELECT ... FROM json_each(?)`` for these sent columns, and the Python
    functions it calls (name, conversion)."""
    values: list[str] = []
    steps: list[tuple[str, Callable[[Any], Any]]] = []
    for i, convert in enumerate(_to_stored(conn, tab, names)):
        value = f"value ->> {i}"
        if convert is _utc_text:
            values.append(_UTC_SQL.format(v=value))
            steps.append(("swv_utc", _or_null(_utc_text)))
        elif convert is not None:
            function = f"swv_kolom_{i}"
            values.append(f"{function}({value})")
            steps.append((function, _or_null(convert)))
        else:
            values.append(value)
    quoted = [f'"{n}"' for n in names]
    sql = (
        f'INSERT INTO "{tab.name}" ({", ".join(quoted)}) '
        f"SELECT {', '.join(values)} FROM json_each(?) WHERE true"
    )
    if replace:
        updates = ", ".join(f"{q} = excluded.{q}" for q in quoted if q != '"id"')
        sql += f' ON CONFLICT ("id") DO UPDATE SET {updates}'
    return sql, steps


def _or_null(convert: Convert) -> Callable[[Any], Any]:
    assert convert is not None
    return lambda value: None if value is None else convert(value)


def _utc_text(value: str) -> Any:
    """A UTC timestamp as sent (``2021-08-01T10:00:00.5+00:00``) as SQLite stores it
    (``2021-08-01 10:00:00.500000``), by its text; another offset through ``datetime``."""
    if len(value) >= 25 and value.endswith("+00:00") and value[10] == "T":
        clock = value[11:-6]
        if len(clock) == 8:
            return f"{value[:10]} {clock}.000000"
        if len(clock) == 15:
            return f"{value[:10]} {clock}"
    stored = UTCDateTime().process_bind_param(datetime.fromisoformat(value), None)
    assert stored is not None
    return stored.strftime("%Y-%m-%d %H:%M:%S.%f")


def _to_stored(conn: Connection, tab: Table, names: tuple[str, ...]) -> list[Convert]:
    """Per sent column how its JSON value becomes what SQLite stores (``None``: as it is).
    Enumerations (checked by the column's CHECK constraint), dates (``YYYY-MM-DD``), booleans
    and plain numbers and text go in as sent; a UTC timestamp by its text (``_utc_text``);
    anything else through its decoder and bind processor."""
    dialect = conn.dialect
    out: list[Convert] = []
    for name, decode in zip(names, decoders(tab, names), strict=True):
        column = tab.c[name]
        kind = column.type
        if isinstance(kind, UTCDateTime):
            out.append(_utc_text)
        elif isinstance(kind, SAEnum | Date | Boolean | Integer | String):
            out.append(None)
        else:
            bind = kind.dialect_impl(dialect).bind_processor(dialect)
            out.append(_chain(decode, bind))
    return out


def _chain(decode: Convert, bind: Convert) -> Convert:
    if decode is None or bind is None:
        return decode or bind
    return lambda value: bind(decode(value))


def fetched_letters(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """The letter bytes this replica fetched (``bereik.ON_DEMAND``), by table: (bytes, id,
    sha256) each, to put back after a full pull has rebuilt the rows (``keep_letters``)."""
    conn = session.connection()
    return {
        name: [
            (r.pdf, r.id, r.sha256)
            for r in conn.exec_driver_sql(
                f'SELECT "{column}" AS pdf, id, sha256 FROM "{name}" WHERE "{column}" IS NOT NULL'
            )
        ]
        for name, column in ON_DEMAND.items()
    }


def keep_letters(conn: Connection, fetched: dict[str, list[tuple[Any, ...]]]) -> None:
    """Put fetched letter bytes back on the rows that came again with the same sha256."""
    for name, rows in fetched.items():
        if rows:
            column = ON_DEMAND[name]
            conn.exec_driver_sql(
                f'UPDATE "{name}" SET "{column}" = ? WHERE id = ? AND sha256 = ?', rows
            )
