"""The pull: what changed since a laptop's cursor, within its user's scope (``bereik``), from
one consistent snapshot (REPEATABLE READ). A changed row the user may not see (any more) is sent
as a removal, so a pupil who moved to another school leaves the replica; when the scope itself
changed (another set of schools) the whole scope is sent again (``volledig``).

A table's rows travel as ``{"kolommen": [names], "waarden": [[values], ...]}``: the names once,
read as Core tuples and converted per column (``protocol.encode_rows``), masked per table. A
frozen letter travels without its PDF bytes (``bereik.ON_DEMAND``): the laptop fetches those
when the letter is first opened (``sync.brieven``)."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, String, Table, func, select, type_coerce
from sqlalchemy import Enum as SAEnum

from swv_desktop.db import Database
from swv_desktop.models.base import UTCDateTime
from swv_desktop.models.sync import SyncWijziging
from swv_desktop.services.common import Actor
from swv_desktop.sync import bereik
from swv_desktop.sync.protocol import Convert, encode_value, encoder, synced_tables


def pull(db: Database, actor: Actor, cursor: int, scope: str | None) -> dict[str, Any]:
    """What changed since ``cursor`` within the actor's scope; everything in scope when the
    cursor is 0 or the scope changed (``volledig``). One consistent snapshot."""
    with db.read() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        key = bereik.scope_key(session, actor)
        top = int(session.scalar(select(func.coalesce(func.max(SyncWijziging.nummer), 0))) or 0)
        full = cursor <= 0 or scope != key
        rows: dict[str, dict[str, Any]] = {}
        gone: dict[str, list[int]] = {}
        changed: dict[str, set[int]] = {}
        if not full:
            for name, rij_id in session.execute(
                select(SyncWijziging.tabel, SyncWijziging.rij_id).where(
                    SyncWijziging.nummer > cursor
                )
            ):
                changed.setdefault(name, set()).add(int(rij_id))
        conn = session.connection()  # Core rows (tuples), not through the ORM
        for tab in synced_tables():
            query = bereik.visible(actor, tab)
            columns, encoders = _wire_columns(tab, bereik.masker(actor, tab.name) is None)
            if query is not None:
                query = query.with_only_columns(*columns)
            wanted = changed.get(tab.name, set())
            if not full and not wanted:
                continue
            found: list[Any] = []
            if query is not None:
                if full:
                    found = list(conn.execute(query.order_by(tab.c.id)).all())
                else:
                    ordered = sorted(wanted)
                    for i in range(0, len(ordered), 1000):
                        found += conn.execute(
                            query.where(tab.c.id.in_(ordered[i : i + 1000]))
                        ).all()
            if found:
                rows[tab.name] = _wire(actor, tab, columns, encoders, found)
            if not full:
                missing = wanted - {int(r.id) for r in found}
                if missing:
                    gone[tab.name] = sorted(missing)
        return {
            "cursor": top,
            "volledig": full,
            "scope": key,
            "rijen": rows,
            "weg": gone,
            "server_tijd": encode_value(db.clock()),
        }


def _naive_utc(value: datetime) -> str:
    """A stored UTC timestamp as ``protocol.encode_value`` gives the aware one."""
    if value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    return value.isoformat() + "+00:00"


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
) -> dict[str, Any]:
    """A table's rows as sent: the column names once, then each row as a list, masked as the
    actor's replica may hold it (``bereik.masker``, decided once for the table)."""
    names = [c.name for c in columns]
    masking = bereik.masker(actor, tab.name)
    if masking is not None:
        found = [tuple(masking(dict(zip(names, r, strict=True))).values()) for r in found]
    if all(f is None for f in encoders):
        return {"kolommen": names, "waarden": [list(r) for r in found]}
    waarden = [
        [v if f is None or v is None else f(v) for v, f in zip(r, encoders, strict=True)]
        for r in found
    ]
    return {"kolommen": names, "waarden": waarden}
