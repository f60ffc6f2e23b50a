"""The pull: what changed since a laptop's cursor, within its user's scope (``bereik``), from
one consistent snapshot (REPEATABLE READ). A changed row the user may not see (any more) is sent
as a removal, so a pupil who moved to another school leaves the replica; when the scope itself
changed (another set of schools) the whole scope is sent again (``volledig``).

The answer is a stream of lines (``sync.stroom``): a table's rows go in parts of at most
``stroom.PART_ROWS``, the column names once per part, the rows as the driver's tuples (enums,
dates and timestamps already read as their JSON text, ``_wire_columns``) encoded by orjson;
masked rows (``bereik.masker``) take the Python path. A frozen letter travels without its PDF
bytes (``bereik.ON_DEMAND``): the laptop fetches those when the letter is first opened
(``sync.brieven``)."""

from __future__ import annotations

import functools
import logging
import queue
import threading
from collections.abc import AsyncIterator
from collections.abc import Generator
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Connection
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import Enum as SAEnum
from sqlalchemy import Select
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import type_coerce

from swv_desktop.db import Database
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.sync import SyncWijziging
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync import stroom
from swv_desktop.sync.protocol import Convert
from swv_desktop.sync.protocol import encode_value
from swv_desktop.sync.protocol import encoder
from swv_desktop.sync.protocol import synced_tables

log = logging.getLogger(__name__)
AHEAD = 4
"""Parts the server makes before the laptop has read them (``streamed``)."""
UNREAD_S = 300.0
"""A stream whose laptop read nothing for this long is given up (its session closes)."""


def parts(
    db: Database, actor: Actor, cursor: int, scope: str | None
) -> Generator[bytes, None, None]:
    """What changed since ``cursor`` within the actor's scope, as the lines of the stream
    (``sync.stroom``); everything in scope when the cursor is 0 or the scope changed
    (``volledig``). One consistent snapshot, held until the last line."""
    with db.read() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        key = bereik.scope_key(session, actor)
        top = int(session.scalar(select(func.coalesce(func.max(SyncWijziging.nummer), 0))) or 0)
        full = cursor <= 0 or scope != key
        now = encode_value(db.clock())
        yield stroom.line(
            {"kop": {"cursor": top, "volledig": full, "scope": key, "server_tijd": now}}
        )
        changed: dict[str, set[int]] = {}
        if not full:
            for row in session.execute(
                select(SyncWijziging.tabel, SyncWijziging.rij_id).where(
                    SyncWijziging.nummer > cursor
                )
            ):
                changed.setdefault(row.tabel, set()).add(int(row.rij_id))
        conn = session.connection()
        raw = conn.connection.dbapi_connection
        assert raw is not None
        sent = removed = 0
        for tab in synced_tables():
            wanted = changed.get(tab.name, set())
            if not full and not wanted:
                continue
            query = bereik.visible(actor, tab)
            found: set[int] = set()
            if query is not None:
                columns, encoders = _wire_columns(tab, bereik.masker(actor, tab.name) is None)
                names = [c.name for c in columns]
                ident = names.index("id")
                query = query.with_only_columns(*columns)
                if full:
                    queries = [query.order_by(tab.c.id)]
                else:
                    ordered = sorted(wanted)
                    queries = [
                        query.where(tab.c.id.in_(ordered[i : i + 1000]))
                        for i in range(0, len(ordered), 1000)
                    ]
                for one in queries:
                    for chunk in _fetch(conn, raw, one):
                        if not full:
                            found.update(int(r[ident]) for r in chunk)
                        rows = _wire(actor, tab, columns, encoders, chunk)
                        sent += len(rows)
                        yield _rows_part(tab.name, names, rows)
            if not full and (missing := wanted - found):
                removed += len(missing)
                yield stroom.line({"tabel": tab.name, "weg": sorted(missing)})
        yield stroom.line({"einde": {"rijen": sent, "weg": removed}})


async def streamed(produce: Generator[bytes, None, None]) -> AsyncIterator[bytes]:
    """The lines of ``produce`` (``parts``), made on a thread of their own (one session, one
    snapshot, from the first line to the last) up to ``AHEAD`` parts before the laptop has
    read them, so the server encodes the next part while the laptop applies this one. When the
    laptop goes away the thread stops and its session closes; when reading fails the stream
    ends without its last line (``stroom.Incomplete`` on the laptop) and the cause is logged."""
    from starlette.concurrency import run_in_threadpool

    made: queue.Queue[bytes | None] = queue.Queue(AHEAD)
    stop = threading.Event()

    def offer(part: bytes | None) -> bool:
        return stroom.offer(made, part, stop, UNREAD_S)  # gives up on a laptop that stopped reading

    def work() -> None:
        try:
            for part in produce:
                if not offer(part):
                    return
        except Exception as exc:  # noqa: BLE001 - logged; the laptop sees a stream cut short
            log.warning("Ophalen afgebroken (%s)", type(exc).__name__)
        finally:
            produce.close()  # the session closes on this thread
            offer(None)

    threading.Thread(target=work, name="swv-ophalen", daemon=True).start()

    def next_part() -> bytes | None:
        try:
            return made.get(timeout=UNREAD_S + 30)
        except queue.Empty:  # the thread gave up (see ``offer``): end the stream, cut short
            return None

    try:
        while (part := await run_in_threadpool(next_part)) is not None:
            yield part
    finally:
        stop.set()


def _fetch(conn: Connection, raw: Any, query: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``query`` as the driver gives them (tuples, no result processing: the
    columns are already read as JSON needs them, ``_wire_columns``), ``PART_ROWS`` at a time."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    cursor = raw.cursor()
    try:
        cursor.execute(str(compiled), compiled.params)
        while chunk := cursor.fetchmany(stroom.PART_ROWS):
            yield chunk
    finally:
        cursor.close()


def _rows_part(name: str, names: list[str], rows: list[Any]) -> bytes:
    """A part of a table's rows: its header line, then the rows on one line."""
    return stroom.line({"tabel": name, "kolommen": names, "aantal": len(rows)}) + stroom.line(rows)


def _naive_utc(value: datetime) -> str:
    """A stored UTC timestamp as ISO text with its offset, always with microseconds (as
    PostgreSQL's ``to_char`` writes the others, ``_ISO_UTC``)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "+00:00"


def _date(value: date) -> str:
    return value.isoformat()


_ISO_DATE = "YYYY-MM-DD"
_ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'


@functools.cache
def _wire_columns(
    tab: Table, as_text: bool
) -> tuple[list[ColumnElement[Any]], tuple[Convert, ...]]:
    """The columns a pull reads of ``tab`` (``bereik.sent_columns``) and how each value becomes
    JSON. Enumerations are read as their stored text; with ``as_text`` (rows that are not
    masked) PostgreSQL writes dates and UTC timestamps as ISO text itself (``2021-08-01``,
    ``2021-08-01T10:00:00.000000+00:00``), else they are read without the type's conversion
    to an aware ``datetime``. The same JSON values as ``protocol.encode_value`` gives, without
    building a Python object per value only to take it apart again (most of the pull's time
    on a large first sync)."""
    columns: list[ColumnElement[Any]] = []
    encoders: list[Convert] = []
    for column in bereik.sent_columns(tab):
        kind = column.type
        if isinstance(kind, SAEnum):
            columns.append(type_coerce(column, String()).label(column.name))
            encoders.append(None)
        elif isinstance(kind, UTCDateTime | Date) and as_text:
            form = _ISO_UTC if isinstance(kind, UTCDateTime) else _ISO_DATE
            columns.append(type_coerce(func.to_char(column, form), String()).label(column.name))
            encoders.append(None)
        elif isinstance(kind, UTCDateTime):
            columns.append(type_coerce(column, DateTime()).label(column.name))
            encoders.append(_naive_utc)
        elif isinstance(kind, Date):
            columns.append(column)
            encoders.append(_date)
        else:
            columns.append(column)
            encoders.append(encoder(column))
    return columns, tuple(encoders)


def _wire(
    actor: Actor,
    tab: Table,
    columns: list[ColumnElement[Any]],
    encoders: tuple[Convert, ...],
    found: list[Any],
) -> list[Any]:
    """Rows as sent (each a list of values in the order of ``columns``), masked as the actor's
    replica may hold them (``bereik.masker``, decided once for the table); rows that need no
    conversion go as the driver gave them."""
    masking = bereik.masker(actor, tab.name)
    if masking is not None:
        names = [c.name for c in columns]
        found = [tuple(masking(dict(zip(names, r, strict=True))).values()) for r in found]
    if all(f is None for f in encoders):
        return found
    return [
        [v if f is None or v is None else f(v) for v, f in zip(r, encoders, strict=True)]
        for r in found
    ]
